#include "net/link_layer.hpp"

#include <pcap/dlt.h>

#include "capture/link_type_ids.hpp"
#include "net/byte_reader.hpp"

namespace mailscope {
namespace {

constexpr std::uint16_t kEtherTypeIPv4 = 0x0800;
constexpr std::uint16_t kEtherTypeIPv6 = 0x86DD;
constexpr std::uint16_t kEtherTypeVlan = 0x8100;
constexpr std::uint16_t kEtherTypeQinQ = 0x88A8;
constexpr std::uint16_t kEtherTypeQinQOld = 0x9100;
constexpr int kMaxVlanTags = 4;

LinkResult by_ethertype(std::uint16_t type, std::span<const std::uint8_t> rest) {
  LinkResult r;
  if (type == kEtherTypeIPv4) {
    r = {LinkResult::Status::kOk, NetworkProtocol::kIPv4, rest};
  } else if (type == kEtherTypeIPv6) {
    r = {LinkResult::Status::kOk, NetworkProtocol::kIPv6, rest};
  }
  return r;
}

LinkResult by_version_nibble(std::span<const std::uint8_t> ip) {
  if (ip.empty()) return {LinkResult::Status::kTruncated, {}, {}};
  switch (ip[0] >> 4) {
    case 4:
      return {LinkResult::Status::kOk, NetworkProtocol::kIPv4, ip};
    case 6:
      return {LinkResult::Status::kOk, NetworkProtocol::kIPv6, ip};
    default:
      return {};
  }
}

LinkResult ethernet(std::span<const std::uint8_t> f) {
  if (f.size() < 14) return {LinkResult::Status::kTruncated, {}, {}};
  std::size_t at = 12;
  std::uint16_t type = be16(f, at);
  at += 2;
  for (int tags = 0; type == kEtherTypeVlan || type == kEtherTypeQinQ || type == kEtherTypeQinQOld;
       ++tags) {
    if (tags == kMaxVlanTags || f.size() < at + 4) return {LinkResult::Status::kTruncated, {}, {}};
    type = be16(f, at + 2);
    at += 4;
  }
  if (type <= 1500) return {};  // an 802.3 length field: LLC frames carry no IP here
  return by_ethertype(type, f.subspan(at));
}

// Linux cooked v1: 16 bytes, protocol at offset 14.
LinkResult linux_sll(std::span<const std::uint8_t> f) {
  if (f.size() < 16) return {LinkResult::Status::kTruncated, {}, {}};
  return by_ethertype(be16(f, 14), f.subspan(16));
}

// Linux cooked v2: 20 bytes, protocol at offset 0.
LinkResult linux_sll2(std::span<const std::uint8_t> f) {
  if (f.size() < 20) return {LinkResult::Status::kTruncated, {}, {}};
  return by_ethertype(be16(f, 0), f.subspan(20));
}

// BSD loopback: a 4-byte address family, in the byte order of the capturing host (NULL) or
// network order (LOOP). AF_INET is 2 everywhere; AF_INET6 is 24, 28 or 30 depending on the BSD.
LinkResult bsd_loopback(std::span<const std::uint8_t> f) {
  if (f.size() < 4) return {LinkResult::Status::kTruncated, {}, {}};
  return by_version_nibble(f.subspan(4));
}

}  // namespace

bool is_supported_link_type(int dlt) {
  switch (dlt) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case kDltLinuxSll2:
    case DLT_NULL:
    case DLT_LOOP:
    case DLT_RAW:
    case kLinktypeRaw:
    case kDltIPv4:
    case kDltIPv6:
      return true;
    default:
      return false;
  }
}

LinkResult strip_link_layer(int dlt, std::span<const std::uint8_t> frame) {
  switch (dlt) {
    case DLT_EN10MB:
      return ethernet(frame);
    case DLT_LINUX_SLL:
      return linux_sll(frame);
    case kDltLinuxSll2:
      return linux_sll2(frame);
    case DLT_NULL:
    case DLT_LOOP:
      return bsd_loopback(frame);
    case DLT_RAW:
    case kLinktypeRaw:
    case kDltIPv4:
    case kDltIPv6:
      return by_version_nibble(frame);
    default:
      return {LinkResult::Status::kUnsupportedLink, {}, {}};
  }
}

}  // namespace mailscope
