#pragma once

#include <cstdint>
#include <vector>

#include "app/session_detail.hpp"
#include "model/byte_range.hpp"

namespace mailscope::gui {

// A stretch of a frame's bytes: what the hex dump highlights.
struct FrameRange {
  std::uint64_t packet = 0;
  std::uint32_t begin = 0;  // offset in the captured frame
  std::uint32_t end = 0;
};

// Where the bytes of `range` (stream offsets of one direction) crossed: one piece per packet
// that carried part of them, through the session's segment map. A retransmitted stretch maps
// to every packet that carried it.
std::vector<FrameRange> frame_ranges(const SegmentList& segments, const ByteRange& range);

// The same, restricted to one packet.
std::vector<FrameRange> frame_ranges_in(const SegmentList& segments, const ByteRange& range,
                                        std::uint64_t packet);

// The TCP payload of `packet` inside its frame, from the segment map (empty when the packet
// carried no stream bytes of the session).
std::vector<FrameRange> payload_ranges(const SegmentList& segments, std::uint64_t packet);

}  // namespace mailscope::gui
