// One scripted mail session: a TCP conversation the script talks through line by line, in clear
// until start_tls() and sealed after, plus what a correct analysis must find in it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address.h"
#include "core/tcp_conversation.h"
#include "core/tls_pump.h"
#include "core/truth.h"

namespace capgen {

// Base time of every capture: 2026-03-02T09:00:00Z.
inline constexpr std::int64_t kCaptureEpochUnix = 1772442000;

struct SessionSpec {
  const Host* client = nullptr;
  std::uint16_t client_port = 0;
  const Host* server = nullptr;
  std::uint16_t server_port = 0;
  std::string protocol{};  // smtp | imap | pop3 | unknown
  std::string hop{};       // submission | relay | retrieval | unknown
  double start_s = 0;      // seconds after the capture's base time
  double rtt_ms = 20.0;
  Side near = Side::kClient;  // where the capture point sits
  std::uint32_t interface = 0;
  std::uint32_t client_isn = 0;  // 0: derived
  std::uint32_t server_isn = 0;
  // false: traffic that is not mail (HTTPS, ...). Its packets are in the file, but a correct
  // analysis reports no session for it.
  bool mail = true;
};

struct CredentialDraft {
  std::string mechanism{};
  std::string username{};
  std::optional<std::string> secret{};
  std::optional<std::string> authzid{};
  std::string secret_kind = "password";
  bool accepted = true;
  std::uint64_t frame = 0;  // carries the end of the client line holding the secret
};

class Session {
 public:
  Session(const SessionSpec& spec, std::uint64_t& next_frame_id);

  const SessionSpec& spec() const { return spec_; }
  TcpConversation& tcp() { return tcp_; }
  const TcpConversation& tcp() const { return tcp_; }

  void connect() { tcp_.connect(); }
  // A line (or several) from the client or the server: plaintext, or TLS records after
  // start_tls().
  Sent client(std::string_view text, const SendOptions& options = {});
  Sent server(std::string_view text, const SendOptions& options = {});
  void wait_ms(double ms) { tcp_.wait_ms(ms); }
  void close_by_client() { tcp_.close(Side::kClient); }
  void close_by_server() { tcp_.close(Side::kServer); }

  // Runs a full TLS handshake now. Before any payload: implicit TLS; after some: STARTTLS.
  void start_tls(TlsOptions options);
  // close_notify alert from one side.
  void tls_close_notify(Side from);
  bool in_clear() const { return !tls_; }

  // Truth: what crossed in clear. Recording is refused inside TLS (a script bug).
  void record_credential(CredentialDraft credential);
  void record_message(MessageTruth message);  // ignored inside TLS: the sniffer saw nothing
  void record_finding(std::string code);

  // Truth with `session` indexes and packet numbers still to be filled in by the capture.
  SessionTruth session_truth() const;
  const std::vector<CredentialDraft>& credentials() const { return credentials_; }
  const std::vector<std::string>& planted_findings() const { return findings_; }
  const std::vector<std::string>& keylog() const;
  bool tls_completed() const { return tls_ != nullptr; }

 private:
  Sent say(Side from, std::string_view text, const SendOptions& options);

  SessionSpec spec_;
  TcpConversation tcp_;
  std::unique_ptr<TlsPump> tls_;
  std::string transport_ = "plaintext";
  std::vector<MessageTruth> messages_;
  std::vector<CredentialDraft> credentials_;
  std::vector<std::string> findings_;
};

}  // namespace capgen
