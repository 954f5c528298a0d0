// libFuzzer target: TlsRecordStream, parse_client_hello, parse_server_hello and
// parse_certificate_message on arbitrary bytes (see harness.hpp for the input format).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mailscope::fuzz::run_tls_input({data, size});
  return 0;
}
