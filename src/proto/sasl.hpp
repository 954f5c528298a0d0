#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/credential.hpp"
#include "proto/stream_buffer.hpp"

namespace mailscope {

// What one SASL exchange gave away, whichever protocol carried it.
struct SaslCredential {
  std::string mechanism;
  std::string username;
  std::optional<std::string> authzid;
  std::optional<std::string> secret;
  SecretKind secret_kind = SecretKind::kPassword;
  StreamItem where;  // the client line that carried the secret (or the digest)
  std::string challenge;
  std::string response;
};

// One SASL authentication exchange (RFC 4422) as SMTP AUTH, IMAP AUTHENTICATE and POP3 AUTH
// carry it: the protocol decoder hands over the mechanism, the client's responses and the
// server's challenges (all still base64) and asks at the end what crossed in clear.
// PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195), XOAUTH2 and OAUTHBEARER (RFC 7628) yield a
// credential; other mechanisms (NTLM, GSSAPI, SCRAM, DIGEST-MD5, ...) are followed but yield none.
class SaslExchange {
 public:
  enum class State : std::uint8_t { kInProgress, kCancelled, kMalformed };

  explicit SaslExchange(std::string_view mechanism);

  // The initial response sent with the command (SASL-IR); "=" stands for an empty one.
  void initial_response(std::string_view base64, const StreamItem& where);
  void server_challenge(std::string_view base64);
  // A client line while the exchange runs: a response, or "*" to cancel.
  void client_response(std::string_view base64, const StreamItem& where);

  const std::string& mechanism() const { return mechanism_; }
  State state() const { return state_; }
  bool yields_credential() const { return credential_.has_value(); }
  // Nothing more is expected from the client: the secret crossed, or the exchange failed.
  bool complete() const { return credential_.has_value() || state_ != State::kInProgress; }
  const std::optional<SaslCredential>& credential() const { return credential_; }
  // For the conversation view: what the last client line said, decoded, without the secret
  // itself (the views show it from the credential when the trainer reveals it).
  const std::string& describe_last_response() const { return last_description_; }
  std::string malformed_reason() const { return malformed_reason_; }

 private:
  void take(std::string_view decoded, const StreamItem& where, std::string_view raw);
  void plain(std::string_view decoded, const StreamItem& where);
  void login(std::string_view decoded, const StreamItem& where);
  void cram_md5(std::string_view decoded, const StreamItem& where);
  void oauth(std::string_view decoded, const StreamItem& where, bool bearer_gs2);
  void malformed(std::string reason);

  std::string mechanism_;
  State state_ = State::kInProgress;
  int responses_ = 0;
  std::string login_username_;
  std::string last_challenge_;
  std::optional<SaslCredential> credential_;
  std::string last_description_;
  std::string malformed_reason_;
};

}  // namespace mailscope
