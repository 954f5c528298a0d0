// One IPv4 or IPv6 packet carrying one TCP segment, with correct lengths and checksums.
#pragma once

#include <cstdint>
#include <span>

#include "core/address.h"
#include "core/bytes.h"

namespace capgen {

namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flag

struct TcpSegment {
  Endpoint src{};
  Endpoint dst{};
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  Bytes options{};  // already padded to a multiple of 4 bytes
  std::span<const std::uint8_t> payload{};
  // IP layer
  std::uint16_t ip_id = 0;       // IPv4 identification
  std::uint32_t flow_label = 0;  // IPv6 flow label (20 bits)
  std::uint8_t ttl = 64;         // TTL / hop limit
};

// RFC 1071 one's-complement sum, folded, not yet inverted.
std::uint32_t ones_complement_sum(std::span<const std::uint8_t> data, std::uint32_t sum = 0);

// Builds the IP header (v4 with DF, or v6) + TCP header + payload. src and dst must be the same
// IP version.
Bytes build_tcp_ip_packet(const TcpSegment& segment);

}  // namespace capgen
