#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "model/types.hpp"

namespace mailscope {

// Reassembles fragmented IPv4 and IPv6 datagrams. Bounded: at most kMaxDatagrams in progress,
// each at most 64 KiB, dropped after kTimeoutSeconds of capture time without completing.
class IpDefragmenter {
 public:
  struct Key {
    IpAddress src;
    IpAddress dst;
    std::uint32_t id = 0;
    std::uint8_t protocol = 0;
    auto operator<=>(const Key&) const = default;
  };

  static constexpr std::size_t kMaxDatagrams = 256;
  static constexpr std::size_t kMaxDatagramSize = 65535;
  static constexpr std::int64_t kTimeoutSeconds = 30;

  // Adds one fragment (offset in bytes, more_fragments as the header says). Returns the whole
  // transport payload when this fragment completed it; the span stays valid until the next call.
  std::span<const std::uint8_t> add(const Key& key, std::uint32_t offset, bool more_fragments,
                                    std::span<const std::uint8_t> data, Timestamp now);

  std::uint64_t dropped() const { return dropped_; }
  std::size_t pending() const { return datagrams_.size(); }

 private:
  struct Datagram {
    std::vector<std::uint8_t> bytes;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pieces;  // [begin, end)
    std::uint32_t total = 0;                                      // known once the last arrived
    Timestamp first_seen;
  };

  void expire(Timestamp now);
  static bool complete(const Datagram& d);

  std::map<Key, Datagram> datagrams_;
  std::vector<std::uint8_t> completed_;
  std::uint64_t dropped_ = 0;
};

}  // namespace mailscope
