#pragma once

#include <cstdint>
#include <span>

#include "model/types.hpp"
#include "net/ip_defragmenter.hpp"
#include "net/link_layer.hpp"

namespace mailscope {

// A transport-layer payload (a TCP segment here) with its addresses.
struct IpPacket {
  IpAddress src;
  IpAddress dst;
  std::uint8_t protocol = 0;
  std::span<const std::uint8_t> payload;  // transport header and data as captured
  std::uint32_t missing_tail = 0;         // bytes the IP header announces but the snaplen cut
  bool reassembled = false;               // payload was rebuilt from fragments
};

// Decodes IPv4 (with options) and IPv6 (with extension headers), reassembles fragments, and
// unwraps IP-in-IP and 6in4 tunnels so the inner TCP connection is what gets analysed.
class IpLayer {
 public:
  enum class Status : std::uint8_t { kOk, kFragmentHeld, kMalformed, kNotTransport };

  Status decode(NetworkProtocol network, std::span<const std::uint8_t> bytes, const Timestamp& now,
                IpPacket& out);

  std::uint64_t fragments_dropped() const { return defragmenter_.dropped(); }

 private:
  Status decode_v4(std::span<const std::uint8_t> b, const Timestamp& now, IpPacket& out, int depth);
  Status decode_v6(std::span<const std::uint8_t> b, const Timestamp& now, IpPacket& out, int depth);
  Status unwrap(IpPacket& out, const Timestamp& now, int depth);

  IpDefragmenter defragmenter_;
};

}  // namespace mailscope
