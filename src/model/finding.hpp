#pragma once

#include <cstdint>
#include <string>

#include "model/types.hpp"

namespace mailscope {

// The stable finding codes of the JSON report.
namespace finding_code {
inline constexpr std::string_view kPlaintextCredentials = "plaintext-credentials";
inline constexpr std::string_view kCrackableDigest = "crackable-digest";
inline constexpr std::string_view kTokenExposed = "token-exposed";
inline constexpr std::string_view kMessageExposed = "message-exposed";
inline constexpr std::string_view kNoStarttlsOffered = "no-starttls-offered";
inline constexpr std::string_view kStarttlsOfferedNotUsed = "starttls-offered-not-used";
inline constexpr std::string_view kStarttlsRefused = "starttls-refused";
inline constexpr std::string_view kLoginBeforeStarttls = "login-before-starttls";
inline constexpr std::string_view kStarttlsCommandInjection = "starttls-command-injection";
inline constexpr std::string_view kTlsProtected = "tls-protected";
}  // namespace finding_code

// A lesson for the trainee, on the "weird" channel beside the data.
struct Finding {
  Severity severity = Severity::kInfo;
  std::string code;
  std::uint64_t session = 0;
  std::uint64_t packet = 0;
  std::string message;  // one sentence a trainee understands
};

}  // namespace mailscope
