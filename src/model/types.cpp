#include "model/types.hpp"

#include <arpa/inet.h>

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

IpAddress IpAddress::v4(const std::uint8_t* b) {
  IpAddress a;
  std::memcpy(a.bytes.data(), b, 4);
  return a;
}

IpAddress IpAddress::v6(const std::uint8_t* b) {
  IpAddress a;
  std::memcpy(a.bytes.data(), b, 16);
  a.is_v6 = true;
  return a;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(is_v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

std::string Endpoint::to_string() const {
  std::string addr = address.to_string();
  if (address.is_v6) addr = "[" + addr + "]";
  return addr + ":" + std::to_string(port);
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
