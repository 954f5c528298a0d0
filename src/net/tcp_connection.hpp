#pragma once

#include <cstdint>
#include <list>
#include <memory>

#include "model/types.hpp"
#include "net/tcp_segment.hpp"
#include "net/tcp_stream_reassembler.hpp"

namespace mailscope {

// Per-packet facts the connection passes on.
struct PacketContext {
  std::uint64_t number = 0;
  Timestamp time;
  std::uint32_t frame_offset = 0;  // where the TCP payload starts in the frame (0: rebuilt)
  std::uint32_t wire_length = 0;
};

// The two sides of a connection, in the order the connection first saw them: side 0 sent the
// first packet seen. Who is the client is decided above this layer (SYN, ports, content).
enum class Side : std::uint8_t { kFirst = 0, kSecond = 1 };

// What listens to one TCP connection: the analysis layer's mail session decoder.
class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;
  virtual void on_packet(Side from, const TcpSegment& segment, const PacketContext& packet) = 0;
  virtual void on_data(Side from, std::span<const std::uint8_t> bytes,
                       const SegmentOrigin& origin) = 0;
  virtual void on_status(Side from, StreamStatus status, std::uint64_t byte_count,
                         const SegmentOrigin& origin) = 0;
  // The connection is retired (closed and lingered, idle, evicted or end of capture).
  virtual void on_finish() = 0;
};

struct ConnectionFacts {
  Endpoint endpoints[2];              // indexed by Side
  bool syn_from[2] = {false, false};  // a SYN without ACK came from this side
  bool syn_ack_from[2] = {false, false};
};

class TcpConnection {
 public:
  TcpConnection(const Endpoint& first, const Endpoint& second);
  TcpConnection(const TcpConnection&) = delete;  // the direction sinks point back at it
  TcpConnection& operator=(const TcpConnection&) = delete;

  void attach(std::unique_ptr<ConnectionHandler> handler);
  void process(Side from, const TcpSegment& segment, const PacketContext& packet);
  void finish(const PacketContext& last);

  const ConnectionFacts& facts() const { return facts_; }
  // The side a packet from `address`:`port` came from.
  Side side_of(const IpAddress& address, std::uint16_t port) const {
    const Endpoint& first = facts_.endpoints[0];
    return first.port == port && first.address == address ? Side::kFirst : Side::kSecond;
  }
  bool closed() const { return rst_ || (fin_[0] && fin_[1]); }
  // A new SYN on a used 4-tuple starts a new connection (port reuse).
  bool is_new_connection_syn(Side from, const TcpSegment& segment) const;
  Timestamp last_activity() const { return last_activity_; }

  // Bookkeeping for the flow table.
  std::list<TcpConnection*>::iterator lru_position;
  bool in_closed_list = false;

 private:
  // Adapts one direction's reassembler to the handler.
  class DirectionSink final : public StreamConsumer {
   public:
    DirectionSink(TcpConnection& owner, Side side) : owner_(owner), side_(side) {}
    void on_stream_data(std::span<const std::uint8_t> bytes, const SegmentOrigin& origin) override;
    void on_stream_status(StreamStatus status, std::uint64_t byte_count,
                          const SegmentOrigin& origin) override;

   private:
    TcpConnection& owner_;
    Side side_;
  };

  ConnectionFacts facts_;
  DirectionSink sinks_[2];
  TcpStreamReassembler streams_[2];
  std::unique_ptr<ConnectionHandler> handler_;
  bool fin_[2] = {false, false};
  bool rst_ = false;
  bool had_payload_ = false;
  Timestamp last_activity_;
};

}  // namespace mailscope
