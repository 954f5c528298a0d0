#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/types.hpp"

namespace mailscope {

// What the report says of the capture itself.
struct CaptureInfo {
  std::string source;     // file name or interface
  std::string format;     // pcap, pcapng or live
  std::string link_type;  // EN10MB, LINUX_SLL2, ... ("EN10MB,LINUX_SLL2" for mixed pcapng)
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  Timestamp start;
  Timestamp end;
  std::vector<std::string> warnings;
};

}  // namespace mailscope
