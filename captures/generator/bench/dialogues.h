// The mail sessions of the benchmark capture, as what each side writes when: SMTP submission
// and relay, IMAP and POP3, in clear, with STARTTLS or with implicit TLS, in the words Postfix,
// Dovecot and the usual clients use. A dialogue is written once and recorded three ways: all
// of it in clear, only its plaintext prefix (up to the TLS handshake), or only its TLS part.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "bench/corpus.h"
#include "bench/rng.h"
#include "core/tcp_conversation.h"
#include "core/tls_pump.h"

namespace capgen::bench {

// One write by one side: TCP payload, plaintext or TLS records.
struct Step {
  Side from = Side::kClient;
  double wait_ms = 0;  // think or processing time before it
  std::string bytes{};
};

struct CredentialMark {
  std::string mechanism{};  // as mailscope names it: PLAIN, LOGIN, IMAP-LOGIN, USER-PASS
  bool accepted = true;
};

// What was recorded: the steps, and what an eavesdropper can read in them.
struct Script {
  std::vector<Step> steps{};
  std::vector<CredentialMark> credentials{};  // crossed in clear
  std::size_t messages_in_clear = 0;
  std::size_t tls_bytes = 0;  // payload bytes that are TLS records
  Side closer = Side::kServer;
};

class Talk {
 public:
  enum class Mode {
    kFull,     // everything: plaintext, then TLS through the pump
    kPrefix,   // only the plaintext before the TLS handshake; the dialogue stops there
    kTlsOnly,  // only what follows the start of TLS (a pooled TLS session)
  };
  Talk(Mode mode, Script& script, TlsPump* pump) : mode_(mode), script_(script), pump_(pump) {}

  void client(std::string_view text) { say(Side::kClient, text); }
  void server(std::string_view text) { say(Side::kServer, text); }
  void wait_ms(double ms) { pending_wait_ms_ += ms; }
  // The TLS handshake happens here. False: the caller wanted the prefix only, stop talking.
  [[nodiscard]] bool start_tls();
  void close_notify(Side from);
  bool in_clear() const { return !tls_; }
  // The client line just said carried a secret; recorded when it crossed in clear.
  void credential(std::string mechanism, bool accepted);
  void message_crossed();
  void closed_by(Side s) { script_.closer = s; }

 private:
  void say(Side from, std::string_view text);
  void record(Side from, std::string_view bytes, bool tls);
  bool recording() const { return mode_ != Mode::kTlsOnly || tls_; }

  Mode mode_;
  Script& script_;
  TlsPump* pump_;
  bool tls_ = false;
  bool stopped_ = false;
  double pending_wait_ms_ = 0;
};

enum class Service {
  kSubmission,          // 587, AUTH in clear
  kSubmissionStartTls,  // 587, STARTTLS then AUTH
  kSmtps,               // 465
  kRelayIn,             // 25, another MTA delivering to us, in clear
  kRelayInStartTls,     // 25, STARTTLS
  kRelayOut,            // 25, our Postfix delivering to a remote MX, in clear
  kRelayOutStartTls,    // 25, STARTTLS
  kImap,                // 143, LOGIN in clear
  kImapStartTls,        // 143, STARTTLS
  kImaps,               // 993
  kPop3,                // 110, USER/PASS in clear
  kPop3Stls,            // 110, STLS
  kPop3s,               // 995
};
inline constexpr std::size_t kServiceCount = 13;

struct ServiceInfo {
  Service service;
  std::string_view name;       // "smtp-587-starttls"
  std::string_view protocol;   // smtp | imap | pop3
  std::string_view transport;  // plaintext | starttls | implicit-tls
  std::string_view hop;        // submission | relay | retrieval
  std::uint16_t port;
  double weight;  // share of sessions
};
const ServiceInfo& info(Service s);
bool uses_tls(Service s);

enum class Agent { kThunderbird, kOutlook, kAppleMail, kAndroid, kFetchmail, kPostfix };

// Who talks and what they move; everything a dialogue needs besides its random draws.
struct DialogueContext {
  const Corpus* corpus = nullptr;
  Agent agent = Agent::kThunderbird;
  std::string server_name{};  // the server's host name (banner, EHLO reply, certificate)
  std::string client_name{};  // EHLO argument
  std::string domain{};       // the mail domain of the server's users
  Person user{};              // the mailbox owner (submission, retrieval)
  std::string login{};        // the name the user logs in with
  std::string password{};
  bool offer_starttls = true;         // in-clear sessions: does the server offer it anyway?
  bool wrong_password_first = false;  // a typo, rejected, then the right password
  bool sasl_login = false;            // SMTP AUTH LOGIN (else PLAIN); IMAP AUTHENTICATE PLAIN
  std::vector<std::size_t> message_sizes{};
  std::int64_t unix_time = 0;  // when the session starts (Date headers)
};

// Runs the dialogue of `service` into `talk`.
void run_dialogue(Service service, Talk& talk, const DialogueContext& ctx, Rng& rng);

// How many messages one session of `service` moves.
std::size_t draw_message_count(Service service, Rng& rng);

}  // namespace capgen::bench
