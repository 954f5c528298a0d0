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

// Dotted quad by hand: glibc's inet_ntop formats IPv4 with sprintf, which cost more than the
// rest of a session's report line together. IPv6 keeps inet_ntop (its "::" rules).
void append_address(std::string& out, const IpAddress& a) {
  if (a.is_v6) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, a.bytes.data(), buf, sizeof buf);
    out += buf;
    return;
  }
  for (int i = 0; i < 4; ++i) {
    if (i) out += '.';
    char octet[3];
    out.append(octet, std::to_chars(octet, octet + sizeof octet, a.bytes[i]).ptr);
  }
}

}  // namespace

std::string IpAddress::to_string() const {
  std::string out;
  append_address(out, *this);
  return out;
}

std::string Endpoint::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void Endpoint::append_to(std::string& out) const {
  if (address.is_v6) out += '[';
  append_address(out, address);
  if (address.is_v6) out += ']';
  out += ':';
  char buf[8];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, port).ptr);
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
