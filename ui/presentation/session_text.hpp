#pragma once

#include <string>

#include "app/capture_model.hpp"

namespace mailscope::gui {

// The words the views use for a session, in one place so the table, the TLS view and the
// banner say the same thing.

// "#3": a session as the CLI, the JSON report and every view number it.
std::string session_tag(std::uint64_t number);
std::string protocol_label(Protocol p);  // "SMTP", "IMAP", "POP3", "?"
std::string hop_label(Hop h);            // "submission", "relay", "retrieval", "—"
// "plaintext", "STARTTLS → TLS 1.3", "implicit TLS 1.2"
std::string transport_label(const Session& s);
// TLS protects (from STARTTLS on, or from the first byte) the session's bytes.
bool is_sealed(const Session& s);
std::string endpoints_label(const Session& s);  // "192.0.2.1:50123 → 198.51.100.25:587"
// The same without the client's port, which says nothing to a trainee: "192.0.2.1 → ...:587".
std::string endpoints_short_label(const Session& s);

// What leaked in one session, in the table's words: "alice@example.lu (LOGIN)", "2 logins".
std::string credentials_label(const CaptureModel& model, const SessionEntry& entry);
std::string messages_label(const SessionEntry& entry);

// The banner's headline: which sessions leaked what, in one sentence.
struct LeakSummary {
  std::size_t sessions = 0;
  std::size_t sessions_leaking = 0;  // carried a secret or a message in clear
  std::size_t sessions_sealed = 0;
  std::size_t passwords = 0;  // passwords and tokens in clear
  std::size_t digests = 0;
  std::size_t messages = 0;
};
LeakSummary summarize_leaks(const CaptureModel& model);
std::string leak_headline(const LeakSummary& s);

// Seconds since the session (or capture) start, as "+12.345 s".
std::string relative_time(Timestamp t, Timestamp origin);

}  // namespace mailscope::gui
