#include "model/credential.hpp"
#include "model/event.hpp"

namespace mailscope {

std::string_view to_string(AuthResult r) {
  switch (r) {
    case AuthResult::kAccepted:
      return "accepted";
    case AuthResult::kRejected:
      return "rejected";
    case AuthResult::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(SecretKind k) {
  switch (k) {
    case SecretKind::kChallengeResponse:
      return "challenge-response";
    case SecretKind::kToken:
      return "token";
    case SecretKind::kPassword:
      break;
  }
  return "password";
}

std::string_view to_string(Event::Kind k) {
  switch (k) {
    case Event::Kind::kCommand:
      return "command";
    case Event::Kind::kReply:
      return "reply";
    case Event::Kind::kContent:
      return "content";
    case Event::Kind::kTlsRecord:
      return "tls-record";
    case Event::Kind::kStreamGap:
      return "gap";
    case Event::Kind::kNote:
      return "note";
  }
  return "note";
}

std::string mask_secret(std::string_view secret) {
  // Count code points, not bytes, so "Grüße" masks to five characters; keep the first and last
  // character visible when they are ASCII and the secret is long enough to stay secret.
  std::size_t code_points = 0;
  for (char c : secret)
    code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (code_points == 0) return {};
  if (code_points < 4) return std::string(code_points, '*');
  auto shown = [](char c) { return static_cast<unsigned char>(c) < 0x80 ? c : '*'; };
  std::string out(1, shown(secret.front()));
  out.append(code_points - 2, '*');
  out += shown(secret.back());
  return out;
}

}  // namespace mailscope
