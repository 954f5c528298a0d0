#include <cstring>

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

std::size_t code_points(std::string_view utf8) {
  // Eight bytes at a time: the report measures every field of every line.
  constexpr std::uint64_t kLowBits = 0x0101010101010101ULL;
  std::size_t continuation = 0;
  std::size_t i = 0;
  for (; i + 8 <= utf8.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, utf8.data() + i, 8);
    // Bit 0 of each byte: its bit 7 set and its bit 6 clear. The multiplication adds the eight
    // bytes into the top one (a popcount without the instruction is a library call).
    continuation += static_cast<std::size_t>((((w >> 7) & ~(w >> 6) & kLowBits) * kLowBits) >> 56);
  }
  for (; i < utf8.size(); ++i)
    continuation += (static_cast<unsigned char>(utf8[i]) & 0xC0) == 0x80;
  return utf8.size() - continuation;
}

std::string mask_secret(std::string_view secret) {
  // Count code points, not bytes, so "Grüße" masks to five characters; keep the first and last
  // character visible when they are ASCII and the secret is long enough to stay secret.
  std::size_t length = code_points(secret);
  if (length == 0) return {};
  if (length < 4) return std::string(length, '*');
  auto shown = [](char c) { return static_cast<unsigned char>(c) < 0x80 ? c : '*'; };
  std::string out(1, shown(secret.front()));
  out.append(length - 2, '*');
  out += shown(secret.back());
  return out;
}

}  // namespace mailscope
