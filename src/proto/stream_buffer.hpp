#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/byte_range.hpp"
#include "model/types.hpp"
#include "proto/fifo_queue.hpp"

namespace mailscope {

// Where an item taken from the stream sits and which packet completed it.
struct StreamItem {
  ByteRange bytes;  // for a line: without the line ending
  std::uint64_t packet = 0;
  Timestamp time;
};

struct Line : StreamItem {
  std::string_view text;  // without CR LF; valid until the buffer is next used
  bool overlong = false;  // cut at the line limit; the rest up to the next LF was dropped
  // The first line after bytes went missing: it may be the tail of a line whose start was
  // lost, so the decoder takes it only if it looks like the start of one.
  bool after_gap = false;
};

// The bytes of `token`, a view into `line.text`, as a range of the stream (what the hex view
// highlights for a secret inside a longer line). The whole line when `token` is not in it.
inline ByteRange range_of(const Line& line, std::string_view token) {
  const char* begin = line.text.data();
  if (token.data() < begin || token.data() + token.size() > begin + line.text.size()) {
    return line.bytes;
  }
  auto at = static_cast<std::uint64_t>(token.data() - begin);
  return {line.bytes.direction, line.bytes.begin + at, line.bytes.begin + at + token.size()};
}

struct Chunk : StreamItem {
  std::span<const std::uint8_t> data;  // valid until the buffer is next used
};

// The not-yet-decoded bytes of one direction of a session. Decoders take either lines (CRLF or
// a bare LF, as sloppy clients send) or counted bytes (literals, BDAT chunks) from it. It holds
// at most one line's worth of bytes: memory stays bounded whatever a peer sends.
//
// Appending to an empty buffer borrows the caller's bytes instead of copying them (most
// segments are decoded whole, and a copy per byte is the largest cost of a sniffer); keep()
// copies what is left before the caller's bytes go away.
class StreamBuffer {
 public:
  static constexpr std::size_t kMaxLine = 64 * 1024;

  explicit StreamBuffer(Direction d) : direction_(d) {}

  void append(std::span<const std::uint8_t> bytes, std::uint64_t stream_offset,
              std::uint64_t packet, const Timestamp& time);
  // The bytes passed to append() are about to go away: keep what is not decoded yet.
  void keep();
  // Bytes lost from the capture: what was buffered is dropped, and (when resync_to_line) the
  // next line is marked after_gap. Returns how many buffered bytes were dropped.
  std::size_t on_gap(std::uint64_t resume_offset, bool resync_to_line);

  std::optional<Line> next_line();
  std::optional<Chunk> next_bytes(std::uint64_t max);
  // The raw buffered bytes (for protocol detection), without consuming them.
  std::string_view peek() const {
    return data_ ? std::string_view(data_ + consumed_, size_ - consumed_) : std::string_view();
  }
  std::size_t available() const { return size_ - consumed_; }
  bool empty() const { return available() == 0; }
  Direction direction() const { return direction_; }
  std::uint64_t offset() const { return base_offset_ + consumed_; }  // stream offset of peek()

 private:
  struct Mark {
    std::uint64_t end_offset = 0;  // stream offset one past the last byte of an appended chunk
    std::uint64_t packet = 0;
    Timestamp time;
  };
  // Valid until the buffer is next changed (advance() drops the marks consumed).
  const Mark& mark_for(std::uint64_t last_byte_offset) const;
  void own_remaining();
  void compact();
  void advance(std::size_t n);
  void reset(std::uint64_t offset);

  Direction direction_;
  std::string owned_;
  const char* data_ = nullptr;  // owned_.data(), or the borrowed bytes of the last append()
  std::size_t size_ = 0;
  bool borrowed_ = false;
  std::size_t consumed_ = 0;
  std::uint64_t base_offset_ = 0;  // stream offset of data_[0]
  // The appended chunks not yet fully consumed. Not bounded here: the buffer holds at most a
  // line's bytes (kMaxLine), so at most that many chunks.
  FifoQueue<Mark> marks_{std::numeric_limits<std::size_t>::max()};
  bool skipping_to_newline_ = false;
  bool next_line_after_gap_ = false;
};

}  // namespace mailscope
