#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace mailscope {

struct TcpSegment {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::span<const std::uint8_t> payload;
  std::uint32_t missing_tail = 0;  // payload bytes the snaplen cut off

  static constexpr std::uint8_t kFin = 0x01;
  static constexpr std::uint8_t kSyn = 0x02;
  static constexpr std::uint8_t kRst = 0x04;
  static constexpr std::uint8_t kAck = 0x10;

  bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};

// Parses a TCP header; nullopt when the header itself is cut or its data offset is invalid.
std::optional<TcpSegment> parse_tcp_segment(std::span<const std::uint8_t> bytes,
                                            std::uint32_t missing_tail);

}  // namespace mailscope
