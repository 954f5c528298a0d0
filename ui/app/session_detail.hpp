#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "model/byte_range.hpp"
#include "model/event.hpp"

namespace mailscope::gui {

// Walks a list whose elements are made up on the spot by its operator[]: `*it` is a value.
template <typename List, typename Value>
class MadeIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = Value;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = Value;
  MadeIterator() = default;
  MadeIterator(const List* list, std::size_t i) : list_(list), i_(i) {}
  Value operator*() const { return (*list_)[i_]; }
  MadeIterator& operator++() {
    ++i_;
    return *this;
  }
  MadeIterator operator++(int) {
    MadeIterator before = *this;
    ++i_;
    return before;
  }
  bool operator==(const MadeIterator& o) const { return i_ == o.i_; }

 private:
  const List* list_ = nullptr;
  std::size_t i_ = 0;
};

// A session's events as the GUI keeps them: a 28-byte record per event, and the text and
// detail of all of them in one character block per session, with no heap block of their own.
// A mailscope::Event is 128 bytes and its two strings each take a heap block of 32 bytes or
// more once longer than 15 characters; a big capture has millions of events (docs/performance.md,
// "The desktop app on a 1 GiB capture"). The record holds packet numbers, stream offsets and
// lengths in 32 bits and the time as seconds since the list's first event; an event whose values
// do not fit (rare: a stream past 4 GiB, a line of 64 KiB) keeps them in a wide record beside.
// operator[] and the iterator hand out an Event made up on the spot (a value: `const Event& e =
// events[i]` keeps it alive for its scope); the accessors (kind(), packet(), text(), ...) read
// one field without making one.
class EventList {
 public:
  void push_back(const Event& event);
  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  Event operator[](std::size_t i) const;
  Event front() const { return (*this)[0]; }
  Event back() const { return (*this)[size() - 1]; }

  Event::Kind kind(std::size_t i) const {
    return static_cast<Event::Kind>(records_[i].flags & kKindMask);
  }
  Direction direction(std::size_t i) const {
    return records_[i].flags & kServerToClient ? Direction::kServerToClient
                                               : Direction::kClientToServer;
  }
  bool encrypted(std::size_t i) const { return records_[i].flags & kEncrypted; }
  std::uint64_t packet(std::size_t i) const {
    const Record& r = records_[i];
    return r.flags & kWide ? wide_[r.packet].packet : r.packet;
  }
  Timestamp time(std::size_t i) const;
  ByteRange bytes(std::size_t i) const;
  int credential(std::size_t i) const {
    const Record& r = records_[i];
    return r.flags & kWide ? wide_[r.packet].credential : r.credential;
  }
  std::string_view text(std::size_t i) const {
    return std::string_view(chars_).substr(records_[i].text, text_size(i));
  }
  std::string_view detail(std::size_t i) const {
    const std::size_t begin = std::size_t{records_[i].text} + text_size(i);
    const std::size_t end = i + 1 < records_.size() ? records_[i + 1].text : chars_.size();
    return std::string_view(chars_).substr(begin, end - begin);
  }

  using iterator = MadeIterator<EventList, Event>;
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

  // Gives back what the vectors and the character block reserved as they grew.
  void shrink_to_fit();
  std::size_t capacity() const { return records_.capacity(); }
  std::uint64_t record_memory() const;  // heap bytes of the records (and wide records)
  std::uint64_t string_memory() const;  // heap bytes of the character block

 private:
  enum Flags : std::uint8_t {
    kKindMask = 0x07,
    kServerToClient = 0x08,
    kBytesServerToClient = 0x10,
    kEncrypted = 0x20,
    kWide = 0x40,  // packet is an index into wide_, which holds the numbers
  };
  struct Record {
    std::uint32_t packet;   // or the index of the wide record
    std::uint32_t seconds;  // since base_seconds_
    std::uint32_t nanoseconds;
    std::uint32_t begin;   // stream offset of the first byte
    std::uint32_t length;  // of the byte range
    std::uint32_t text;    // offset in chars_; the detail follows the text, up to the next text
    std::uint16_t text_size;
    std::int8_t credential;
    std::uint8_t flags;
  };
  static_assert(sizeof(Record) == 28);
  struct Wide {
    std::uint64_t packet;
    std::int64_t seconds;
    std::uint64_t begin;
    std::uint64_t end;
    std::uint32_t text_size;
    std::int32_t credential;
  };

  std::size_t text_size(std::size_t i) const {
    const Record& r = records_[i];
    return r.flags & kWide ? wide_[r.packet].text_size : r.text_size;
  }

  std::vector<Record> records_;
  std::vector<Wide> wide_;
  std::int64_t base_seconds_ = 0;  // the first event's
  std::string chars_;
};

// A session's stream segments in 24 bytes each (a StreamSegment is 40): packet numbers up to
// 2^48, stream offsets as they are. operator[] and the iterator hand out StreamSegment values.
class SegmentList {
 public:
  void push_back(const StreamSegment& segment);
  std::size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  StreamSegment operator[](std::size_t i) const;

  using iterator = MadeIterator<SegmentList, StreamSegment>;
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }

  void shrink_to_fit() { records_.shrink_to_fit(); }
  std::size_t capacity() const { return records_.capacity(); }
  std::uint64_t memory() const;

 private:
  struct Record {
    std::uint64_t stream_offset;
    std::uint32_t packet_low;
    std::uint32_t length;
    std::uint32_t frame_offset;
    std::uint16_t packet_high;
    Direction direction;
  };
  static_assert(sizeof(Record) == 24);

  std::vector<Record> records_;
};

// What the interactive views keep beside a session: every event and where its bytes were.
struct SessionDetail {
  EventList events;
  SegmentList segments;
};

}  // namespace mailscope::gui
