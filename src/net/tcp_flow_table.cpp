#include "net/tcp_flow_table.hpp"

#include <cstring>

namespace mailscope {

std::size_t FlowKeyHash::operator()(const FlowKey& k) const noexcept {
  // Mixes the addresses eight bytes at a time (splitmix64 steps): this runs once per packet.
  auto mix = [](std::uint64_t h, std::uint64_t v) {
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    return h ^ (h >> 29);
  };
  auto words = [&mix](std::uint64_t h, const Endpoint& e) {
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    std::memcpy(&a, e.address.bytes.data(), 8);
    std::memcpy(&b, e.address.bytes.data() + 8, 8);
    return mix(mix(mix(h, a), b), e.port);
  };
  return static_cast<std::size_t>(words(words(0, k.low), k.high));
}

TcpFlowTable::TcpFlowTable(HandlerFactory factory, Limits limits)
    : factory_(std::move(factory)), limits_(limits) {}

TcpFlowTable::~TcpFlowTable() = default;

FlowKey TcpFlowTable::key_of(const Endpoint& a, const Endpoint& b) {
  return a < b ? FlowKey{a, b} : FlowKey{b, a};
}

void TcpFlowTable::retire(
    std::unordered_map<FlowKey, std::unique_ptr<TcpConnection>, FlowKeyHash>::iterator it,
    const PacketContext& now) {
  TcpConnection* c = it->second.get();
  if (c->in_closed_list) {
    closed_.erase(c->lru_position);
  } else {
    by_activity_.erase(c->lru_position);
  }
  c->finish(now);
  connections_.erase(it);
}

void TcpFlowTable::expire(const PacketContext& now) {
  auto retire_front = [&](std::list<TcpConnection*>& list) {
    const auto& facts = list.front()->facts();
    retire(connections_.find(key_of(facts.endpoints[0], facts.endpoints[1])), now);
  };
  while (!closed_.empty() && now.time.seconds - closed_.front()->last_activity().seconds >
                                 limits_.closed_linger_seconds) {
    retire_front(closed_);
  }
  while (!by_activity_.empty() && now.time.seconds - by_activity_.front()->last_activity().seconds >
                                      limits_.idle_timeout_seconds) {
    retire_front(by_activity_);
  }
  while (connections_.size() > limits_.max_connections) {
    ++evicted_early_;
    retire_front(closed_.empty() ? by_activity_ : closed_);
  }
}

void TcpFlowTable::process(const IpPacket& ip, const TcpSegment& segment,
                           const PacketContext& packet) {
  Endpoint src{ip.src, segment.src_port};
  Endpoint dst{ip.dst, segment.dst_port};
  FlowKey key = key_of(src, dst);
  auto it = connections_.find(key);
  if (it != connections_.end()) {
    TcpConnection& existing = *it->second;
    if (existing.is_new_connection_syn(existing.side_of(src), segment)) {
      retire(it, packet);
      it = connections_.end();
    }
  }
  if (it == connections_.end()) {
    // A bare RST or FIN for a connection we never saw opens nothing worth keeping.
    if (segment.payload.empty() && !segment.has(TcpSegment::kSyn)) return;
    auto connection = std::make_unique<TcpConnection>(src, dst);
    connection->attach(factory_(*connection));
    it = connections_.emplace(key, std::move(connection)).first;
    by_activity_.push_back(it->second.get());
    it->second->lru_position = std::prev(by_activity_.end());
  }
  TcpConnection& c = *it->second;
  c.process(c.side_of(src), segment, packet);
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
  while (!connections_.empty())
    retire(connections_.begin(), last);
}

}  // namespace mailscope
