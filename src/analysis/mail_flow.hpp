#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/session_stage.hpp"
#include "model/session.hpp"
#include "net/tcp_connection.hpp"
#include "proto/protocol_detector.hpp"

namespace mailscope {

// Shared by every flow of one analysis.
struct FlowContext {
  SessionStage* stage = nullptr;  // decodes and reports the sessions recognised
  std::uint64_t next_session_id = 1;
};

// One TCP connection seen by the analysis: it waits for enough bytes to tell whether the
// connection carries mail, then hands the session to the decoding stage. A connection that is
// not mail costs its first bytes and nothing after.
class MailFlow final : public ConnectionHandler {
 public:
  // Early bytes kept per side while the protocol is unknown.
  static constexpr std::size_t kMaxDetectionBytes = 8 * 1024;
  static constexpr std::size_t kEarlyPacketsKept = 8;

  MailFlow(TcpConnection& connection, FlowContext& context);
  ~MailFlow() override;

  void on_packet(Side from, const TcpSegment& segment, const PacketContext& packet) override;
  void on_data(Side from, std::span<const std::uint8_t> bytes,
               const SegmentOrigin& origin) override;
  void on_status(Side from, StreamStatus status, std::uint64_t byte_count,
                 const SegmentOrigin& origin) override;
  void on_finish() override;

 private:
  enum class State : std::uint8_t { kDetecting, kMail, kNotMail };
  struct EarlyChunk {
    Side side;
    std::vector<std::uint8_t> bytes;
    SegmentOrigin origin;
  };

  void try_detect(bool final);
  void open_session(const Detection& detection);
  void deliver(Side from, std::span<const std::uint8_t> bytes, const SegmentOrigin& origin);
  Direction direction_of(Side side) const {
    return side == client_side_ ? Direction::kClientToServer : Direction::kServerToClient;
  }

  TcpConnection& connection_;
  FlowContext& context_;
  State state_ = State::kDetecting;
  Side client_side_ = Side::kFirst;
  bool roles_from_handshake_ = false;
  std::vector<EarlyChunk> early_;
  // The chunk being looked at when it is the connection's first: delivered without a copy.
  struct FirstChunk {
    Side side;
    std::span<const std::uint8_t> bytes;
    SegmentOrigin origin;
  };
  std::optional<FirstChunk> pending_first_;
  std::string early_text_[2];  // per Side, the first bytes (for detection)
  std::size_t preamble_left_[2] = {0, 0};
  std::vector<std::uint64_t> early_packets_;
  std::uint64_t first_packet_ = 0;
  Timestamp first_time_;
  StreamStatusCounts status_counts_{};
  SessionHandle session_ = 0;  // the stage's number for the session, once recognised
};

}  // namespace mailscope
