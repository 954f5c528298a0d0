#include "core/link_layer.h"

#include <stdexcept>

namespace capgen {
namespace {

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
constexpr std::uint16_t kTpid8021Q = 0x8100;
constexpr std::uint16_t kTpid8021ad = 0x88a8;
constexpr std::uint16_t kArphrdEther = 1;
constexpr std::uint8_t kPacketHost = 0;      // addressed to this host
constexpr std::uint8_t kPacketOutgoing = 4;  // sent by this host
// BSD loopback stores the address family in host byte order; these captures were "taken" on a
// little-endian Mac, where AF_INET6 is 30.
constexpr std::uint32_t kBsdAfInet = 2;
constexpr std::uint32_t kBsdAfInet6Darwin = 30;

bool is_ipv6(std::span<const std::uint8_t> ip) {
  return !ip.empty() && (ip[0] >> 4) == 6;
}

}  // namespace

std::uint32_t LinkLayer::linktype() const {
  switch (kind) {
    case LinkKind::kEthernet:
      return 1;
    case LinkKind::kLinuxSll:
      return 113;
    case LinkKind::kLinuxSll2:
      return 276;
    case LinkKind::kRawIp:
      return 101;
    case LinkKind::kBsdNull:
      return 0;
  }
  throw std::logic_error("unknown link kind");
}

int LinkLayer::dlt() const {
  switch (kind) {
    case LinkKind::kEthernet:
      return 1;
    case LinkKind::kLinuxSll:
      return 113;
    case LinkKind::kLinuxSll2:
      return 276;
    case LinkKind::kRawIp:
      return 12;  // DLT_RAW; libpcap writes LINKTYPE_RAW (101)
    case LinkKind::kBsdNull:
      return 0;
  }
  throw std::logic_error("unknown link kind");
}

std::string LinkLayer::name() const {
  switch (kind) {
    case LinkKind::kEthernet:
      return "EN10MB";
    case LinkKind::kLinuxSll:
      return "LINUX_SLL";
    case LinkKind::kLinuxSll2:
      return "LINUX_SLL2";
    case LinkKind::kRawIp:
      return "RAW";
    case LinkKind::kBsdNull:
      return "NULL";
  }
  throw std::logic_error("unknown link kind");
}

Bytes frame_ip_packet(const LinkLayer& link, const FrameAddressing& a,
                      std::span<const std::uint8_t> ip) {
  const std::uint16_t ethertype = is_ipv6(ip) ? kEtherTypeIpv6 : kEtherTypeIpv4;
  Bytes out;
  switch (link.kind) {
    case LinkKind::kEthernet: {
      if (link.vlan_ids.size() > 2) throw std::invalid_argument("at most two VLAN tags");
      append(out, std::span(a.dst_mac));
      append(out, std::span(a.src_mac));
      for (std::size_t i = 0; i < link.vlan_ids.size(); ++i) {
        const bool outer_of_two = link.vlan_ids.size() == 2 && i == 0;
        put_be16(out, outer_of_two ? kTpid8021ad : kTpid8021Q);
        put_be16(out, link.vlan_ids[i] & 0x0fff);  // priority 0, DEI 0
      }
      put_be16(out, ethertype);
      break;
    }
    case LinkKind::kLinuxSll:
      put_be16(out, a.outgoing ? kPacketOutgoing : kPacketHost);
      put_be16(out, kArphrdEther);
      put_be16(out, 6);
      append(out, std::span(a.src_mac));
      put_be16(out, 0);  // address field is 8 bytes; pad the MAC
      put_be16(out, ethertype);
      break;
    case LinkKind::kLinuxSll2:
      put_be16(out, ethertype);
      put_be16(out, 0);  // reserved
      put_be32(out, link.ifindex);
      put_be16(out, kArphrdEther);
      put_u8(out, a.outgoing ? kPacketOutgoing : kPacketHost);
      put_u8(out, 6);
      append(out, std::span(a.src_mac));
      put_be16(out, 0);
      break;
    case LinkKind::kRawIp:
      break;
    case LinkKind::kBsdNull:
      put_le32(out, is_ipv6(ip) ? kBsdAfInet6Darwin : kBsdAfInet);
      break;
  }
  append(out, ip);
  return out;
}

}  // namespace capgen
