#include "net/ip_layer.hpp"

#include <algorithm>

#include "net/byte_reader.hpp"

namespace mailscope {
namespace {

constexpr std::uint8_t kProtoIPv4InIP = 4;
constexpr std::uint8_t kProtoIPv6InIP = 41;
constexpr int kMaxTunnelDepth = 3;

// IPv6 extension headers that may sit between the fixed header and TCP.
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kAuthentication = 51;
constexpr std::uint8_t kDestinationOptions = 60;
constexpr std::uint8_t kMobility = 135;

bool is_tunnel(std::uint8_t protocol) {
  return protocol == kProtoIPv4InIP || protocol == kProtoIPv6InIP;
}

}  // namespace

IpLayer::Status IpLayer::decode(NetworkProtocol network, std::span<const std::uint8_t> bytes,
                                const Timestamp& now, IpPacket& out) {
  out = {};
  return network == NetworkProtocol::kIPv4 ? decode_v4(bytes, now, out, 0)
                                           : decode_v6(bytes, now, out, 0);
}

// IP-in-IP and 6in4 (callers test is_tunnel first: a call a packet for nothing otherwise).
IpLayer::Status IpLayer::unwrap(IpPacket& out, const Timestamp& now, int depth) {
  if (depth >= kMaxTunnelDepth) return Status::kNotTransport;
  auto inner = out.payload;
  bool reassembled = out.reassembled;
  Status s = out.protocol == kProtoIPv4InIP ? decode_v4(inner, now, out, depth + 1)
                                            : decode_v6(inner, now, out, depth + 1);
  out.reassembled = out.reassembled || reassembled;
  return s;
}

IpLayer::Status IpLayer::decode_v4(std::span<const std::uint8_t> b, const Timestamp& now,
                                   IpPacket& out, int depth) {
  if (b.size() < 20 || (b[0] >> 4) != 4) return Status::kMalformed;
  std::size_t header_length = (b[0] & 0x0F) * 4U;
  std::size_t total_length = be16(b, 2);
  if (header_length < 20 || total_length < header_length || b.size() < header_length) {
    return Status::kMalformed;
  }
  // Ethernet pads short frames: the IP total length says where the packet really ends.
  std::size_t captured = std::min(b.size(), total_length);
  out.src.assign_v4(&b[12]);
  out.dst.assign_v4(&b[16]);
  out.protocol = b[9];
  out.payload = b.subspan(header_length, captured - header_length);
  out.missing_tail = static_cast<std::uint32_t>(total_length - captured);

  std::uint16_t flags_offset = be16(b, 6);
  bool more_fragments = flags_offset & 0x2000;
  std::uint32_t fragment_offset = (flags_offset & 0x1FFFU) * 8U;
  if (more_fragments || fragment_offset != 0) {
    if (out.missing_tail != 0) return Status::kMalformed;  // cannot rebuild a cut fragment
    IpDefragmenter::Key key{out.src, out.dst, be16(b, 4), out.protocol};
    auto whole = defragmenter_.add(key, fragment_offset, more_fragments, out.payload, now);
    if (whole.empty()) return Status::kFragmentHeld;
    out.payload = whole;
    out.reassembled = true;
  }
  return is_tunnel(out.protocol) ? unwrap(out, now, depth) : Status::kOk;
}

IpLayer::Status IpLayer::decode_v6(std::span<const std::uint8_t> b, const Timestamp& now,
                                   IpPacket& out, int depth) {
  if (b.size() < 40 || (b[0] >> 4) != 6) return Status::kMalformed;
  std::size_t payload_length = be16(b, 4);
  out.src.assign_v6(&b[8]);
  out.dst.assign_v6(&b[24]);
  // A zero payload length means a jumbogram; take what was captured.
  std::size_t announced = payload_length == 0 ? b.size() - 40 : payload_length;
  std::size_t captured = std::min(b.size() - 40, announced);
  auto rest = b.subspan(40, captured);
  out.missing_tail = static_cast<std::uint32_t>(announced - captured);

  std::uint8_t next = b[6];
  bool fragmented = false;
  std::uint32_t fragment_offset = 0;
  bool more_fragments = false;
  std::uint32_t fragment_id = 0;
  for (int hops = 0; hops < 16; ++hops) {
    if (next == kHopByHop || next == kRouting || next == kDestinationOptions || next == kMobility) {
      if (rest.size() < 8) return Status::kMalformed;
      std::size_t len = (rest[1] + 1U) * 8U;
      if (rest.size() < len) return Status::kMalformed;
      next = rest[0];
      rest = rest.subspan(len);
    } else if (next == kAuthentication) {
      if (rest.size() < 8) return Status::kMalformed;
      std::size_t len = (rest[1] + 2U) * 4U;
      if (rest.size() < len) return Status::kMalformed;
      next = rest[0];
      rest = rest.subspan(len);
    } else if (next == kFragment) {
      if (rest.size() < 8) return Status::kMalformed;
      std::uint16_t off = be16(rest, 2);
      fragment_offset = (off >> 3) * 8U;
      more_fragments = off & 1U;
      fragment_id = be32(rest, 4);
      fragmented = fragment_offset != 0 || more_fragments;
      next = rest[0];
      rest = rest.subspan(8);
    } else {
      break;
    }
  }
  out.protocol = next;
  out.payload = rest;
  if (fragmented) {
    if (out.missing_tail != 0) return Status::kMalformed;
    IpDefragmenter::Key key{out.src, out.dst, fragment_id, next};
    auto whole = defragmenter_.add(key, fragment_offset, more_fragments, rest, now);
    if (whole.empty()) return Status::kFragmentHeld;
    out.payload = whole;
    out.reassembled = true;
  }
  return is_tunnel(out.protocol) ? unwrap(out, now, depth) : Status::kOk;
}

}  // namespace mailscope
