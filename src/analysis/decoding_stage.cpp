#include "analysis/decoding_stage.hpp"

#include <algorithm>
#include <string>

namespace mailscope {

DecodingStage::~DecodingStage() {
  for (RunningSession* running : running_)
    delete running;
}

SessionHandle DecodingStage::adopt(std::unique_ptr<Session> session) {
  return new RunningSession(std::move(session));
}

void DecodingStage::discard(SessionHandle session) {
  delete session;
}

void DecodingStage::begin(SessionHandle running, std::span<const std::uint64_t> early_packets) {
  running->position = running_.insert(running_.end(), running);
  Session& s = *running->session;
  running->decoder.emplace(s, sink_);
  sink_.on_session_open(s);
  for (std::uint64_t number : early_packets) {
    s.last_packet = std::max(s.last_packet, number);
    sink_.on_session_packet(s, number);
  }
}

SessionHandle DecodingStage::open(std::unique_ptr<Session> session,
                                  std::span<const std::uint64_t> early_packets) {
  SessionHandle running = adopt(std::move(session));
  begin(running, early_packets);
  return running;
}

void DecodingStage::packet(SessionHandle running, std::uint64_t number, Timestamp time) {
  Session& s = *running->session;
  s.last_packet = number;
  s.end = time;
  sink_.on_session_packet(s, number);
}

void DecodingStage::data(SessionHandle running, Direction direction,
                         std::span<const std::uint8_t> bytes, const SegmentOrigin& origin) {
  MailSessionDecoder& decoder = *running->decoder;
  if (decoder.recorder().details()) {
    StreamSegment segment{direction, origin.stream_offset, static_cast<std::uint32_t>(bytes.size()),
                          origin.packet, origin.frame_offset};
    sink_.on_segment(*running->session, segment);
  }
  decoder.on_data(direction, bytes, origin.stream_offset, origin.packet, origin.time);
}

void DecodingStage::gap(SessionHandle running, Direction direction, std::uint64_t byte_count,
                        const SegmentOrigin& origin) {
  running->decoder->on_gap(direction, origin.stream_offset, byte_count, origin.packet, origin.time);
}

void DecodingStage::close(SessionHandle running, const StreamStatusCounts& counts, bool closed) {
  Session& s = *running->session;
  running->decoder->finish();
  auto note = [&s, &counts](StreamStatus status, const char* what) {
    std::uint64_t count = counts[static_cast<int>(status)];
    if (count > 0) s.warnings.push_back(std::to_string(count) + " " + what);
  };
  note(StreamStatus::kRetransmission, "retransmitted segment(s) (identical bytes, ignored)");
  note(StreamStatus::kConflictingOverlap,
       "retransmission(s) with different bytes (the first copy was kept)");
  note(StreamStatus::kOutOfOrder, "time(s) segments arrived out of order (reordered)");
  note(StreamStatus::kPendingLimit, "time(s) too many bytes waited out of order (declared a gap)");
  s.closed = closed;
  sink_.on_session_close(s);
  running_.erase(running->position);
  delete running;
}

}  // namespace mailscope
