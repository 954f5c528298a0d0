#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/byte_range.hpp"
#include "model/types.hpp"

namespace mailscope {

enum class AuthResult : std::uint8_t { kUnknown, kAccepted, kRejected };
enum class SecretKind : std::uint8_t { kPassword, kChallengeResponse, kToken };

std::string_view to_string(AuthResult r);
std::string_view to_string(SecretKind k);

// One authentication attempt that crossed the wire in clear. A rejected attempt is one too:
// its password still crossed.
struct Credential {
  std::uint64_t session = 0;  // Session::id
  int ordinal = 0;            // n-th credential of its session; events refer to it
  Protocol protocol = Protocol::kUnknown;
  std::string mechanism;  // PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, IMAP-LOGIN, ...
  std::string username;
  std::optional<std::string> authzid;  // PLAIN authorization identity, when non-empty
  std::optional<std::string> secret;   // absent where the wire holds no password (digests)
  SecretKind secret_kind = SecretKind::kPassword;
  AuthResult result = AuthResult::kUnknown;
  std::uint64_t packet = 0;  // packet carrying the end of the line with the secret
  Timestamp time;
  ByteRange secret_bytes;  // what the hex view highlights
  // CRAM-MD5 and APOP: what an offline attack needs.
  std::string challenge;
  std::string response;
};

// "s******t": first and last character kept for passwords of four or more characters so the
// trainer can point at it without showing it.
std::string mask_secret(std::string_view secret);

}  // namespace mailscope
