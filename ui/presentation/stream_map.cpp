#include "presentation/stream_map.hpp"

#include <algorithm>

namespace mailscope::gui {
namespace {

bool overlap(const StreamSegment& s, const ByteRange& range, FrameRange& out) {
  // Offset 0 means "not in one frame" (bytes of a reassembled IP datagram): nothing to point at.
  if (s.direction != range.direction || s.frame_offset == 0) return false;
  const std::uint64_t seg_end = s.stream_offset + s.length;
  const std::uint64_t begin = std::max(range.begin, s.stream_offset);
  const std::uint64_t end = std::min(range.end, seg_end);
  if (begin >= end) return false;
  out.packet = s.packet;
  out.begin = s.frame_offset + static_cast<std::uint32_t>(begin - s.stream_offset);
  out.end = s.frame_offset + static_cast<std::uint32_t>(end - s.stream_offset);
  return true;
}

}  // namespace

std::vector<FrameRange> frame_ranges(const SegmentList& segments, const ByteRange& range) {
  std::vector<FrameRange> out;
  if (range.empty()) return out;
  for (const StreamSegment s : segments) {
    FrameRange r;
    if (overlap(s, range, r)) out.push_back(r);
  }
  return out;
}

std::vector<FrameRange> frame_ranges_in(const SegmentList& segments, const ByteRange& range,
                                        std::uint64_t packet) {
  std::vector<FrameRange> out;
  if (range.empty()) return out;
  for (const StreamSegment s : segments) {
    FrameRange r;
    if (s.packet == packet && overlap(s, range, r)) out.push_back(r);
  }
  return out;
}

std::vector<FrameRange> payload_ranges(const SegmentList& segments, std::uint64_t packet) {
  std::vector<FrameRange> out;
  for (const StreamSegment s : segments) {
    if (s.packet == packet && s.frame_offset != 0)
      out.push_back({s.packet, s.frame_offset, s.frame_offset + s.length});
  }
  return out;
}

}  // namespace mailscope::gui
