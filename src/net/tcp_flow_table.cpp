#include "net/tcp_flow_table.hpp"

#include <cstring>

namespace mailscope {

std::size_t FlowKeyHash::operator()(const FlowKey& k) const noexcept {
  // One multiplication per eight bytes and one final mix (murmur3's fmix64): this runs for
  // every packet, and chained splitmix steps over each word cost more than the lookup itself.
  // The table only needs the bits spread; the key is not secret, so neither is the hash.
  auto word = [](const Endpoint& e, std::size_t half) {
    std::uint64_t w = 0;
    std::memcpy(&w, e.address.bytes.data() + 8 * half, 8);
    return w;
  };
  std::uint64_t ports = (std::uint64_t{k.low.port} << 16) | k.high.port;
  std::uint64_t h =
      (word(k.low, 0) * 0x9E3779B97F4A7C15ULL) ^ (word(k.low, 1) * 0xC2B2AE3D27D4EB4FULL) ^
      (word(k.high, 0) * 0x165667B19E3779F9ULL) ^ (word(k.high, 1) * 0xD6E8FEB86659FD93ULL) ^
      ((ports + k.low.address.is_v6) * 0xFF51AFD7ED558CCDULL);
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

TcpFlowTable::TcpFlowTable(HandlerFactory factory, Limits limits)
    : factory_(std::move(factory)), limits_(limits) {}

TcpFlowTable::~TcpFlowTable() = default;

FlowKey TcpFlowTable::key_of(const Endpoint& a, const Endpoint& b) {
  return a < b ? FlowKey{a, b} : FlowKey{b, a};
}

void TcpFlowTable::retire(Connections::iterator it, const PacketContext& now) {
  TcpConnection* c = it->second.get();
  if (c->in_closed_list) {
    closed_.erase(c->lru_position);
  } else {
    by_activity_.erase(c->lru_position);
  }
  c->finish(now);
  if (last_ == it) last_ = connections_.end();
  connections_.erase(it);
}

void TcpFlowTable::retire_front(std::list<TcpConnection*>& list, const PacketContext& now) {
  const auto& facts = list.front()->facts();
  retire(connections_.find(key_of(facts.endpoints[0], facts.endpoints[1])), now);
}

void TcpFlowTable::expire(const PacketContext& now) {
  while (!closed_.empty() && now.time.seconds - closed_.front()->last_activity().seconds >
                                 limits_.closed_linger_seconds) {
    retire_front(closed_, now);
  }
  while (!by_activity_.empty() && now.time.seconds - by_activity_.front()->last_activity().seconds >
                                      limits_.idle_timeout_seconds) {
    retire_front(by_activity_, now);
  }
  while (connections_.size() > limits_.max_connections) {
    ++evicted_early_;
    retire_front(closed_.empty() ? by_activity_ : closed_, now);
  }
}

void TcpFlowTable::process(const IpPacket& ip, const TcpSegment& segment,
                           const PacketContext& packet) {
  // Packets come in runs of one connection: the last one found is tried before the table
  // (ordering, hashing and comparing the 4-tuple was a fifth of the reading thread's time).
  // Its endpoints are compared with the addresses where the IP layer wrote them: copied into
  // Endpoints first, each was read back as one 16-byte load from the two 8-byte stores just
  // made, a store-forwarding stall on every packet (this function went from 11.5 % to 7.6 % of
  // the reading thread's samples, real capture).
  auto it = connections_.end();
  if (last_ != connections_.end()) {
    const auto& ends = last_->second->facts().endpoints;
    auto is = [](const Endpoint& e, const IpAddress& address, std::uint16_t port) {
      return e.port == port && e.address == address;
    };
    bool forward = is(ends[0], ip.src, segment.src_port) && is(ends[1], ip.dst, segment.dst_port);
    if (forward ||
        (is(ends[0], ip.dst, segment.dst_port) && is(ends[1], ip.src, segment.src_port))) {
      it = last_;
    }
  }
  if (it == connections_.end()) {
    it = connections_.find(key_of({ip.src, segment.src_port}, {ip.dst, segment.dst_port}));
  }
  if (it != connections_.end()) {
    TcpConnection& existing = *it->second;
    if (existing.is_new_connection_syn(existing.side_of(ip.src, segment.src_port), segment)) {
      retire(it, packet);
      it = connections_.end();
    }
  }
  if (it == connections_.end()) {
    // A bare RST or FIN for a connection we never saw opens nothing worth keeping.
    if (segment.payload.empty() && !segment.has(TcpSegment::kSyn)) return;
    Endpoint src{ip.src, segment.src_port};
    Endpoint dst{ip.dst, segment.dst_port};
    auto connection = std::make_unique<TcpConnection>(src, dst);
    connection->attach(factory_(*connection));
    it = connections_.emplace(key_of(src, dst), std::move(connection)).first;
    by_activity_.push_back(it->second.get());
    it->second->lru_position = std::prev(by_activity_.end());
  }
  last_ = it;  // valid until it is erased (retire) or the table rehashes (emplace, above)
  TcpConnection& c = *it->second;
  c.process(c.side_of(ip.src, segment.src_port), segment, packet);
  if (c.in_closed_list) {
    closed_.splice(closed_.end(), closed_, c.lru_position);
  } else if (c.closed()) {
    closed_.splice(closed_.end(), by_activity_, c.lru_position);
    c.in_closed_list = true;
  } else {
    by_activity_.splice(by_activity_.end(), by_activity_, c.lru_position);
  }
  expire(packet);
}

void TcpFlowTable::finish_all(const PacketContext& last) {
  // In the order time would have retired them (closed ones first, then the least recently
  // active), not the hash table's: the report's order must not depend on the hash function.
  for (std::list<TcpConnection*>* list : {&closed_, &by_activity_}) {
    while (!list->empty())
      retire_front(*list, last);
  }
}

}  // namespace mailscope
