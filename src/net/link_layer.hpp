#pragma once

#include <cstdint>
#include <span>

namespace mailscope {

enum class NetworkProtocol : std::uint8_t { kIPv4, kIPv6 };

struct LinkResult {
  enum class Status : std::uint8_t {
    kOk,
    kNotIp,            // ARP, LLDP, ...: nothing for a mail sniffer
    kTruncated,        // the frame ends inside the link header
    kUnsupportedLink,  // a link type we do not decode
  };
  Status status = Status::kNotIp;
  NetworkProtocol network = NetworkProtocol::kIPv4;
  std::span<const std::uint8_t> payload;  // the IP packet
};

// Strips the link-layer header of one frame: Ethernet (802.1Q, 802.1ad/QinQ tags), Linux
// cooked v1 and v2, BSD loopback (NULL, LOOP) and raw IPv4/IPv6.
LinkResult strip_link_layer(int dlt, std::span<const std::uint8_t> frame);

bool is_supported_link_type(int dlt);

}  // namespace mailscope
