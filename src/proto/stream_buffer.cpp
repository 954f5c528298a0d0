#include "proto/stream_buffer.hpp"

#include <cstring>

namespace mailscope {

void StreamBuffer::append(std::span<const std::uint8_t> bytes, std::uint64_t stream_offset,
                          std::uint64_t packet, Timestamp time) {
  if (bytes.empty()) return;
  compact();
  if (empty()) {
    data_.clear();
    consumed_ = 0;
    base_offset_ = stream_offset;
  }
  // While dropping the tail of an overlong line, only bytes after the next LF are kept.
  if (skipping_to_newline_) {
    const void* lf = std::memchr(bytes.data(), '\n', bytes.size());
    if (!lf) {
      base_offset_ = stream_offset + bytes.size();
      return;
    }
    auto skip = static_cast<std::size_t>(static_cast<const std::uint8_t*>(lf) - bytes.data()) + 1;
    skipping_to_newline_ = false;
    bytes = bytes.subspan(skip);
    stream_offset += skip;
    base_offset_ = stream_offset;
    if (bytes.empty()) return;
  }
  data_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  marks_.push_back({stream_offset + bytes.size(), packet, time});
}

std::size_t StreamBuffer::on_gap(std::uint64_t resume_offset, bool resync_to_line) {
  std::size_t dropped = available();
  data_.clear();
  consumed_ = 0;
  marks_.clear();
  base_offset_ = resume_offset;
  skipping_to_newline_ = resync_to_line;
  return dropped;
}

StreamBuffer::Mark StreamBuffer::mark_for(std::uint64_t last_byte_offset) const {
  if (marks_.empty()) return {};
  for (const Mark& m : marks_) {
    if (m.end_offset > last_byte_offset) return m;
  }
  return marks_.back();
}

void StreamBuffer::compact() {
  // Views handed out earlier are invalid from here on, so the consumed prefix can go.
  if (consumed_ == 0) return;
  if (consumed_ == data_.size()) {
    base_offset_ += consumed_;
    data_.clear();
    consumed_ = 0;
  } else if (consumed_ >= 4096 && consumed_ * 2 >= data_.size()) {
    data_.erase(0, consumed_);
    base_offset_ += consumed_;
    consumed_ = 0;
  }
}

void StreamBuffer::advance(std::size_t n) {
  consumed_ += n;
  std::uint64_t now = offset();
  while (!marks_.empty() && marks_.front().end_offset <= now) marks_.pop_front();
}

std::optional<Line> StreamBuffer::next_line() {
  compact();
  std::string_view pending = peek();
  std::size_t lf = pending.find('\n');
  bool overlong = false;
  std::size_t take = 0;
  std::size_t text_length = 0;
  if (lf == std::string_view::npos) {
    if (pending.size() < kMaxLine) return std::nullopt;
    // A line longer than any protocol allows: hand out its start, drop the rest up to LF.
    overlong = true;
    take = pending.size();
    text_length = kMaxLine;
  } else {
    take = lf + 1;
    text_length = lf;
    if (text_length > 0 && pending[text_length - 1] == '\r') --text_length;
    if (text_length > kMaxLine) {
      overlong = true;
      text_length = kMaxLine;
    }
  }
  Line line;
  line.bytes = {direction_, offset(), offset() + text_length};
  // The packet that carried the line's last character (its secret, say), not the CRLF.
  Mark m = mark_for(offset() + (text_length > 0 ? text_length : take) - 1);
  line.packet = m.packet;
  line.time = m.time;
  line.overlong = overlong;
  // Consume after reading the mark, but keep the text valid: compaction happens only when
  // more than half was consumed, and the view is taken before it.
  std::size_t start = consumed_;
  if (overlong && lf == std::string_view::npos) skipping_to_newline_ = true;
  advance(take);
  line.text = std::string_view(data_).substr(start, text_length);
  return line;
}

std::optional<Chunk> StreamBuffer::next_bytes(std::uint64_t max) {
  compact();
  if (empty() || max == 0) return std::nullopt;
  std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(max, available()));
  Chunk chunk;
  chunk.bytes = {direction_, offset(), offset() + take};
  Mark m = mark_for(offset() + take - 1);
  chunk.packet = m.packet;
  chunk.time = m.time;
  std::size_t start = consumed_;
  advance(take);
  chunk.data = {reinterpret_cast<const std::uint8_t*>(data_.data()) + start, take};
  return chunk;
}

}  // namespace mailscope
