// libFuzzer target: the whole pipeline from capture bytes, as `mailscope analyze --json` runs
// it (pcap and pcapng through libpcap, pcapng through our own reader, link, IP, TCP, detection,
// decoders, report).
#include <cstdio>

#include "harness.hpp"

namespace {

struct ScratchFile {
  std::string path = mailscope::fuzz::capture_scratch_path();
  ~ScratchFile() { std::remove(path.c_str()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const ScratchFile scratch;
  mailscope::fuzz::run_capture_input({data, size}, scratch.path);
  return 0;
}
