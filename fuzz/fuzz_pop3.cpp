// libFuzzer target: arbitrary client and server bytes, cut and interleaved as the first byte
// says, through a POP3 MailSessionDecoder (see harness.hpp for the input format).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mailscope::fuzz::run_session_input(mailscope::Protocol::kPop3, {data, size});
  return 0;
}
