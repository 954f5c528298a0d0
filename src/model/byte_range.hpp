#pragma once

#include <cstdint>

#include "model/types.hpp"

namespace mailscope {

// Where a decoded item sits in one direction of a reassembled TCP stream. Stream offsets are
// counted from the first byte the capture holds for that direction; the session's segment map
// (Session::segments) turns them back into packets and frame bytes for the hex view.
struct ByteRange {
  Direction direction = Direction::kClientToServer;
  std::uint64_t begin = 0;  // stream offset of the first byte
  std::uint64_t end = 0;    // one past the last byte

  std::uint64_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
};

// One stretch of a stream as it was carried by one packet.
struct StreamSegment {
  Direction direction = Direction::kClientToServer;
  std::uint64_t stream_offset = 0;
  std::uint32_t length = 0;
  std::uint64_t packet = 0;        // 1-based packet number
  std::uint32_t frame_offset = 0;  // where these bytes start inside the captured frame
};

}  // namespace mailscope
