#include "core/tcp_ip_packet.h"

#include <stdexcept>

namespace capgen {
namespace {

constexpr std::uint8_t kProtoTcp = 6;

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

Bytes tcp_header_and_payload(const TcpSegment& s) {
  if (s.options.size() % 4 != 0 || s.options.size() > 40) {
    throw std::invalid_argument("TCP options must be padded to 4 bytes and at most 40");
  }
  Bytes tcp;
  put_be16(tcp, s.src.port);
  put_be16(tcp, s.dst.port);
  put_be32(tcp, s.seq);
  put_be32(tcp, s.ack);
  const auto header_words = static_cast<std::uint8_t>((20 + s.options.size()) / 4);
  put_u8(tcp, static_cast<std::uint8_t>(header_words << 4));
  put_u8(tcp, s.flags);
  put_be16(tcp, s.window);
  put_be16(tcp, 0);  // checksum, patched below
  put_be16(tcp, 0);  // urgent pointer
  append(tcp, s.options);
  append(tcp, s.payload);
  return tcp;
}

}  // namespace

std::uint32_t ones_complement_sum(std::span<const std::uint8_t> data, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2)
    sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
  if (i < data.size()) sum += static_cast<std::uint32_t>(data[i] << 8);
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

Bytes build_tcp_ip_packet(const TcpSegment& s) {
  if (s.src.ip.is_v6() != s.dst.ip.is_v6()) throw std::invalid_argument("mixed IP versions");
  Bytes tcp = tcp_header_and_payload(s);
  const auto tcp_length = static_cast<std::uint32_t>(tcp.size());

  // The TCP checksum covers a pseudo-header made of the addresses, protocol and TCP length.
  Bytes pseudo;
  append(pseudo, std::span(s.src.ip.data(), s.src.ip.size()));
  append(pseudo, std::span(s.dst.ip.data(), s.dst.ip.size()));
  if (s.src.ip.is_v6()) {
    put_be32(pseudo, tcp_length);
    put_be32(pseudo, kProtoTcp);
  } else {
    put_u8(pseudo, 0);
    put_u8(pseudo, kProtoTcp);
    put_be16(pseudo, static_cast<std::uint16_t>(tcp_length));
  }
  set_be16(tcp, 16, fold(ones_complement_sum(tcp, ones_complement_sum(pseudo))));

  Bytes ip;
  if (s.src.ip.is_v6()) {
    put_be32(ip, 0x60000000u | (s.flow_label & 0xfffff));
    put_be16(ip, static_cast<std::uint16_t>(tcp_length));
    put_u8(ip, kProtoTcp);
    put_u8(ip, s.ttl);
    append(ip, std::span(s.src.ip.data(), 16));
    append(ip, std::span(s.dst.ip.data(), 16));
  } else {
    put_u8(ip, 0x45);
    put_u8(ip, 0x00);
    put_be16(ip, static_cast<std::uint16_t>(20 + tcp_length));
    put_be16(ip, s.ip_id);
    put_be16(ip, 0x4000);  // don't fragment
    put_u8(ip, s.ttl);
    put_u8(ip, kProtoTcp);
    put_be16(ip, 0);  // header checksum, patched below
    append(ip, std::span(s.src.ip.data(), 4));
    append(ip, std::span(s.dst.ip.data(), 4));
    set_be16(ip, 10, fold(ones_complement_sum(ip)));
  }
  append(ip, tcp);
  return ip;
}

}  // namespace capgen
