#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "model/session.hpp"
#include "model/session_observer.hpp"
#include "proto/protocol_decoder.hpp"
#include "proto/session_recorder.hpp"
#include "proto/stream_buffer.hpp"
#include "proto/tls_record_stream.hpp"

namespace mailscope {

// Runs one mail session: keeps each direction in plaintext or TLS, hands plaintext to the
// protocol's state machine, TLS to the record reader, and carries out STARTTLS. The session's
// protocol is known when it is built (see protocol_detector.hpp).
class MailSessionDecoder final : public SessionControl {
 public:
  // A paused direction may hold this much before it is released anyway.
  static constexpr std::size_t kMaxHeldBytes = 256 * 1024;

  MailSessionDecoder(Session& session, SessionObserver& observer);
  ~MailSessionDecoder() override;

  void on_data(Direction direction, std::span<const std::uint8_t> bytes,
               std::uint64_t stream_offset, std::uint64_t packet, const Timestamp& time);
  void on_gap(Direction direction, std::uint64_t stream_offset, std::uint64_t bytes,
              std::uint64_t packet, const Timestamp& time);
  void finish();

  // SessionControl
  void hold(Direction direction) override;
  void release(Direction direction) override;
  void start_tls(const StreamItem& go_ahead) override;
  bool heard_from(Direction direction) const override;
  SessionRecorder& recorder() override { return recorder_; }

 private:
  enum class Mode : std::uint8_t {
    kDetect,     // first bytes: TLS record or plaintext?
    kPlaintext,  // lines for the protocol decoder
    kTls,        // TLS records
    kOpaque,     // neither: counted, not decoded
  };
  struct DirectionState {
    explicit DirectionState(Direction d) : buffer(d) {}
    StreamBuffer buffer;
    Mode mode = Mode::kDetect;
    bool held = false;
    bool after_starttls = false;            // detection right after the STARTTLS go-ahead
    bool plaintext_after_starttls = false;  // lines came where the handshake should be
    std::uint64_t bytes_seen = 0;
    std::uint64_t bytes_decoded = 0;  // plaintext bytes handed to the protocol decoder
    std::optional<TlsRecordStream> tls;
  };

  void pump();
  bool pump_direction(DirectionState& d);
  bool detect(DirectionState& d);
  void to_tls(DirectionState& d);
  TlsInfo& tls_info();
  DirectionState& state(Direction d) { return directions_[static_cast<int>(d)]; }
  const DirectionState& state(Direction d) const { return directions_[static_cast<int>(d)]; }

  Session& session_;
  SessionRecorder recorder_;
  std::unique_ptr<ProtocolDecoder> decoder_;
  std::array<DirectionState, 2> directions_{DirectionState(Direction::kClientToServer),
                                            DirectionState(Direction::kServerToClient)};
  bool pumping_ = false;
  bool client_sent_before_go_ahead_ = false;
  bool finished_ = false;
};

}  // namespace mailscope
