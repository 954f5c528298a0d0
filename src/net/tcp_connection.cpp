#include "net/tcp_connection.hpp"

namespace mailscope {

TcpConnection::TcpConnection(const Endpoint& first, const Endpoint& second)
    : sinks_{DirectionSink(*this, Side::kFirst), DirectionSink(*this, Side::kSecond)},
      streams_{TcpStreamReassembler(sinks_[0]), TcpStreamReassembler(sinks_[1])} {
  facts_.endpoints[0] = first;
  facts_.endpoints[1] = second;
}

void TcpConnection::attach(std::unique_ptr<ConnectionHandler> handler) {
  handler_ = std::move(handler);
}

void TcpConnection::DirectionSink::on_stream_data(std::span<const std::uint8_t> bytes,
                                                  const SegmentOrigin& origin) {
  if (owner_.handler_) owner_.handler_->on_data(side_, bytes, origin);
}

void TcpConnection::DirectionSink::on_stream_status(StreamStatus status, std::uint64_t byte_count,
                                                    const SegmentOrigin& origin) {
  if (owner_.handler_) owner_.handler_->on_status(side_, status, byte_count, origin);
}

bool TcpConnection::is_new_connection_syn(Side from, const TcpSegment& segment) const {
  if (!segment.has(TcpSegment::kSyn) || segment.has(TcpSegment::kAck)) return false;
  const auto& stream = streams_[static_cast<int>(from)];
  if (!stream.started()) return false;
  if (closed() || fin_[0] || fin_[1]) return true;
  // A different initial sequence number on an open connection: the old one is gone.
  return stream.syn_seen() ? stream.isn() != segment.seq : had_payload_;
}

void TcpConnection::process(Side from, const TcpSegment& segment, const PacketContext& packet) {
  int f = static_cast<int>(from);
  int t = 1 - f;
  last_activity_ = packet.time;
  if (segment.has(TcpSegment::kSyn)) {
    if (segment.has(TcpSegment::kAck)) {
      facts_.syn_ack_from[f] = true;
    } else {
      facts_.syn_from[f] = true;
    }
    streams_[f].on_syn(segment.seq);
  }
  if (handler_) handler_->on_packet(from, segment, packet);
  SegmentOrigin origin{packet.number, packet.time, 0, packet.frame_offset};
  if (!segment.payload.empty()) had_payload_ = true;
  std::uint32_t seq = segment.has(TcpSegment::kSyn) ? segment.seq + 1 : segment.seq;
  streams_[f].on_segment(seq, segment.payload, segment.has(TcpSegment::kFin), origin);
  if (segment.has(TcpSegment::kAck) && !segment.has(TcpSegment::kRst)) {
    streams_[t].on_peer_ack(segment.ack, origin);
  }
  if (segment.has(TcpSegment::kFin)) fin_[f] = true;
  if (segment.has(TcpSegment::kRst)) rst_ = true;
}

void TcpConnection::finish(const PacketContext& last) {
  SegmentOrigin origin{last.number, last.time, 0, 0};
  streams_[0].flush(origin);
  streams_[1].flush(origin);
  if (handler_) handler_->on_finish();
  handler_.reset();
}

}  // namespace mailscope
