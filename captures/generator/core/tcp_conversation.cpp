#include "core/tcp_conversation.h"

#include <algorithm>
#include <stdexcept>

#include "core/tcp_ip_packet.h"

namespace capgen {
namespace {

constexpr std::size_t kMss = 1448;  // 1500 - 20 (IPv4) - 20 (TCP) - 12 (timestamp option)
constexpr double kDelayedAckMs = 40.0;
constexpr double kRetransmitTimeoutMs = 204.0;

std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 1469598103934665603ull) {
  for (const char c : text) {
    h ^= static_cast<std::uint8_t>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::int64_t ms_to_ns(double ms) {
  return static_cast<std::int64_t>(ms * 1e6);
}

Bytes syn_options(std::uint32_t tsval, std::uint32_t tsecr) {
  // Linux order: MSS 1460, SACK permitted, timestamps, NOP, window scale 7.
  Bytes o = {2, 4, 0x05, 0xb4, 4, 2, 8, 10};
  put_be32(o, tsval);
  put_be32(o, tsecr);
  o.insert(o.end(), {1, 3, 3, 7});
  return o;
}

Bytes timestamp_options(std::uint32_t tsval, std::uint32_t tsecr) {
  Bytes o = {1, 1, 8, 10};
  put_be32(o, tsval);
  put_be32(o, tsecr);
  return o;
}

}  // namespace

std::uint64_t Sent::frame_at(std::size_t offset) const {
  for (const Piece& p : pieces) {
    if (offset >= p.begin && offset < p.end) return p.frame;
  }
  throw std::out_of_range("offset outside the sent payload");
}

std::uint64_t Sent::frame_ending_line_with(std::string_view needle) const {
  const std::size_t at = payload.find(needle);
  if (at == std::string::npos) throw std::invalid_argument("needle not in payload");
  const std::size_t lf = payload.find('\n', at);
  if (lf == std::string::npos) throw std::invalid_argument("line has no end");
  return frame_at(lf);
}

TcpConversation::TcpConversation(const ConversationSpec& spec, std::uint64_t& next_frame_id)
    : spec_(spec), next_frame_id_(next_frame_id) {
  rng_ = fnv1a(spec.client.str() + ">" + spec.server.str() + "@" + std::to_string(spec.start_ns));
  client_.endpoint = spec.client;
  server_.endpoint = spec.server;
  client_.mac = spec.client_mac;
  server_.mac = spec.server_mac;
  client_.ttl = spec.client_ttl;
  server_.ttl = spec.server_ttl;
  for (SideState* s : {&client_, &server_}) {
    const std::uint64_t r = splitmix64(rng_);
    s->isn = static_cast<std::uint32_t>(r);
    s->ip_id = static_cast<std::uint16_t>(r >> 32);
    s->flow_label = static_cast<std::uint32_t>(r >> 40) & 0xfffff;
    s->ts_offset = static_cast<std::uint32_t>(splitmix64(rng_)) & 0x7fffffff;
  }
  if (spec.client_isn != 0) client_.isn = spec.client_isn;
  if (spec.server_isn != 0) server_.isn = spec.server_isn;
  client_.next_seq = client_.acked_by_peer = client_.isn;
  server_.next_seq = server_.acked_by_peer = server_.isn;
  client_.window = 502;  // 64240 after window scale 7, as Linux shows it
  server_.window = 509;
  now_ns_ = spec.start_ns;
}

double TcpConversation::jitter_ms(double lo, double hi) {
  const double unit = static_cast<double>(splitmix64(rng_) >> 11) / 9007199254740992.0;
  return lo + (hi - lo) * unit;
}

std::int64_t TcpConversation::next_time(Side from) {
  double gap_ms = 0;
  if (last_sender_ == from) {
    gap_ms = jitter_ms(0.01, 0.06);  // the same host writing again
  } else {
    const bool far = from != spec_.near;
    const double processing = from == Side::kServer ? jitter_ms(0.15, 0.7) : jitter_ms(0.3, 1.6);
    gap_ms = (far ? spec_.rtt_ms : 0.0) + processing;
  }
  std::int64_t t = now_ns_ + pending_delay_ns_ + ms_to_ns(gap_ms);
  pending_delay_ns_ = 0;
  return t;
}

std::uint64_t TcpConversation::emit(Side from, std::int64_t t, std::uint32_t seq,
                                    std::uint8_t flags, std::span<const std::uint8_t> payload,
                                    bool with_syn_options) {
  SideState& me = state(from);
  SideState& other = state(peer_of(from));
  const auto tsval = static_cast<std::uint32_t>(me.ts_offset + (t - spec_.start_ns) / 1000000);
  TcpSegment s;
  s.src = me.endpoint;
  s.dst = other.endpoint;
  s.seq = seq;
  s.flags = flags;
  if (flags & tcp_flag::kAck) {
    s.ack = other.next_seq;
    other.acked_by_peer = other.next_seq;
  }
  s.window = (flags & tcp_flag::kSyn) ? (from == Side::kClient ? 64240 : 65160) : me.window;
  s.options = with_syn_options ? syn_options(tsval, other.last_tsval)
                               : timestamp_options(tsval, other.last_tsval);
  s.payload = payload;
  s.ip_id = me.ip_id++;
  s.flow_label = me.flow_label;
  s.ttl = me.ttl;
  me.last_tsval = tsval;

  Frame f;
  f.id = next_frame_id_++;
  f.time_ns = t;
  f.sender = from;
  f.ip = build_tcp_ip_packet(s);
  f.src_mac = me.mac;
  f.dst_mac = other.mac;
  f.captured = capturing_;
  frames_.push_back(std::move(f));
  now_ns_ = std::max(now_ns_, t);
  return frames_.back().id;
}

void TcpConversation::emit_ack(Side from, std::int64_t t) {
  emit(from, t, state(from).next_seq, tcp_flag::kAck, {}, false);
}

void TcpConversation::flush_delayed_acks(std::int64_t before_ns) {
  for (const Side data_side : {Side::kClient, Side::kServer}) {
    SideState& s = state(data_side);
    if (s.acked_by_peer == s.next_seq) continue;
    const Side acker = peer_of(data_side);
    const double travel = acker != spec_.near ? spec_.rtt_ms : 0.0;
    const std::int64_t ack_time = s.last_data_ns + ms_to_ns(travel + kDelayedAckMs);
    if (ack_time < before_ns) {
      const std::int64_t saved_now = now_ns_;
      emit_ack(acker, ack_time);
      now_ns_ = std::max(saved_now, ack_time);
    }
  }
}

void TcpConversation::connect() {
  const std::int64_t t0 = now_ns_ + pending_delay_ns_;
  pending_delay_ns_ = 0;
  emit(Side::kClient, t0, client_.isn, tcp_flag::kSyn, {}, true);
  client_.next_seq = client_.isn + 1;
  client_.acked_by_peer = client_.next_seq;  // acknowledged by the SYN-ACK below
  last_sender_ = Side::kClient;
  const std::int64_t t1 = next_time(Side::kServer);
  emit(Side::kServer, t1, server_.isn, tcp_flag::kSyn | tcp_flag::kAck, {}, true);
  server_.next_seq = server_.isn + 1;
  last_sender_ = Side::kServer;
  const std::int64_t t2 = now_ns_ + ms_to_ns((Side::kClient != spec_.near ? spec_.rtt_ms : 0.0) +
                                             jitter_ms(0.02, 0.08));
  emit(Side::kClient, t2, client_.next_seq, tcp_flag::kAck, {}, false);
  last_sender_ = Side::kClient;
}

Sent TcpConversation::send(Side from, std::string_view payload, const SendOptions& options) {
  if (payload.empty()) throw std::invalid_argument("empty send");
  const std::int64_t t = next_time(from);
  flush_delayed_acks(t);

  // Segment boundaries: every MSS, plus where the sender wrote separately.
  std::vector<std::size_t> cuts = {0};
  std::vector<std::size_t> extra = options.split_at;
  std::sort(extra.begin(), extra.end());
  std::size_t pos = 0;
  while (pos < payload.size()) {
    std::size_t next = std::min(pos + kMss, payload.size());
    for (const std::size_t e : extra) {
      if (e > pos && e < next) {
        next = e;
        break;
      }
    }
    cuts.push_back(next);
    pos = next;
  }
  const std::size_t n = cuts.size() - 1;
  if (options.out_of_order && n < 2) throw std::invalid_argument("out-of-order needs 2 segments");

  std::vector<std::int64_t> times(n);
  std::int64_t at = t;
  for (std::size_t i = 0; i < n; ++i) {
    times[i] = at;
    at += ms_to_ns(jitter_ms(0.012, 0.03));
  }
  if (options.out_of_order) {
    std::swap(times[n - 2], times[n - 1]);
    planted_.insert("out-of-order");
  }

  SideState& me = state(from);
  const std::uint32_t base_seq = me.next_seq;
  Sent sent;
  sent.payload = std::string(payload);
  const auto* data = reinterpret_cast<const std::uint8_t*>(payload.data());
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t b = cuts[i];
    const std::size_t e = cuts[i + 1];
    const std::uint8_t flags = tcp_flag::kAck | (i + 1 == n ? tcp_flag::kPsh : 0);
    const bool saved_capturing = capturing_;
    if (options.lost == i) {
      capturing_ = false;
      planted_.insert("gap");
    }
    const std::uint64_t id = emit(from, times[i], base_seq + static_cast<std::uint32_t>(b), flags,
                                  std::span(data + b, e - b), false);
    capturing_ = saved_capturing;
    me.next_seq = base_seq + static_cast<std::uint32_t>(e);
    sent.pieces.push_back({id, b, e});
    // The receiver acknowledges every second full-sized segment at once.
    const bool near_swapped_tail = options.out_of_order && i + 2 >= n - 1;
    if (i % 2 == 1 && i + 1 < n && !near_swapped_tail) {
      const Side acker = peer_of(from);
      const double travel = acker != spec_.near ? spec_.rtt_ms : 0.0;
      const std::int64_t saved_now = now_ns_;  // the burst goes on meanwhile
      emit_ack(acker, times[i] + ms_to_ns(travel + jitter_ms(0.02, 0.06)));
      now_ns_ = saved_now;
    }
  }
  me.next_seq = base_seq + static_cast<std::uint32_t>(payload.size());
  me.bytes_sent += payload.size();
  me.last_data_ns = *std::max_element(times.begin(), times.end());

  auto resend = [&](std::size_t i, std::string_view bytes) {
    if (i >= n) throw std::invalid_argument("no such segment to retransmit");
    const std::size_t b = cuts[i];
    if (bytes.size() != cuts[i + 1] - b) throw std::invalid_argument("resend length differs");
    // The ACK for the original never came back (lost after the capture point): RTO expiry.
    const std::int64_t rt = now_ns_ + ms_to_ns(kRetransmitTimeoutMs + jitter_ms(0.0, 4.0));
    const std::uint32_t saved_next = me.next_seq;
    emit(from, rt, base_seq + static_cast<std::uint32_t>(b), tcp_flag::kAck | tcp_flag::kPsh,
         std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), false);
    me.next_seq = saved_next;
    me.last_data_ns = rt;
    planted_.insert("retransmission");
  };
  if (options.retransmit) {
    const std::size_t i = *options.retransmit;
    resend(i, payload.substr(cuts[i], cuts[i + 1] - cuts[i]));
  }
  if (options.conflicting_retransmit) {
    resend(*options.conflicting_retransmit, options.conflicting_bytes);
    planted_.insert("conflicting-overlap");
  }
  last_sender_ = from;
  return sent;
}

