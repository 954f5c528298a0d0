// Link-layer framing of IP packets: Ethernet (optionally 802.1Q or QinQ tagged), Linux cooked
// v1 and v2, raw IP, and BSD loopback (NULL).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/address.h"
#include "core/bytes.h"

namespace capgen {

enum class LinkKind { kEthernet, kLinuxSll, kLinuxSll2, kRawIp, kBsdNull };

struct LinkLayer {
  LinkKind kind = LinkKind::kEthernet;
  // Ethernet only: VLAN IDs, outermost first. One tag: 802.1Q; two: QinQ (802.1ad S-tag outside).
  std::vector<std::uint16_t> vlan_ids{};
  std::uint32_t ifindex = 2;  // Linux cooked v2 interface index

  // The LINKTYPE_ value written into pcap/pcapng headers.
  std::uint32_t linktype() const;
  // The DLT_ value libpcap's pcap_open_dead() expects.
  int dlt() const;
  // libpcap's name for the link type ("EN10MB", "LINUX_SLL2", ...).
  std::string name() const;
};

struct FrameAddressing {
  MacAddress src_mac{};
  MacAddress dst_mac{};
  bool outgoing = false;  // sent by the host the capture runs on (cooked captures only)
};

Bytes frame_ip_packet(const LinkLayer& link, const FrameAddressing& addressing,
                      std::span<const std::uint8_t> ip_packet);

}  // namespace capgen
