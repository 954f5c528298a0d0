#include "proto/mail_session_decoder.hpp"

#include "proto/imap_decoder.hpp"
#include "proto/pop3_decoder.hpp"
#include "proto/smtp_decoder.hpp"

namespace mailscope {

MailSessionDecoder::MailSessionDecoder(Session& session, SessionObserver& observer)
    : session_(session), recorder_(session, observer) {
  switch (session.protocol) {
    case Protocol::kSmtp:
      decoder_ = std::make_unique<SmtpDecoder>(*this);
      break;
    case Protocol::kImap:
      decoder_ = std::make_unique<ImapDecoder>(*this);
      break;
    case Protocol::kPop3:
      decoder_ = std::make_unique<Pop3Decoder>(*this);
      break;
    case Protocol::kUnknown:
      break;
  }
}

MailSessionDecoder::~MailSessionDecoder() = default;

bool MailSessionDecoder::heard_from(Direction direction) const {
  return state(direction).bytes_seen > 0;
}

void MailSessionDecoder::hold(Direction direction) {
  // Holding waits for the peer's answer; with no peer in the capture it would wait forever.
  if (heard_from(opposite(direction))) state(direction).held = true;
}

void MailSessionDecoder::release(Direction direction) {
  state(direction).held = false;
}

void MailSessionDecoder::start_tls(const StreamItem& go_ahead) {
  recorder_.starttls_began(go_ahead.packet);
  DirectionState& client = state(Direction::kClientToServer);
  DirectionState& server = state(Direction::kServerToClient);
  // Whatever the client had already sent when the go-ahead came was sent before it: if that is
  // not a TLS handshake, it is plaintext slipped in after STARTTLS (the CVE-2011-0411 class).
  client_sent_before_go_ahead_ = !client.buffer.empty();
  for (DirectionState* d : {&client, &server}) {
    d->mode = Mode::kDetect;
    d->after_starttls = true;
    d->plaintext_after_starttls = false;
    d->held = false;
  }
}

TlsInfo& MailSessionDecoder::tls_info() {
  if (!session_.tls) session_.tls.emplace();
  return *session_.tls;
}

void MailSessionDecoder::on_data(Direction direction, std::span<const std::uint8_t> bytes,
                                 std::uint64_t stream_offset, std::uint64_t packet,
                                 const Timestamp& time) {
  DirectionState& d = state(direction);
  d.bytes_seen += bytes.size();
  d.buffer.append(bytes, stream_offset, packet, time);
  if (d.held && d.buffer.available() > kMaxHeldBytes) {
    d.held = false;  // the answer never came: read on
  }
  pump();
  d.buffer.keep();  // `bytes` belong to the reassembler: keep what is left undecoded
}

void MailSessionDecoder::on_gap(Direction direction, std::uint64_t stream_offset,
                                std::uint64_t bytes, std::uint64_t packet, const Timestamp& time) {
  DirectionState& d = state(direction);
  // Decode what arrived before the hole first.
  pump();
  recorder_.gap(direction, stream_offset, bytes, packet, time);
  recorder_.warning(std::string(direction == Direction::kClientToServer ? "client" : "server") +
                    " stream: bytes missing from the capture (first gap at packet " +
                    std::to_string(packet) + ")");
  bool resync = true;
  switch (d.mode) {
    case Mode::kPlaintext:
      resync = decoder_ ? decoder_->on_gap(direction, bytes) : true;
      break;
    case Mode::kTls:
      // Record boundaries are lost with the bytes: count the rest, decode no more.
      d.mode = Mode::kOpaque;
      resync = false;
      break;
    case Mode::kDetect:
    case Mode::kOpaque:
      resync = false;
      break;
  }
  d.buffer.on_gap(stream_offset + bytes, resync);
  pump();
}

void MailSessionDecoder::pump() {
  if (pumping_) return;
  pumping_ = true;
  bool progress = true;
  while (progress) {
    progress = false;
    for (DirectionState& d : directions_) {
      // The cheap test first, here: most calls find nothing to do, and pump_direction's
      // prologue cost more than that test (a million calls a 40 MB capture).
      while (!d.held && !d.buffer.empty() && pump_direction(d))
        progress = true;
    }
  }
  pumping_ = false;
}

bool MailSessionDecoder::pump_direction(DirectionState& d) {
  if (d.held || d.buffer.empty()) return false;
  std::uint64_t before = d.buffer.offset();
  bool progress = false;
  switch (d.mode) {
    case Mode::kDetect:
      return detect(d);
    case Mode::kPlaintext:
      progress = decoder_ && decoder_->step(d.buffer.direction(), d.buffer);
      session_.bytes_plaintext += d.buffer.offset() - before;
      d.bytes_decoded += d.buffer.offset() - before;
      return progress;
    case Mode::kTls: {
      auto chunk = d.buffer.next_bytes(d.buffer.available());
      if (!chunk) return false;
      session_.bytes_encrypted += chunk->data.size();
      if (session_.tls->start_packet == 0) session_.tls->start_packet = chunk->packet;
      bool ok = d.tls->feed(*chunk, [this](const TlsRecord& r) { recorder_.tls_record(r); });
      if (!ok) {
        recorder_.warning("bytes that are not TLS records followed the TLS session");
        d.mode = Mode::kOpaque;
      }
      return true;
    }
    case Mode::kOpaque: {
      auto chunk = d.buffer.next_bytes(d.buffer.available());
      if (!chunk) return false;
      session_.bytes_encrypted += chunk->data.size();
      return true;
    }
  }
  return false;
}

bool MailSessionDecoder::detect(DirectionState& d) {
  std::string_view head = d.buffer.peek();
  bool enough = head.size() >= 5 || head.find('\n') != std::string_view::npos || finished_;
  if (!enough) return false;
  auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(head.data()), head.size());
  Direction dir = d.buffer.direction();
  if (TlsRecordStream::looks_like_record(bytes)) {
    d.mode = Mode::kTls;
    d.tls.emplace(dir, tls_info());
    // TLS from a side's first byte is implicit TLS, even when the other side answers in clear
    // (a ClientHello sent to a server that greets in plaintext).
    if (!d.after_starttls && session_.transport == Transport::kPlaintext && d.bytes_decoded == 0) {
      session_.transport = Transport::kImplicitTls;
    }
    return true;
  }
  if (!d.after_starttls) {
    d.mode = Mode::kPlaintext;
    return true;
  }
  // Plaintext where the TLS handshake should be. Decode it line by line, and look for the
  // handshake again after each line: an injected command is followed by the real handshake.
  if (!d.plaintext_after_starttls) {
    d.plaintext_after_starttls = true;
    bool injected = dir == Direction::kServerToClient || client_sent_before_go_ahead_;
    StreamItem where;
    where.bytes = {dir, d.buffer.offset(), d.buffer.offset() + head.size()};
    if (injected) {
      recorder_.finding(
          Severity::kCritical, finding_code::kStarttlsCommandInjection, session_.starttls_packet,
          {dir == Direction::kClientToServer ? "The client" : "The server",
           " sent plaintext after STARTTLS and before the TLS handshake: a man in the middle can "
           "inject commands this way, and they are read as if protected."});
    } else {
      recorder_.warning(
          "STARTTLS was accepted but no TLS handshake followed: the session went on in clear");
    }
    recorder_.note(
        dir, where,
        injected ? "plaintext after STARTTLS (injection)" : "no TLS handshake after STARTTLS");
  }
  std::uint64_t before = d.buffer.offset();
  bool progress = decoder_ && decoder_->step(dir, d.buffer);
  session_.bytes_plaintext += d.buffer.offset() - before;
  d.bytes_decoded += d.buffer.offset() - before;
  if (!progress && finished_) d.mode = Mode::kPlaintext;  // a cut line at the very end
  return progress;
}

void MailSessionDecoder::finish() {
  if (finished_) return;
  finished_ = true;
  for (DirectionState& d : directions_)
    d.held = false;
  pump();
  for (DirectionState& d : directions_) {
    if (d.mode == Mode::kPlaintext && !d.buffer.empty()) {
      recorder_.warning("the capture ends in the middle of a line");
    }
  }
  if (decoder_) decoder_->finish();
  recorder_.finish();
}

}  // namespace mailscope
