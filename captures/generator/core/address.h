// Network addresses: IPv4/IPv6, MAC, and "address:port" endpoints as the truth files print them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace capgen {

class IpAddress {
 public:
  // Parses dotted IPv4 or RFC 4291 IPv6 text; throws std::invalid_argument otherwise.
  static IpAddress parse(std::string_view text);

  bool is_v6() const { return v6_; }
  // 4 bytes for IPv4, 16 for IPv6.
  const std::uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return v6_ ? 16 : 4; }
  std::string str() const;
  bool operator==(const IpAddress&) const = default;

 private:
  bool v6_ = false;
  std::array<std::uint8_t, 16> bytes_{};
};

using MacAddress = std::array<std::uint8_t, 6>;

// A machine in a scripted story: its name (for certificates and EHLO), address and NIC.
struct Host {
  std::string name{};
  IpAddress ip{};
  MacAddress mac{};
};

struct Endpoint {
  IpAddress ip{};
  std::uint16_t port = 0;
  // "192.0.2.10:50001" or "[2001:db8::10]:587".
  std::string str() const;
  bool operator==(const Endpoint&) const = default;
};

}  // namespace capgen
