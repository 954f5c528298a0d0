#include "net/ip_defragmenter.hpp"

#include <algorithm>
#include <cstring>

namespace mailscope {

void IpDefragmenter::expire(Timestamp now) {
  for (auto it = datagrams_.begin(); it != datagrams_.end();) {
    if (now.seconds - it->second.first_seen.seconds > kTimeoutSeconds) {
      it = datagrams_.erase(it);
      ++dropped_;
    } else {
      ++it;
    }
  }
}

bool IpDefragmenter::complete(const Datagram& d) {
  if (d.total == 0) return false;
  std::uint32_t covered = 0;
  for (const auto& [begin, end] : d.pieces) {  // pieces are kept sorted by begin
    if (begin > covered) return false;
    covered = std::max(covered, end);
  }
  return covered >= d.total;
}

std::span<const std::uint8_t> IpDefragmenter::add(const Key& key, std::uint32_t offset,
                                                  bool more_fragments,
                                                  std::span<const std::uint8_t> data,
                                                  Timestamp now) {
  std::uint64_t end = std::uint64_t{offset} + data.size();
  if (end > kMaxDatagramSize) {
    ++dropped_;
    datagrams_.erase(key);
    return {};
  }
  auto it = datagrams_.find(key);
  if (it == datagrams_.end()) {
    if (datagrams_.size() >= kMaxDatagrams) expire(now);
    if (datagrams_.size() >= kMaxDatagrams) {
      // Still full of fresh fragments: drop the oldest so memory stays bounded.
      auto oldest = std::min_element(datagrams_.begin(), datagrams_.end(), [](auto& a, auto& b) {
        return a.second.first_seen < b.second.first_seen;
      });
      datagrams_.erase(oldest);
      ++dropped_;
    }
    it = datagrams_.emplace(key, Datagram{}).first;
    it->second.first_seen = now;
  }
  Datagram& d = it->second;
  if (d.bytes.size() < end) d.bytes.resize(end);
  // The first copy of overlapping bytes wins, as for TCP.
  for (std::uint32_t i = 0; i < data.size(); ++i) {
    std::uint32_t at = offset + i;
    bool seen = std::any_of(d.pieces.begin(), d.pieces.end(),
                            [at](auto& p) { return at >= p.first && at < p.second; });
    if (!seen) d.bytes[at] = data[i];
  }
  auto piece = std::make_pair(offset, static_cast<std::uint32_t>(end));
  d.pieces.insert(std::upper_bound(d.pieces.begin(), d.pieces.end(), piece), piece);
  if (!more_fragments) d.total = static_cast<std::uint32_t>(end);
  if (!complete(d)) return {};
  completed_ = std::move(d.bytes);
  completed_.resize(d.total);
  datagrams_.erase(it);
  return completed_;
}

}  // namespace mailscope
