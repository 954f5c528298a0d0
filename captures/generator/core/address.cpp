#include "core/address.h"

#include <arpa/inet.h>

#include <stdexcept>

namespace capgen {

IpAddress IpAddress::parse(std::string_view text) {
  const std::string s(text);
  IpAddress a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes_.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes_.data()) == 1) {
    a.v6_ = true;
    return a;
  }
  throw std::invalid_argument("not an IP address: " + s);
}

std::string IpAddress::str() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6_ ? AF_INET6 : AF_INET, bytes_.data(), buf, sizeof buf);
  return buf;
}

std::string Endpoint::str() const {
  std::string out;
  if (ip.is_v6()) out += '[';
  out += ip.str();
  if (ip.is_v6()) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

}  // namespace capgen
