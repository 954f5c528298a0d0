#include "proto/stream_buffer.hpp"

#include <cstring>

namespace mailscope {

void StreamBuffer::reset(std::uint64_t offset) {
  owned_.clear();
  data_ = nullptr;
  size_ = 0;
  borrowed_ = false;
  consumed_ = 0;
  base_offset_ = offset;
}

void StreamBuffer::own_remaining() {
  if (!borrowed_) return;
  owned_.assign(data_ + consumed_, size_ - consumed_);
  base_offset_ += consumed_;
  consumed_ = 0;
  data_ = owned_.data();
  size_ = owned_.size();
  borrowed_ = false;
}

void StreamBuffer::keep() {
  if (borrowed_ && empty()) {
    reset(offset());
  } else {
    own_remaining();
  }
}

void StreamBuffer::append(std::span<const std::uint8_t> bytes, std::uint64_t stream_offset,
                          std::uint64_t packet, const Timestamp& time) {
  if (bytes.empty()) return;
  // While dropping the tail of an overlong line, only bytes after the next LF are kept.
  if (skipping_to_newline_ && empty()) {
    const void* lf = std::memchr(bytes.data(), '\n', bytes.size());
    if (!lf) {
      reset(stream_offset + bytes.size());
      return;
    }
    auto skip = static_cast<std::size_t>(static_cast<const std::uint8_t*>(lf) - bytes.data()) + 1;
    skipping_to_newline_ = false;
    bytes = bytes.subspan(skip);
    stream_offset += skip;
    if (bytes.empty()) {
      reset(stream_offset);
      return;
    }
  }
  const char* chars = reinterpret_cast<const char*>(bytes.data());
  if (empty()) {
    reset(stream_offset);
    data_ = chars;
    size_ = bytes.size();
    borrowed_ = true;
  } else {
    own_remaining();
    compact();
    owned_.append(chars, bytes.size());
    data_ = owned_.data();
    size_ = owned_.size();
  }
  marks_.push_back({stream_offset + bytes.size(), packet, time});
}

std::size_t StreamBuffer::on_gap(std::uint64_t resume_offset, bool resync_to_line) {
  std::size_t dropped = available();
  reset(resume_offset);
  marks_.clear();
  skipping_to_newline_ = false;
  next_line_after_gap_ = resync_to_line;
  return dropped;
}

const StreamBuffer::Mark& StreamBuffer::mark_for(std::uint64_t last_byte_offset) const {
  static constexpr Mark kNone{};
  if (marks_.empty()) return kNone;
  for (const Mark& m : marks_) {
    if (m.end_offset > last_byte_offset) return m;
  }
  return marks_.back();
}

void StreamBuffer::compact() {
  // Views handed out earlier are invalid from here on, so the consumed prefix can go.
  if (borrowed_ || consumed_ == 0) return;
  if (consumed_ == size_) {
    reset(offset());
  } else if (consumed_ >= 4096 && consumed_ * 2 >= size_) {
    owned_.erase(0, consumed_);
    base_offset_ += consumed_;
    consumed_ = 0;
    data_ = owned_.data();
    size_ = owned_.size();
  }
}

void StreamBuffer::advance(std::size_t n) {
  consumed_ += n;
  std::uint64_t now = offset();
  while (!marks_.empty() && marks_.front().end_offset <= now)
    marks_.pop_front();
}

// next_line() and next_bytes() build their item in the optional they return, one object
// returned on every path so that it is the caller's (NRVO): an item built beside it and then
// copied in was written field by field and read back 16 bytes at a time, loads the store buffer
// cannot forward, and that copy was 7 % of the decoding thread's time (perf, real capture).
std::optional<Line> StreamBuffer::next_line() {
  std::optional<Line> result;
  compact();
  std::string_view pending = peek();
  const void* found = pending.empty() ? nullptr : std::memchr(pending.data(), '\n', pending.size());
  bool overlong = false;
  std::size_t take = 0;
  std::size_t text_length = 0;
  if (!found) {
    if (pending.size() < kMaxLine) return result;
    // A line longer than any protocol allows: hand out its start, drop the rest up to LF.
    overlong = true;
    take = pending.size();
    text_length = kMaxLine;
    skipping_to_newline_ = true;
  } else {
    std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(found) - pending.data());
    take = lf + 1;
    text_length = lf;
    if (text_length > 0 && pending[text_length - 1] == '\r') --text_length;
    if (text_length > kMaxLine) {
      overlong = true;
      text_length = kMaxLine;
    }
  }
  Line& line = result.emplace();
  line.bytes = {direction_, offset(), offset() + text_length};
  // The packet that carried the line's last character (its secret, say), not the CRLF.
  const Mark& m = mark_for(offset() + (text_length > 0 ? text_length : take) - 1);
  line.packet = m.packet;
  line.time = m.time;
  line.overlong = overlong;
  line.after_gap = next_line_after_gap_;
  next_line_after_gap_ = false;
  line.text = pending.substr(0, text_length);
  advance(take);
  return result;
}

std::optional<Chunk> StreamBuffer::next_bytes(std::uint64_t max) {
  std::optional<Chunk> result;
  compact();
  if (empty() || max == 0) return result;
  std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(max, available()));
  Chunk& chunk = result.emplace();
  chunk.bytes = {direction_, offset(), offset() + take};
  const Mark& m = mark_for(offset() + take - 1);
  chunk.packet = m.packet;
  chunk.time = m.time;
  chunk.data = {reinterpret_cast<const std::uint8_t*>(data_ + consumed_), take};
  next_line_after_gap_ = false;  // counted bytes went on through the hole
  advance(take);
  return result;
}

}  // namespace mailscope
