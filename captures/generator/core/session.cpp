#include "core/session.h"

#include <stdexcept>

namespace capgen {
namespace {

// Packets from the far host have crossed some routers before the capture point saw them.
constexpr std::uint8_t kFarTtl = 64 - 9;

ConversationSpec conversation_spec(const SessionSpec& s) {
  if (!s.client || !s.server) throw std::invalid_argument("session needs client and server");
  ConversationSpec c;
  c.client = {s.client->ip, s.client_port};
  c.server = {s.server->ip, s.server_port};
  c.client_mac = s.client->mac;
  c.server_mac = s.server->mac;
  c.start_ns = (kCaptureEpochUnix * 1000000000) + static_cast<std::int64_t>(s.start_s * 1e9);
  c.rtt_ms = s.rtt_ms;
  c.near = s.near;
  c.client_isn = s.client_isn;
  c.server_isn = s.server_isn;
  c.client_ttl = s.near == Side::kClient ? 64 : kFarTtl;
  c.server_ttl = s.near == Side::kServer ? 64 : kFarTtl;
  return c;
}

}  // namespace

Session::Session(const SessionSpec& spec, std::uint64_t& next_frame_id)
    : spec_(spec), tcp_(conversation_spec(spec), next_frame_id) {}

Sent Session::say(Side from, std::string_view text, const SendOptions& options) {
  if (!tls_) return tcp_.send(from, text, options);
  const Bytes records = tls_->write(from, text);
  return tcp_.send(from,
                   std::string_view(reinterpret_cast<const char*>(records.data()), records.size()),
                   options);
}

Sent Session::client(std::string_view text, const SendOptions& options) {
  return say(Side::kClient, text, options);
}

Sent Session::server(std::string_view text, const SendOptions& options) {
  return say(Side::kServer, text, options);
}

void Session::start_tls(TlsOptions options) {
  if (tls_) throw std::logic_error("TLS already started");
  const bool implicit =
      !tcp_.has_payload_from(Side::kClient) && !tcp_.has_payload_from(Side::kServer);
  transport_ = implicit ? "implicit-tls" : "starttls";
  if (options.now_unix == 0) options.now_unix = kCaptureEpochUnix;
  tls_ = std::make_unique<TlsPump>(options);
  for (const TlsFlight& f : tls_->handshake()) {
    tcp_.send(f.from,
              std::string_view(reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size()));
  }
}

void Session::tls_close_notify(Side from) {
  if (!tls_) throw std::logic_error("no TLS to close");
  const Bytes alert = tls_->close_notify(from);
  tcp_.send(from, std::string_view(reinterpret_cast<const char*>(alert.data()), alert.size()));
}

void Session::record_credential(CredentialDraft credential) {
  if (tls_) throw std::logic_error("a credential inside TLS is not exposed; do not record it");
  credentials_.push_back(std::move(credential));
}

void Session::record_message(MessageTruth message) {
  if (!tls_) messages_.push_back(std::move(message));
}

void Session::record_finding(std::string code) {
  findings_.push_back(std::move(code));
}

SessionTruth Session::session_truth() const {
  SessionTruth t;
  t.protocol = spec_.protocol;
  t.transport = transport_;
  t.hop = spec_.hop;
  t.client = tcp_.spec().client.str();
  t.server = tcp_.spec().server.str();
  if (tls_) {
    t.tls_version = tls_->version();
    t.sni = tls_->sni();
    t.cipher = tls_->cipher();
  }
  t.tcp_warnings = tcp_.planted_warnings();
  t.messages = messages_;
  return t;
}

const std::vector<std::string>& Session::keylog() const {
  static const std::vector<std::string> kNone;
  return tls_ ? tls_->keylog() : kNone;
}

}  // namespace capgen
