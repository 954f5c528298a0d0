#include "presentation/secret_display.hpp"

#include <algorithm>

namespace mailscope::gui {

std::optional<TextSpan> secret_span_in(const Event& event, const Credential& credential) {
  const ByteRange& secret = credential.secret_bytes;
  const ByteRange& line = event.bytes;
  if (secret.empty() || secret.direction != line.direction) return std::nullopt;
  const std::uint64_t begin = std::max(secret.begin, line.begin);
  const std::uint64_t end = std::min(secret.end, line.end);
  if (begin >= end) return std::nullopt;
  // Event::text is the line as it crossed, starting at the line's first byte; the line end
  // (CRLF) is in the range but not in the text.
  const std::size_t text_begin = static_cast<std::size_t>(begin - line.begin);
  if (text_begin >= event.text.size()) return std::nullopt;
  const std::size_t text_end =
      std::min(event.text.size(), static_cast<std::size_t>(end - line.begin));
  // The core's range covers the secret itself (the response after "AUTH PLAIN ", the
  // password after "LOGIN bob "): the rest of the line stays readable.
  return TextSpan{text_begin, text_end - text_begin};
}

ByteRange shown_secret_range(const SessionEntry& entry, const Credential& credential) {
  const EventList& events = entry.detail.events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events.credential(i) != credential.ordinal) continue;
    const Event e = events[i];
    if (auto span = secret_span_in(e, credential)) {
      return {e.direction, e.bytes.begin + span->begin, e.bytes.begin + span->begin + span->size};
    }
  }
  return credential.secret_bytes;  // no line shows it (a literal): the core's range as it is
}

std::string user_label(const Credential& credential) {
  return credential.username.empty() ? std::string("(none)") : credential.username;
}

std::string bullets(std::size_t count) {
  constexpr std::size_t kMaxBullets = 16;
  std::string out;
  for (std::size_t i = 0; i < std::min(count, kMaxBullets); ++i)
    out += "\u2022";
  return out;
}

std::string line_for_display(const Event& event, const Credential* credential, bool revealed) {
  if (!credential || revealed || !credential->secret) return event.text;
  auto span = secret_span_in(event, *credential);
  if (!span) return event.text;
  std::string out = event.text.substr(0, span->begin);
  out += bullets(span->size);
  out += event.text.substr(span->begin + span->size);
  return out;
}

std::string secret_noun(const Credential& credential) {
  switch (credential.secret_kind) {
    case SecretKind::kPassword:
      return "password";
    case SecretKind::kChallengeResponse:
      return "digest";
    case SecretKind::kToken:
      return "token";
  }
  return "secret";
}

std::string secret_for_display(const Credential& credential, bool revealed) {
  if (!credential.secret) {
    // CRAM-MD5, APOP: the wire holds a digest; showing it reveals no password.
    return credential.response.empty() ? std::string("(no password on the wire)")
                                       : "digest " + credential.response;
  }
  return revealed ? *credential.secret : mask_secret(*credential.secret);
}

std::string credential_summary(const Credential& credential, bool revealed) {
  std::string out =
      "user " + (credential.username.empty() ? std::string("(none)") : credential.username);
  if (credential.authzid) out += " (as " + *credential.authzid + ")";
  out += " \u00b7 " + secret_noun(credential) + " " + secret_for_display(credential, revealed);
  out += " \u00b7 ";
  out += to_string(credential.result);
  return out;
}

}  // namespace mailscope::gui
