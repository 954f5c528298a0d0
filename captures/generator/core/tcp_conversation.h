// A scripted TCP connection: handshake, data segmented at the MSS with correct seq/ack, pure
// ACKs where a real stack would send them, FIN teardown, and the anomalies a reassembler must
// survive (out-of-order, retransmission, conflicting overlap, lost segment, mid-session start).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/address.h"
#include "core/bytes.h"

namespace capgen {

enum class Side { kClient, kServer };
inline Side peer_of(Side s) {
  return s == Side::kClient ? Side::kServer : Side::kClient;
}

// One packet as it travelled: the IP packet plus what a link-layer framer needs.
struct Frame {
  std::uint64_t id = 0;  // creation order; unique within a capture
  std::int64_t time_ns = 0;
  Side sender = Side::kClient;
  Bytes ip{};
  MacAddress src_mac{};
  MacAddress dst_mac{};
  bool captured = true;  // false: it happened on the wire but the capture did not see it
};

struct ConversationSpec {
  Endpoint client{};
  Endpoint server{};
  MacAddress client_mac{};
  MacAddress server_mac{};
  std::int64_t start_ns = 0;
  double rtt_ms = 20.0;          // round trip between the two hosts
  Side near = Side::kClient;     // the side the capture point sits next to
  std::uint32_t client_isn = 0;  // 0: derived from the 4-tuple and start time
  std::uint32_t server_isn = 0;
  std::uint8_t client_ttl = 64;  // as seen at the capture point
  std::uint8_t server_ttl = 64;
};

// How one send() reaches the capture point. Segment indexes count the segments of this send.
struct SendOptions {
  std::vector<std::size_t> split_at{};      // extra segment boundaries (payload offsets)
  bool out_of_order = false;                // the last two segments arrive swapped
  std::optional<std::size_t> retransmit{};  // resent with identical bytes after an RTO
  std::optional<std::size_t> conflicting_retransmit{};  // resent after an RTO with other bytes...
  std::string conflicting_bytes{};                      // ...these (same length as the segment)
  std::optional<std::size_t> lost{};  // never reaches the capture (the peer does get it)
};

// What a send() became on the wire, to point truth at the packet that carries given bytes.
struct Sent {
  struct Piece {
    std::uint64_t frame = 0;
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::string payload{};
  std::vector<Piece> pieces{};  // first transmissions, in sequence order

  std::uint64_t frame_at(std::size_t offset) const;
  // The frame carrying the last byte of the send.
  std::uint64_t last_frame() const { return frame_at(payload.size() - 1); }
  // The frame carrying the "\n" that ends the line containing `needle`.
  std::uint64_t frame_ending_line_with(std::string_view needle) const;
};

class TcpConversation {
 public:
  // `next_frame_id` is shared by every conversation of one capture.
  TcpConversation(const ConversationSpec& spec, std::uint64_t& next_frame_id);

  const ConversationSpec& spec() const { return spec_; }

  void connect();
  Sent send(Side from, std::string_view payload, const SendOptions& options = {});
  // FIN from `initiator`, FIN from the peer, last ACK.
  void close(Side initiator);
  // An RST from `from` (an abrupt end).
  void reset(Side from);
  // Time passing before the next packet (a user typing, a server queueing a message).
  void wait_ms(double ms) { pending_delay_ns_ += static_cast<std::int64_t>(ms * 1e6); }
  // Packets made while not capturing happen on the wire but are not in the file.
  void set_capturing(bool on) { capturing_ = on; }

  const std::vector<Frame>& frames() const { return frames_; }
  // Hands the frames over and keeps none (for a caller that streams them out).
  std::vector<Frame> take_frames() { return std::exchange(frames_, {}); }
  // The anomalies this script planted, named as the truth files name them.
  std::vector<std::string> planted_warnings() const;
  bool has_payload_from(Side s) const { return state(s).bytes_sent > 0; }

 private:
  struct SideState {
    Endpoint endpoint;
    MacAddress mac{};
    std::uint32_t isn = 0;
    std::uint32_t next_seq = 0;
    std::uint32_t acked_by_peer = 0;  // highest ack the peer has sent for this side's data
    std::uint16_t ip_id = 0;
    std::uint32_t flow_label = 0;
    std::uint32_t ts_offset = 0;
    std::uint32_t last_tsval = 0;
    std::uint8_t ttl = 64;
    std::uint16_t window = 0;
    std::int64_t last_data_ns = 0;
    std::uint64_t bytes_sent = 0;
  };

  SideState& state(Side s) { return s == Side::kClient ? client_ : server_; }
  const SideState& state(Side s) const { return s == Side::kClient ? client_ : server_; }

  // Time at which `from` emits its next packet, given who spoke last.
  std::int64_t next_time(Side from);
  // Pure ACKs a stack would have sent before `t` for data still unacknowledged.
  void flush_delayed_acks(std::int64_t before_ns);
  std::uint64_t emit(Side from, std::int64_t t, std::uint32_t seq, std::uint8_t flags,
                     std::span<const std::uint8_t> payload, bool syn_options);
  void emit_ack(Side from, std::int64_t t);
  double jitter_ms(double lo, double hi);

  ConversationSpec spec_;
  std::uint64_t& next_frame_id_;
  SideState client_;
  SideState server_;
  std::vector<Frame> frames_;
  std::int64_t now_ns_ = 0;
  std::int64_t pending_delay_ns_ = 0;
  std::optional<Side> last_sender_;
  bool capturing_ = true;
  std::uint64_t rng_ = 0;
  std::set<std::string> planted_;
};

}  // namespace capgen
