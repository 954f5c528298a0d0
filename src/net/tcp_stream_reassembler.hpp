#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "model/types.hpp"

namespace mailscope {

// Where a delivered stretch of bytes came from.
struct SegmentOrigin {
  std::uint64_t packet = 0;
  Timestamp time;
  std::uint64_t stream_offset = 0;  // offset of the first delivered byte in this direction
  std::uint32_t frame_offset = 0;   // where those bytes start in the captured frame (0: rebuilt)
};

// Status events of reassembly. They are reported beside the data, never inside it.
enum class StreamStatus : std::uint8_t {
  kGap,                 // bytes missing from the capture; delivery resumes after them
  kOutOfOrder,          // a segment arrived ahead of a missing one and was held
  kRetransmission,      // bytes already delivered arrived again (identical)
  kConflictingOverlap,  // bytes already delivered arrived again with other content
  kPendingLimit,        // too much held out of order: the hole was declared a gap
};

std::string_view to_string(StreamStatus s);

class StreamConsumer {
 public:
  virtual ~StreamConsumer() = default;
  virtual void on_stream_data(std::span<const std::uint8_t> bytes, const SegmentOrigin& origin) = 0;
  virtual void on_stream_status(StreamStatus status, std::uint64_t byte_count,
                                const SegmentOrigin& origin) = 0;
};

// Rebuilds one direction of a TCP connection: in-order bytes are delivered at once; segments
// ahead of a hole wait (bounded); a hole is declared a gap when the peer acknowledges bytes the
// capture never held, when the held bytes pass the limit, or at the end. Overlaps: the first
// copy wins.
class TcpStreamReassembler {
 public:
  static constexpr std::size_t kMaxHeldBytes = 1U << 20;
  static constexpr std::size_t kMaxHeldSegments = 2048;
  static constexpr std::size_t kHistoryBytes = 8192;  // kept to compare retransmissions

  explicit TcpStreamReassembler(StreamConsumer& consumer) : consumer_(&consumer) {}

  void set_consumer(StreamConsumer& consumer) { consumer_ = &consumer; }
  void on_syn(std::uint32_t isn);
  void on_segment(std::uint32_t seq, std::span<const std::uint8_t> payload, bool fin,
                  const SegmentOrigin& where);
  // The other direction acknowledged up to `ack`: bytes before it that never showed are lost.
  void on_peer_ack(std::uint32_t ack, const SegmentOrigin& where);
  // The connection is over: held bytes are delivered after declaring the holes gaps.
  void flush(const SegmentOrigin& where);

  bool started() const { return started_; }
  bool syn_seen() const { return syn_seen_; }
  std::uint32_t isn() const { return isn_; }
  bool fin_reached() const {
    return fin_offset_ >= 0 && next_ >= static_cast<std::uint64_t>(fin_offset_);
  }
  std::uint64_t delivered() const { return next_; }
  std::size_t held_bytes() const { return held_bytes_; }

 private:
  struct Held {
    std::vector<std::uint8_t> bytes;
    SegmentOrigin origin;
  };

  std::int64_t offset_of(std::uint32_t seq) const;
  void deliver(std::span<const std::uint8_t> bytes, SegmentOrigin origin);
  void check_overlap(std::uint64_t offset, std::span<const std::uint8_t> bytes,
                     const SegmentOrigin& where);
  void drain_held();
  void skip_to(std::uint64_t offset, const SegmentOrigin& where);

  StreamConsumer* consumer_;
  bool started_ = false;
  bool syn_seen_ = false;
  std::uint32_t isn_ = 0;
  std::uint32_t base_seq_ = 0;  // sequence number of stream offset 0
  std::uint64_t next_ = 0;      // next stream offset to deliver
  std::int64_t fin_offset_ = -1;
  std::map<std::uint64_t, Held> held_;
  std::size_t held_bytes_ = 0;
  // The last kHistoryBytes delivered, as a ring (allocated on first use): history_[i] holds
  // the byte at stream offset o where o % kHistoryBytes == i, for o in [next_ - held, next_).
  // Left uninitialised: only those bytes are ever read, and zeroing 16 KiB a connection cost
  // more than the copying into it on captures of many short sessions.
  std::unique_ptr<std::uint8_t[]> history_;
  std::size_t history_held_ = 0;
  bool reported_out_of_order_ = false;
};

}  // namespace mailscope
