#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <unordered_map>

#include "net/ip_layer.hpp"
#include "net/tcp_connection.hpp"

namespace mailscope {

struct FlowKey {
  Endpoint low;
  Endpoint high;
  bool operator==(const FlowKey&) const = default;
};

struct FlowKeyHash {
  std::size_t operator()(const FlowKey& k) const noexcept;
};

// All open TCP connections. Memory is bounded by what is open at once: closed connections are
// retired after a short linger, idle ones after a timeout, and past kMaxConnections the least
// recently active is retired early (its session is still reported).
class TcpFlowTable {
 public:
  using HandlerFactory = std::function<std::unique_ptr<ConnectionHandler>(TcpConnection&)>;

  struct Limits {
    std::size_t max_connections = 100000;
    std::int64_t idle_timeout_seconds = 600;
    std::int64_t closed_linger_seconds = 5;
  };

  explicit TcpFlowTable(HandlerFactory factory) : TcpFlowTable(std::move(factory), Limits{}) {}
  TcpFlowTable(HandlerFactory factory, Limits limits);
  ~TcpFlowTable();

  void process(const IpPacket& ip, const TcpSegment& segment, const PacketContext& packet);
  // Retires every connection (end of capture): the closed ones in the order they closed, then
  // the open ones from the least recently active.
  void finish_all(const PacketContext& last);

  std::size_t open_connections() const { return connections_.size(); }
  std::uint64_t evicted_early() const { return evicted_early_; }

 private:
  using Connections = std::unordered_map<FlowKey, std::unique_ptr<TcpConnection>, FlowKeyHash>;
  void retire(Connections::iterator it, const PacketContext& now);
  void retire_front(std::list<TcpConnection*>& list, const PacketContext& now);
  void expire(const PacketContext& now);
  static FlowKey key_of(const Endpoint& a, const Endpoint& b);

  HandlerFactory factory_;
  Limits limits_;
  Connections connections_;
  Connections::iterator last_ = connections_.end();  // the previous packet's connection
  std::list<TcpConnection*> by_activity_;            // least recently active first
  std::list<TcpConnection*> closed_;                 // in order of closing
  std::uint64_t evicted_early_ = 0;
};

}  // namespace mailscope
