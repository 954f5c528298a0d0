#include "net/tcp_stream_reassembler.hpp"

#include <algorithm>

namespace mailscope {

std::string_view to_string(StreamStatus s) {
  switch (s) {
    case StreamStatus::kGap:
      return "gap";
    case StreamStatus::kOutOfOrder:
      return "out-of-order";
    case StreamStatus::kRetransmission:
      return "retransmission";
    case StreamStatus::kConflictingOverlap:
      return "conflicting-overlap";
    case StreamStatus::kPendingLimit:
      return "out-of-order-limit";
  }
  return "gap";
}

void TcpStreamReassembler::on_syn(std::uint32_t isn) {
  if (started_) return;  // a retransmitted SYN, or one after data: keep the stream as it is
  started_ = true;
  syn_seen_ = true;
  isn_ = isn;
  base_seq_ = isn + 1;
}

std::int64_t TcpStreamReassembler::offset_of(std::uint32_t seq) const {
  auto expected = static_cast<std::uint32_t>(base_seq_ + next_);
  auto delta = static_cast<std::int32_t>(seq - expected);
  return static_cast<std::int64_t>(next_) + delta;
}

void TcpStreamReassembler::deliver(std::span<const std::uint8_t> bytes, SegmentOrigin origin) {
  if (bytes.empty()) return;
  origin.stream_offset = next_;
  // Keep the tail of the stream to tell a faithful retransmission from a conflicting one.
  if (!history_) history_ = std::make_unique_for_overwrite<std::uint8_t[]>(kHistoryBytes);
  auto tail = bytes.size() > kHistoryBytes ? bytes.last(kHistoryBytes) : bytes;
  std::uint64_t tail_offset = next_ + (bytes.size() - tail.size());
  std::size_t at = static_cast<std::size_t>(tail_offset % kHistoryBytes);
  std::size_t first = std::min(tail.size(), kHistoryBytes - at);
  std::copy_n(tail.begin(), first, history_.get() + at);
  std::copy(tail.begin() + static_cast<std::ptrdiff_t>(first), tail.end(), history_.get());
  history_held_ = std::min<std::size_t>(kHistoryBytes, history_held_ + bytes.size());
  next_ += bytes.size();
  consumer_->on_stream_data(bytes, origin);
}

void TcpStreamReassembler::check_overlap(std::uint64_t offset, std::span<const std::uint8_t> bytes,
                                         const SegmentOrigin& where) {
  // Compare the part that is still in the history window; older bytes cannot be checked.
  std::uint64_t history_start = next_ - history_held_;
  std::uint64_t begin = std::max(offset, history_start);
  std::uint64_t end = std::min<std::uint64_t>(offset + bytes.size(), next_);
  bool conflict = false;
  for (std::uint64_t at = begin; at < end && !conflict; ++at) {
    conflict = history_[at % kHistoryBytes] != bytes[at - offset];
  }
  consumer_->on_stream_status(
      conflict ? StreamStatus::kConflictingOverlap : StreamStatus::kRetransmission,
      end > offset ? end - offset : 0, where);
}

void TcpStreamReassembler::on_segment(std::uint32_t seq, std::span<const std::uint8_t> payload,
                                      bool fin, const SegmentOrigin& where) {
  if (!started_) {
    if (payload.empty() && !fin) return;
    // No SYN in the capture: the first segment seen starts the stream.
    started_ = true;
    base_seq_ = seq;
  }
  std::int64_t offset = offset_of(seq);
  if (fin) {
    std::int64_t fin_at = offset + static_cast<std::int64_t>(payload.size());
    if (fin_offset_ < 0) fin_offset_ = fin_at;
  }
  if (payload.empty()) return;
  std::int64_t end = offset + static_cast<std::int64_t>(payload.size());
  if (end <= static_cast<std::int64_t>(next_)) {
    // Bytes from before the stream's first byte (a stale segment, or one older than the first
    // seen when the capture has no SYN) cannot be compared: only the part from offset 0 is.
    std::size_t before_start = offset < 0 ? static_cast<std::size_t>(std::min<std::int64_t>(
                                                -offset, static_cast<std::int64_t>(payload.size())))
                                          : 0;
    check_overlap(static_cast<std::uint64_t>(std::max<std::int64_t>(offset, 0)),
                  payload.subspan(before_start), where);
    return;
  }
  if (offset < static_cast<std::int64_t>(next_)) {
    auto overlap = static_cast<std::size_t>(static_cast<std::int64_t>(next_) - offset);
    check_overlap(next_ - overlap, payload.first(overlap), where);
    SegmentOrigin rest = where;
    rest.frame_offset =
        where.frame_offset ? where.frame_offset + static_cast<std::uint32_t>(overlap) : 0;
    payload = payload.subspan(overlap);
    offset = static_cast<std::int64_t>(next_);
    deliver(payload, rest);
    drain_held();
    return;
  }
  if (offset == static_cast<std::int64_t>(next_)) {
    deliver(payload, where);
    drain_held();
    return;
  }
  // Ahead of a hole: hold it (the first copy of each offset wins when draining).
  auto key = static_cast<std::uint64_t>(offset);
  if (!held_.contains(key)) {
    if (!reported_out_of_order_) {
      consumer_->on_stream_status(StreamStatus::kOutOfOrder, payload.size(), where);
      reported_out_of_order_ = true;
    }
    held_.emplace(key, Held{{payload.begin(), payload.end()}, where});
    held_bytes_ += payload.size();
  }
  while (held_bytes_ > kMaxHeldBytes || held_.size() > kMaxHeldSegments) {
    consumer_->on_stream_status(StreamStatus::kPendingLimit, held_bytes_, where);
    skip_to(held_.begin()->first, where);
  }
}

void TcpStreamReassembler::skip_to(std::uint64_t offset, const SegmentOrigin& where) {
  if (offset > next_) {
    SegmentOrigin gap = where;
    gap.stream_offset = next_;
    consumer_->on_stream_status(StreamStatus::kGap, offset - next_, gap);
    next_ = offset;
    history_held_ = 0;
  }
  drain_held();
}

void TcpStreamReassembler::drain_held() {
  while (!held_.empty()) {
    auto it = held_.begin();
    if (it->first > next_) return;
    Held piece = std::move(it->second);
    std::uint64_t offset = it->first;
    held_bytes_ -= piece.bytes.size();
    held_.erase(it);
    std::uint64_t end = offset + piece.bytes.size();
    if (end <= next_) continue;  // wholly covered by bytes delivered meanwhile
    auto skip = static_cast<std::size_t>(next_ - offset);
    SegmentOrigin origin = piece.origin;
    if (origin.frame_offset) origin.frame_offset += static_cast<std::uint32_t>(skip);
    deliver(std::span<const std::uint8_t>(piece.bytes).subspan(skip), origin);
  }
}

void TcpStreamReassembler::on_peer_ack(std::uint32_t ack, const SegmentOrigin& where) {
  if (!started_) return;
  std::int64_t acked = offset_of(ack);
  if (fin_offset_ >= 0) acked = std::min(acked, fin_offset_);
  // Only an acknowledgement of unseen bytes within reason counts; a wild one is noise.
  constexpr std::int64_t kMaxPlausibleJump = std::int64_t{1} << 30;
  if (acked <= static_cast<std::int64_t>(next_) ||
      acked - static_cast<std::int64_t>(next_) > kMaxPlausibleJump) {
    return;
  }
  std::uint64_t target = static_cast<std::uint64_t>(acked);
  if (!held_.empty()) target = std::min(target, held_.begin()->first);
  skip_to(target, where);
}

void TcpStreamReassembler::flush(const SegmentOrigin& where) {
  while (!held_.empty())
    skip_to(held_.begin()->first, where);
}

}  // namespace mailscope
