#include "app/session_detail.hpp"

#include <algorithm>
#include <limits>

#include "app/model_memory.hpp"

namespace mailscope::gui {

void EventList::push_back(const Event& event) {
  constexpr std::uint64_t k32 = std::numeric_limits<std::uint32_t>::max();
  // A session's text and detail stay far below 4 GiB (lines and summaries: the GUI could not
  // hold such a session anyway); past it, what does not fit is left out rather than wrapped.
  const std::size_t used = std::min<std::size_t>(k32, chars_.size());
  const std::size_t room = k32 - used;
  const std::string_view text = std::string_view(event.text).substr(0, room);
  const std::string_view detail = std::string_view(event.detail).substr(0, room - text.size());
  if (records_.empty()) base_seconds_ = event.time.seconds;
  const std::int64_t seconds = event.time.seconds - base_seconds_;
  const bool fits = event.packet <= k32 && seconds >= 0 &&
                    static_cast<std::uint64_t>(seconds) <= k32 && event.bytes.begin <= k32 &&
                    event.bytes.end >= event.bytes.begin &&
                    event.bytes.end - event.bytes.begin <= k32 &&
                    text.size() <= std::numeric_limits<std::uint16_t>::max() &&
                    event.credential >= std::numeric_limits<std::int8_t>::min() &&
                    event.credential <= std::numeric_limits<std::int8_t>::max();
  Record r{};
  r.nanoseconds = event.time.nanoseconds;
  r.text = static_cast<std::uint32_t>(used);
  r.flags = static_cast<std::uint8_t>(static_cast<std::uint8_t>(event.kind) & kKindMask);
  if (event.direction == Direction::kServerToClient) r.flags |= kServerToClient;
  if (event.bytes.direction == Direction::kServerToClient) r.flags |= kBytesServerToClient;
  if (event.encrypted) r.flags |= kEncrypted;
  if (fits) {
    r.packet = static_cast<std::uint32_t>(event.packet);
    r.seconds = static_cast<std::uint32_t>(seconds);
    r.begin = static_cast<std::uint32_t>(event.bytes.begin);
    r.length = static_cast<std::uint32_t>(event.bytes.end - event.bytes.begin);
    r.text_size = static_cast<std::uint16_t>(text.size());
    r.credential = static_cast<std::int8_t>(event.credential);
  } else {
    r.flags |= kWide;
    r.packet = static_cast<std::uint32_t>(wide_.size());
    wide_.push_back({event.packet, event.time.seconds, event.bytes.begin, event.bytes.end,
                     static_cast<std::uint32_t>(text.size()), event.credential});
  }
  records_.push_back(r);
  chars_.append(text);
  chars_.append(detail);
}

Timestamp EventList::time(std::size_t i) const {
  const Record& r = records_[i];
  if (r.flags & kWide) return {wide_[r.packet].seconds, r.nanoseconds};
  return {base_seconds_ + r.seconds, r.nanoseconds};
}

ByteRange EventList::bytes(std::size_t i) const {
  const Record& r = records_[i];
  const Direction d =
      r.flags & kBytesServerToClient ? Direction::kServerToClient : Direction::kClientToServer;
  if (r.flags & kWide) return {d, wide_[r.packet].begin, wide_[r.packet].end};
  return {d, r.begin, std::uint64_t{r.begin} + r.length};
}

Event EventList::operator[](std::size_t i) const {
  Event e;
  e.kind = kind(i);
  e.direction = direction(i);
  e.packet = packet(i);
  e.time = time(i);
  e.bytes = bytes(i);
  e.encrypted = encrypted(i);
  e.credential = credential(i);
  e.text = text(i);
  e.detail = detail(i);
  return e;
}

void EventList::shrink_to_fit() {
  records_.shrink_to_fit();
  wide_.shrink_to_fit();
  chars_.shrink_to_fit();
}

std::uint64_t EventList::record_memory() const {
  return heap_block(records_.capacity() * sizeof(Record)) +
         heap_block(wide_.capacity() * sizeof(Wide));
}

std::uint64_t EventList::string_memory() const {
  return chars_.capacity() > 15 ? heap_block(chars_.capacity() + 1) : 0;
}

void SegmentList::push_back(const StreamSegment& segment) {
  Record r{};
  r.stream_offset = segment.stream_offset;
  r.packet_low = static_cast<std::uint32_t>(segment.packet);
  r.packet_high = static_cast<std::uint16_t>(segment.packet >> 32);
  r.length = segment.length;
  r.frame_offset = segment.frame_offset;
  r.direction = segment.direction;
  records_.push_back(r);
}

StreamSegment SegmentList::operator[](std::size_t i) const {
  const Record& r = records_[i];
  StreamSegment s;
  s.direction = r.direction;
  s.stream_offset = r.stream_offset;
  s.length = r.length;
  s.packet = (std::uint64_t{r.packet_high} << 32) | r.packet_low;
  s.frame_offset = r.frame_offset;
  return s;
}

std::uint64_t SegmentList::memory() const {
  return heap_block(records_.capacity() * sizeof(Record));
}

}  // namespace mailscope::gui
