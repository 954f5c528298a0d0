#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/session.hpp"
#include "model/session_observer.hpp"
#include "proto/sasl.hpp"
#include "proto/stream_buffer.hpp"
#include "proto/tls_record_stream.hpp"

namespace mailscope {

// What a protocol decoder learned of the server's security offer, for the session's lessons.
struct SecurityOffer {
  bool capabilities_seen = false;  // EHLO reply, CAPABILITY or CAPA answered
  bool starttls_offered = false;
  bool starttls_attempted = false;
  bool starttls_refused = false;
  bool login_disabled = false;  // IMAP LOGINDISABLED
  bool auth_attempted = false;  // the client tried to authenticate (any mechanism)
};

// Builds the model of one session as its decoder runs: events for the conversation view,
// credentials with their result, messages, findings and warnings. Shared by the SMTP, IMAP and
// POP3 decoders so that a credential or a lesson means the same whichever protocol carried it.
class SessionRecorder {
 public:
  SessionRecorder(Session& session, SessionObserver& observer);

  Session& session() { return session_; }
  SecurityOffer& offer() { return offer_; }
  bool details() const { return details_; }

  // Conversation events. `detail` is shown beside the raw line (never a secret).
  void command(const Line& line, std::string detail = {}, int credential = -1);
  void reply(const Line& line);
  void content(const StreamItem& item, std::string text);
  void tls_record(const TlsRecord& record);
  void note(Direction direction, const StreamItem& item, std::string text);
  void gap(Direction direction, std::uint64_t stream_offset, std::uint64_t bytes,
           std::uint64_t packet, const Timestamp& time);

  // Credentials: opened when the secret crosses, resolved when the server answers. Returns the
  // ordinal the conversation event refers to.
  int open_credential(Credential credential);
  int open_credential(const SaslCredential& sasl);
  void resolve_credential(int ordinal, AuthResult result);
  bool has_open_credential() const;

  void add_message(MailMessage message);
  // The finding's sentence is given in parts, joined without a temporary string.
  void finding(Severity severity, std::string_view code, std::uint64_t packet,
               std::initializer_list<std::string_view> message);
  void warning(std::string text);  // once per distinct text
  void starttls_began(std::uint64_t packet);
  // A client authenticated to send: the session is a submission (live views learn it now).
  void authenticated_to_send();

  // End of the session: unresolved credentials are reported as unknown, and the session-wide
  // lessons (STARTTLS offered but not used, TLS protected, ...) are drawn.
  void finish();

 private:
  void emit(Event::Kind kind, const StreamItem& item, std::string text, std::string detail = {},
            int credential = -1, bool encrypted = false);
  void report_credential(Credential& c);

  Session& session_;
  SessionObserver& observer_;
  bool details_;
  SecurityOffer offer_;
  std::vector<Credential> open_;  // awaiting the server's verdict
  int next_ordinal_ = 0;
  std::set<std::string, std::less<>> warned_;
  std::unordered_map<std::string, std::size_t> message_index_;  // identity -> messages index
  std::set<std::string, std::less<>> session_findings_;
  bool credentials_in_clear_ = false;
  Finding finding_;  // reused: its code keeps its capacity (most codes are too long for SSO)
};

}  // namespace mailscope
