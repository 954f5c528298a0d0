#pragma once

#include <cstdint>
#include <span>

#include "model/types.hpp"

namespace mailscope {

// One captured frame as a packet source hands it out. The bytes stay owned by the source and
// are valid until the next call to PacketSource::next().
struct Packet {
  std::uint64_t number = 0;  // 1-based, as Wireshark counts
  Timestamp time;
  std::uint32_t wire_length = 0;  // original length on the wire (may exceed data.size())
  int link_type = 0;              // libpcap DLT_* value
  std::span<const std::uint8_t> data;
};

}  // namespace mailscope
