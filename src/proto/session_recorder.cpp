#include "proto/session_recorder.hpp"

#include "proto/text_util.hpp"

namespace mailscope {
namespace {

constexpr std::size_t kMaxWarningsPerSession = 32;
constexpr std::size_t kMaxMessagesPerSession = 1000;
constexpr std::size_t kMaxOpenCredentials = 64;

std::string_view who(const Credential& c) {
  return c.username.empty() ? std::string_view("the user") : std::string_view(c.username);
}

// The hops of DESIGN.md: a client authenticating to send is submitting (ports 587 and 465
// are submission even when TLS hides the AUTH); SMTP without AUTH is a server relaying.
Hop hop_of(const Session& s, bool authenticated) {
  switch (s.protocol) {
    case Protocol::kImap:
    case Protocol::kPop3:
      return Hop::kRetrieval;
    case Protocol::kSmtp:
      if (authenticated || s.server.port == 587 || s.server.port == 465) return Hop::kSubmission;
      return Hop::kRelay;
    case Protocol::kUnknown:
      break;
  }
  return Hop::kUnknown;
}

}  // namespace

SessionRecorder::SessionRecorder(Session& session, SessionObserver& observer)
    : session_(session), observer_(observer), details_(observer.wants_details()) {}

void SessionRecorder::emit(Event::Kind kind, const StreamItem& item, std::string text,
                           std::string detail, int credential, bool encrypted) {
  if (!details_) return;
  Event e;
  e.kind = kind;
  e.direction = item.bytes.direction;
  e.packet = item.packet;
  e.time = item.time;
  e.bytes = item.bytes;
  e.encrypted = encrypted;
  e.credential = credential;
  e.text = std::move(text);
  e.detail = std::move(detail);
  observer_.on_event(session_, e);
}

void SessionRecorder::command(const Line& line, std::string detail, int credential) {
  if (details_) {
    emit(Event::Kind::kCommand, line, std::string(line.text), std::move(detail), credential);
  }
}

void SessionRecorder::reply(const Line& line) {
  if (details_) emit(Event::Kind::kReply, line, std::string(line.text));
}

void SessionRecorder::content(const StreamItem& item, std::string text) {
  emit(Event::Kind::kContent, item, std::move(text));
}

void SessionRecorder::tls_record(const TlsRecord& record) {
  if (details_)
    emit(Event::Kind::kTlsRecord, record.where, describe(record), {}, -1, record.encrypted);
}

void SessionRecorder::note(Direction direction, const StreamItem& item, std::string text) {
  StreamItem where = item;
  where.bytes.direction = direction;
  emit(Event::Kind::kNote, where, std::move(text));
}

void SessionRecorder::gap(Direction direction, std::uint64_t stream_offset, std::uint64_t bytes,
                          std::uint64_t packet, const Timestamp& time) {
  StreamItem where;
  where.bytes = {direction, stream_offset, stream_offset + bytes};
  where.packet = packet;
  where.time = time;
  emit(Event::Kind::kStreamGap, where, std::to_string(bytes) + " bytes missing from the capture");
}

int SessionRecorder::open_credential(Credential c) {
  c.session = session_.id;
  c.protocol = session_.protocol;
  c.ordinal = next_ordinal_++;
  if (open_.size() >= kMaxOpenCredentials) {
    // The server never answers (a one-sided capture, a flood): report the oldest now, with
    // an unknown result, rather than hold every attempt until the end.
    report_credential(open_.front());
    open_.erase(open_.begin());
  }
  open_.push_back(std::move(c));
  return open_.back().ordinal;
}

int SessionRecorder::open_credential(const SaslCredential& sasl) {
  Credential c;
  c.mechanism = sasl.mechanism;
  c.username = sasl.username;
  c.authzid = sasl.authzid;
  c.secret = sasl.secret;
  c.secret_kind = sasl.secret_kind;
  c.packet = sasl.where.packet;
  c.time = sasl.where.time;
  c.secret_bytes = sasl.where.bytes;
  c.challenge = sasl.challenge;
  c.response = sasl.response;
  return open_credential(std::move(c));
}

bool SessionRecorder::has_open_credential() const {
  return !open_.empty();
}

void SessionRecorder::resolve_credential(int ordinal, AuthResult result) {
  for (auto it = open_.begin(); it != open_.end(); ++it) {
    if (it->ordinal != ordinal) continue;
    it->result = result;
    report_credential(*it);
    open_.erase(it);
    return;
  }
}

void SessionRecorder::report_credential(Credential& c) {
  credentials_in_clear_ = true;
  observer_.on_credential(c);
  std::string_view mech = c.mechanism;
  switch (c.secret_kind) {
    case SecretKind::kPassword:
      finding(Severity::kCritical, finding_code::kPlaintextCredentials, c.packet,
              {"The password of ", who(c), " crossed the network in clear (", mech,
               "): anyone on the path can read it."});
      break;
    case SecretKind::kChallengeResponse:
      finding(Severity::kWarning, finding_code::kCrackableDigest, c.packet,
              {"The ", mech, " digest of ", who(c),
               " crossed in clear: it hides the password, but whoever captured it can "
               "try passwords offline until one matches."});
      break;
    case SecretKind::kToken:
      // A bearer token logs in as well as a password does: both lessons apply.
      finding(Severity::kCritical, finding_code::kPlaintextCredentials, c.packet,
              {"The login token of ", who(c), " crossed the network in clear (", mech,
               "): anyone on the path can read it and log in with it."});
      finding(Severity::kCritical, finding_code::kTokenExposed, c.packet,
              {"The OAuth bearer token of ", who(c), " crossed in clear (", mech,
               "): whoever captured it can use the mailbox until the token expires."});
      break;
  }
  if (offer_.starttls_offered) {
    finding(Severity::kCritical, finding_code::kLoginBeforeStarttls, c.packet,
            {who(c),
             " logged in before switching to TLS, although the server offered "
             "STARTTLS: the login crossed in clear."});
  }
}

void SessionRecorder::add_message(MailMessage message) {
  // The same message read twice (headers first, then the body; or again after an EXPUNGE
  // renumbered it) is one exposure: keep the fuller reading.
  std::string key;
  if (!message.message_id.empty()) {
    key = concat({"id:", message.message_id});
  } else if (!message.subject.empty()) {
    key = concat({"hdr:", message.subject, "\x01", message.from, "\x01", message.date});
  }
  if (!key.empty()) {
    if (auto known = message_index_.find(key); known != message_index_.end()) {
      MailMessage& kept = session_.messages[known->second];
      if (message.size >= kept.size) kept = std::move(message);
      return;
    }
  }
  std::string_view quote = message.subject.empty() ? "" : "\"";
  finding(Severity::kWarning, finding_code::kMessageExposed, message.packet,
          {message.subject.empty() ? "A message" : "The message ", quote, message.subject, quote,
           message.from.empty() ? "" : " from ", message.from,
           " crossed in clear: its addresses, subject and body are readable."});
  if (session_.messages.size() >= kMaxMessagesPerSession) {
    // A mailbox sync can read thousands: the findings say each one, the summary keeps the
    // first ones, so that memory stays bounded.
    warning("more messages were read in clear than the report lists");
    return;
  }
  if (!key.empty()) message_index_.emplace(std::move(key), session_.messages.size());
  session_.messages.push_back(std::move(message));
}

void SessionRecorder::finding(Severity severity, std::string_view code, std::uint64_t packet,
                              std::initializer_list<std::string_view> message) {
  Finding& f = finding_;
  f.severity = severity;
  f.code.assign(code);
  f.session = session_.id;
  f.packet = packet;
  // Joined in the reused finding: its buffer, sized by the first finding, serves the next ones
  // (a sentence of its own each was a tenth of the decoding thread's allocations, real capture).
  assign_joined(f.message, message);
  observer_.on_finding(f);
}

void SessionRecorder::warning(std::string text) {
  if (warned_.contains(text)) return;
  if (session_.warnings.size() == kMaxWarningsPerSession) {
    session_.warnings.push_back("more warnings left out");
  }
  if (session_.warnings.size() > kMaxWarningsPerSession) return;
  warned_.insert(text);
  session_.warnings.push_back(std::move(text));
}

void SessionRecorder::authenticated_to_send() {
  offer_.auth_attempted = true;
  if (session_.hop != Hop::kSubmission) {
    session_.hop = Hop::kSubmission;
    observer_.on_session_update(session_);
  }
}

void SessionRecorder::starttls_began(std::uint64_t packet) {
  session_.transport = Transport::kStartTls;
  session_.starttls_packet = packet;
  observer_.on_session_update(session_);
}

void SessionRecorder::finish() {
  for (auto& c : open_)
    report_credential(c);
  open_.clear();
  session_.hop = hop_of(session_, offer_.auth_attempted || next_ordinal_ > 0);
  const bool plaintext = session_.transport == Transport::kPlaintext;
  if (plaintext && offer_.capabilities_seen && !offer_.starttls_offered) {
    finding(Severity::kWarning, finding_code::kNoStarttlsOffered, session_.first_packet,
            {"The server did not offer STARTTLS, so this session could only run in clear."});
  }
  if (plaintext && offer_.starttls_offered && !offer_.starttls_attempted) {
    finding(Severity::kWarning, finding_code::kStarttlsOfferedNotUsed, session_.first_packet,
            {"The server offered STARTTLS but the client never used it: the whole session "
             "stayed readable."});
  }
  if (session_.tls && session_.tls->server_hello_seen) {
    std::string_view version = session_.tls->version;
    finding(Severity::kInfo, finding_code::kTlsProtected, session_.tls->start_packet,
            {session_.transport == Transport::kStartTls ? "After STARTTLS, this" : "This",
             " session was protected by ", version.empty() ? "TLS" : version,
             ": a sniffer sees only the sizes of encrypted records."});
  }
}

}  // namespace mailscope
