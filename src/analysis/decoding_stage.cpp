#include "analysis/decoding_stage.hpp"

#include <algorithm>
#include <string>

namespace mailscope {
namespace {

// Before the dialogue says more (AUTH or not), the port tells the likely hop.
Hop provisional_hop(const Session& s) {
  switch (s.protocol) {
    case Protocol::kImap:
    case Protocol::kPop3:
      return Hop::kRetrieval;
    case Protocol::kSmtp:
      return s.server.port == 587 || s.server.port == 465 ? Hop::kSubmission : Hop::kRelay;
    case Protocol::kUnknown:
      break;
  }
  return Hop::kUnknown;
}

}  // namespace

SessionHandle DecodingStage::open(const SessionStart& start,
                                  std::span<const std::uint64_t> early_packets) {
  SessionHandle number = numbers_.take();
  begin(number, start, early_packets);
  return number;
}

void DecodingStage::close(SessionHandle number, const StreamStatusCounts& counts, bool closed) {
  end(number, counts, closed);
  numbers_.give_back(number);
}

void DecodingStage::begin(SessionHandle number, const SessionStart& start,
                          std::span<const std::uint64_t> early_packets) {
  if (number >= running_.size()) running_.resize(number + 1);
  if (!running_[number]) running_[number] = std::make_unique<Running>();
  Running& r = *running_[number];
  Session& s = r.session;
  s = Session{};
  s.id = start.id;
  s.protocol = start.protocol;
  s.client = start.client;
  s.server = start.server;
  s.first_packet = start.first_packet;
  s.start = start.start;
  s.last_packet = start.first_packet;
  s.end = start.start;
  s.hop = provisional_hop(s);
  if (!start.handshake_seen) {
    s.warnings.push_back("the capture starts after the connection was opened (no TCP handshake)");
  }
  if (!start.via.empty()) {
    s.warnings.push_back("mail runs through a proxy (" + std::string(start.via) + ")");
  }
  r.decoder.emplace(s, sink_);
  sink_.on_session_open(s);
  for (std::uint64_t packet : early_packets) {
    s.last_packet = std::max(s.last_packet, packet);
    if (wants_packets_) sink_.on_session_packet(s, packet);
  }
}

void DecodingStage::packet(SessionHandle number, std::uint64_t packet, const Timestamp& time) {
  catch_up(number, packet, time);
  if (wants_packets_) sink_.on_session_packet(running(number).session, packet);
}

void DecodingStage::catch_up(SessionHandle number, std::uint64_t packet, const Timestamp& time) {
  Session& s = running(number).session;
  s.last_packet = packet;
  s.end = time;
}

void DecodingStage::data(SessionHandle number, Direction direction,
                         std::span<const std::uint8_t> bytes, const SegmentOrigin& origin) {
  Running& r = running(number);
  if (r.decoder->recorder().details()) {
    StreamSegment segment{direction, origin.stream_offset, static_cast<std::uint32_t>(bytes.size()),
                          origin.packet, origin.frame_offset};
    sink_.on_segment(r.session, segment);
  }
  r.decoder->on_data(direction, bytes, origin.stream_offset, origin.packet, origin.time);
}

void DecodingStage::gap(SessionHandle number, Direction direction, std::uint64_t byte_count,
                        const SegmentOrigin& origin) {
  running(number).decoder->on_gap(direction, origin.stream_offset, byte_count, origin.packet,
                                  origin.time);
}

void DecodingStage::end(SessionHandle number, const StreamStatusCounts& counts, bool closed) {
  Running& r = running(number);
  Session& s = r.session;
  r.decoder->finish();
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
  r.decoder.reset();
  s = Session{};  // what it held goes now, not when the number is next used
}

}  // namespace mailscope
