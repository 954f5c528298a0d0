#include "model/types.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <ctime>

namespace mailscope {

std::string to_iso8601(Timestamp t) {
  std::time_t secs = static_cast<std::time_t>(t.seconds);
  std::tm utc{};
  gmtime_r(&secs, &utc);
  char buf[48];
  std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buf + n, sizeof buf - n, ".%06uZ", t.nanoseconds / 1000U);
  return buf;
}

namespace {

// An address as text into `at` (room for INET6_ADDRSTRLEN characters); returns its end. The
// dotted quad by hand: glibc's inet_ntop formats IPv4 with sprintf, which cost more than the
// rest of a session's report line together. IPv6 keeps inet_ntop (its "::" rules).
char* format_address(char* at, const IpAddress& a) {
  if (a.is_v6) {
    inet_ntop(AF_INET6, a.bytes.data(), at, INET6_ADDRSTRLEN);
    return at + std::strlen(at);
  }
  for (int i = 0; i < 4; ++i) {
    if (i) *at++ = '.';
    at = std::to_chars(at, at + 3, a.bytes[i]).ptr;
  }
  return at;
}

}  // namespace

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN];
  return std::string(text, format_address(text, *this));
}

std::string Endpoint::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void Endpoint::append_to(std::string& out) const {
  // Formatted on the stack and appended once: nine appends to `out` cost more than the digits.
  char text[INET6_ADDRSTRLEN + 8];  // "[", the address, "]:", five digits
  char* at = text;
  if (address.is_v6) *at++ = '[';
  at = format_address(at, address);
  if (address.is_v6) *at++ = ']';
  *at++ = ':';
  at = std::to_chars(at, text + sizeof text, port).ptr;
  out.append(text, at);
}

std::string_view to_string(Protocol p) {
  switch (p) {
    case Protocol::kSmtp:
      return "smtp";
    case Protocol::kImap:
      return "imap";
    case Protocol::kPop3:
      return "pop3";
    case Protocol::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(Hop h) {
  switch (h) {
    case Hop::kSubmission:
      return "submission";
    case Hop::kRelay:
      return "relay";
    case Hop::kRetrieval:
      return "retrieval";
    case Hop::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(Transport t) {
  switch (t) {
    case Transport::kStartTls:
      return "starttls";
    case Transport::kImplicitTls:
      return "implicit-tls";
    case Transport::kPlaintext:
      break;
  }
  return "plaintext";
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "critical";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      break;
  }
  return "info";
}

}  // namespace mailscope
