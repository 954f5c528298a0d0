#include "analysis/mail_flow.hpp"

namespace mailscope {
namespace {

Side other(Side s) {
  return s == Side::kFirst ? Side::kSecond : Side::kFirst;
}

}  // namespace

MailFlow::MailFlow(TcpConnection& connection, FlowContext& context)
    : connection_(connection), context_(context) {}

MailFlow::~MailFlow() = default;

void MailFlow::on_packet(Side from, const TcpSegment& segment, const PacketContext& packet) {
  if (first_packet_ == 0) {
    first_packet_ = packet.number;
    first_time_ = packet.time;
  }
  // The SYN names the client; without one, the side talking to a mail port is the client.
  if (segment.has(TcpSegment::kSyn) && !roles_from_handshake_ && state_ == State::kDetecting) {
    client_side_ = segment.has(TcpSegment::kAck) ? other(from) : from;
    roles_from_handshake_ = true;
  }
  if (state_ == State::kMail) {
    context_.stage->packet(session_, packet.number, packet.time);
  } else if (state_ == State::kDetecting && early_packets_.size() < kEarlyPacketsKept) {
    if (early_packets_.empty()) early_packets_.reserve(kEarlyPacketsKept);
    early_packets_.push_back(packet.number);
  }
}

void MailFlow::on_data(Side from, std::span<const std::uint8_t> bytes,
                       const SegmentOrigin& origin) {
  switch (state_) {
    case State::kNotMail:
      return;
    case State::kMail:
      deliver(from, bytes, origin);
      return;
    case State::kDetecting:
      break;
  }
  int s = static_cast<int>(from);
  std::size_t room = kMaxDetectionBytes - std::min(kMaxDetectionBytes, early_text_[s].size());
  early_text_[s].append(reinterpret_cast<const char*>(bytes.data()), std::min(room, bytes.size()));
  bool full = early_text_[0].size() + early_text_[1].size() >= 2 * kMaxDetectionBytes ||
              early_text_[s].size() >= kMaxDetectionBytes;
  bool first_chunk = early_.empty();
  if (first_chunk) {
    // Most sessions are recognised from their first chunk (a greeting): no copy needed then.
    pending_first_ = {from, bytes, origin};
    try_detect(full);
    pending_first_.reset();
    if (state_ != State::kDetecting) return;
  }
  early_.push_back({from, {bytes.begin(), bytes.end()}, origin});
  if (!first_chunk) try_detect(full);
}

void MailFlow::try_detect(bool final) {
  if (!roles_from_handshake_) {
    // No handshake seen: the side whose port is a mail port is the server.
    const ConnectionFacts& facts = connection_.facts();
    bool first_is_mail = protocol_for_port(facts.endpoints[0].port) != Protocol::kUnknown;
    bool second_is_mail = protocol_for_port(facts.endpoints[1].port) != Protocol::kUnknown;
    if (first_is_mail && !second_is_mail) client_side_ = Side::kSecond;
    if (second_is_mail && !first_is_mail) client_side_ = Side::kFirst;
  }
  const ConnectionFacts& facts = connection_.facts();
  Side server_side = other(client_side_);
  DetectionInput input;
  input.from_client = early_text_[static_cast<int>(client_side_)];
  input.from_server = early_text_[static_cast<int>(server_side)];
  input.client_port = facts.endpoints[static_cast<int>(client_side_)].port;
  input.server_port = facts.endpoints[static_cast<int>(server_side)].port;
  input.roles_from_handshake = roles_from_handshake_;
  input.final = final;
  Detection detection = detect_mail_protocol(input);
  switch (detection.verdict) {
    case Detection::Verdict::kNeedMore:
      return;
    case Detection::Verdict::kNotMail:
      state_ = State::kNotMail;
      early_.clear();
      early_text_[0].clear();
      early_text_[1].clear();
      return;
    case Detection::Verdict::kMail:
      open_session(detection);
      return;
  }
}

void MailFlow::open_session(const Detection& detection) {
  if (detection.swap_roles) client_side_ = other(client_side_);
  preamble_left_[static_cast<int>(client_side_)] = detection.client_preamble;
  preamble_left_[static_cast<int>(other(client_side_))] = detection.server_preamble;
  const ConnectionFacts& facts = connection_.facts();
  SessionStart start;
  start.id = context_.next_session_id++;
  start.protocol = detection.protocol;
  start.client = facts.endpoints[static_cast<int>(client_side_)];
  start.server = facts.endpoints[static_cast<int>(other(client_side_))];
  start.first_packet = first_packet_;
  start.start = first_time_;
  start.handshake_seen = roles_from_handshake_;
  start.via = detection.via;
  state_ = State::kMail;
  session_ = context_.stage->open(start, early_packets_);
  early_packets_.clear();
  std::vector<EarlyChunk> replay = std::move(early_);
  early_.clear();
  early_text_[0].clear();
  early_text_[1].clear();
  for (const EarlyChunk& chunk : replay)
    deliver(chunk.side, chunk.bytes, chunk.origin);
  if (pending_first_) deliver(pending_first_->side, pending_first_->bytes, pending_first_->origin);
}

void MailFlow::deliver(Side from, std::span<const std::uint8_t> bytes,
                       const SegmentOrigin& origin) {
  SegmentOrigin where = origin;
  std::size_t& preamble = preamble_left_[static_cast<int>(from)];
  if (preamble > 0) {
    std::size_t skip = std::min(preamble, bytes.size());
    preamble -= skip;
    bytes = bytes.subspan(skip);
    where.stream_offset += skip;
    if (where.frame_offset) where.frame_offset += static_cast<std::uint32_t>(skip);
    if (bytes.empty()) return;
  }
  context_.stage->data(session_, direction_of(from), bytes, where);
}

void MailFlow::on_status(Side from, StreamStatus status, std::uint64_t byte_count,
                         const SegmentOrigin& origin) {
  ++status_counts_[static_cast<int>(status)];
  if (status != StreamStatus::kGap) return;
  if (state_ == State::kDetecting) {
    // Decide with what came before the hole; bytes after it cannot be lined up with them.
    try_detect(true);
  }
  if (state_ != State::kMail) return;
  std::size_t& preamble = preamble_left_[static_cast<int>(from)];
  preamble -= std::min<std::size_t>(preamble, byte_count);
  context_.stage->gap(session_, direction_of(from), byte_count, origin);
}

void MailFlow::on_finish() {
  if (state_ == State::kDetecting && !early_.empty()) try_detect(true);
  if (state_ != State::kMail) return;
  context_.stage->close(session_, status_counts_, connection_.closed());
}

}  // namespace mailscope
