// libFuzzer target: a SASL exchange (mechanism, responses, challenges, verdict) through
// SaslExchange and SaslAttempt, and the base64 layer under them (see harness.hpp).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  mailscope::fuzz::run_sasl_input({data, size});
  return 0;
}