void TcpConversation::close(Side initiator) {
  const Side other = peer_of(initiator);
  const std::int64_t t = next_time(initiator);
  flush_delayed_acks(t);
  emit(initiator, t, state(initiator).next_seq, tcp_flag::kFin | tcp_flag::kAck, {}, false);
  state(initiator).next_seq += 1;
  last_sender_ = initiator;
  const std::int64_t t2 = next_time(other);
  emit(other, t2, state(other).next_seq, tcp_flag::kFin | tcp_flag::kAck, {}, false);
  state(other).next_seq += 1;
  last_sender_ = other;
  const std::int64_t t3 = next_time(initiator);
  emit_ack(initiator, t3);
  last_sender_ = initiator;
}

void TcpConversation::reset(Side from) {
  const std::int64_t t = next_time(from);
  emit(from, t, state(from).next_seq, tcp_flag::kRst | tcp_flag::kAck, {}, false);
  last_sender_ = from;
}

std::vector<std::string> TcpConversation::planted_warnings() const {
  std::vector<std::string> out;
  const bool syn_seen = !frames_.empty() && frames_.front().captured;
  if (!syn_seen) out.push_back("no-handshake");
  for (const char* w : {"gap", "out-of-order", "retransmission", "conflicting-overlap"}) {
    if (planted_.count(w)) out.push_back(w);
  }
  return out;
}

}  // namespace capgen
