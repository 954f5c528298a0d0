// libFuzzer target: the whole pipeline from capture bytes, as `mailscope analyze --json` runs
// it (pcap and pcapng through libpcap, pcapng through our own reader, link, IP, TCP, detection,
// decoders, report).
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Written and removed for each input (see run_capture_input).
  static const std::string path = mailscope::fuzz::capture_scratch_path();
  mailscope::fuzz::run_capture_input({data, size}, path);
  return 0;
}
