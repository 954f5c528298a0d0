#include "presentation/session_text.hpp"

#include <cstdio>

namespace mailscope::gui {

std::string session_tag(std::uint64_t number) {
  std::string tag = "#";  // (not "#" + to_string(): GCC 12 warns falsely, -Wrestrict)
  tag += std::to_string(number);
  return tag;
}

std::string protocol_label(Protocol p) {
  switch (p) {
    case Protocol::kSmtp:
      return "SMTP";
    case Protocol::kImap:
      return "IMAP";
    case Protocol::kPop3:
      return "POP3";
    case Protocol::kUnknown:
      break;
  }
  return "?";
}

std::string hop_label(Hop h) {
  if (h == Hop::kUnknown) return "\u2014";
  return std::string(to_string(h));
}

bool is_sealed(const Session& s) {
  return s.transport != Transport::kPlaintext;
}

std::string transport_label(const Session& s) {
  const std::string version =
      s.tls && !s.tls->version.empty() ? s.tls->version : std::string("TLS");
  switch (s.transport) {
    case Transport::kPlaintext:
      return "plaintext";
    case Transport::kStartTls:
      return "STARTTLS \u2192 " + version;
    case Transport::kImplicitTls:
      return "implicit " + version;
  }
  return "?";
}

std::string endpoints_label(const Session& s) {
  return s.client.to_string() + " \u2192 " + s.server.to_string();
}

std::string endpoints_short_label(const Session& s) {
  return s.client.address.to_string() + " \u2192 " + s.server.to_string();
}

std::string credentials_label(const CaptureModel& model, const SessionEntry& entry) {
  if (entry.credentials.empty()) return "\u2014";
  const Credential& first = model.credentials[entry.credentials.front()];
  std::string who = first.username.empty() ? std::string("(no user)") : first.username;
  std::string out = who + " (" + first.mechanism + ")";
  if (entry.credentials.size() > 1) {
    out += " +" + std::to_string(entry.credentials.size() - 1) + " more";
  }
  return out;
}

std::string messages_label(const SessionEntry& entry) {
  const auto& messages = entry.summary.messages;
  if (messages.empty()) return "\u2014";
  std::string subject = messages.front().subject.empty()
                            ? std::string("(no subject)")
                            : "\u201c" + messages.front().subject + "\u201d";
  if (messages.size() == 1) return subject;
  return std::to_string(messages.size()) + ": " + subject + ", \u2026";
}

LeakSummary summarize_leaks(const CaptureModel& model) {
  LeakSummary s;
  s.sessions = model.sessions.size();
  for (const SessionEntry& e : model.sessions) {
    if (is_sealed(e.summary)) ++s.sessions_sealed;
    if (!e.credentials.empty() || !e.summary.messages.empty()) ++s.sessions_leaking;
    s.messages += e.summary.messages.size();
  }
  for (const Credential& c : model.credentials) {
    if (c.secret) {
      ++s.passwords;
    } else {
      ++s.digests;
    }
  }
  return s;
}

namespace {
std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

std::string leak_headline(const LeakSummary& s) {
  if (s.sessions == 0) return "No mail sessions in this capture.";
  std::string what;
  auto add = [&what](const std::string& part) {
    if (!what.empty()) what += ", ";
    what += part;
  };
  if (s.passwords) add(count(s.passwords, "password", "passwords"));
  if (s.digests) add(count(s.digests, "crackable digest", "crackable digests"));
  if (s.messages) add(count(s.messages, "message", "messages"));
  std::string sealed = count(s.sessions_sealed, "session", "sessions") + " sealed by TLS.";
  if (what.empty()) {
    return "Nothing leaked in clear: " + sealed;
  }
  return count(s.sessions_leaking, "session", "sessions") + " of " + std::to_string(s.sessions) +
         " leaked " + what + " in clear; " + sealed;
}

std::string relative_time(Timestamp t, Timestamp origin) {
  const double seconds = t.as_seconds() - origin.as_seconds();
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "+%.3f s", seconds);
  return buffer;
}

}  // namespace mailscope::gui
