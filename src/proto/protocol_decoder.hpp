#pragma once

#include <cstdint>

#include "model/types.hpp"
#include "proto/session_recorder.hpp"
#include "proto/stream_buffer.hpp"

namespace mailscope {

// What a protocol state machine may ask of the session it runs in.
class SessionControl {
 public:
  virtual ~SessionControl() = default;
  // Hold a direction until the peer has answered (after DATA or STARTTLS: what follows
  // depends on the reply). Holding is skipped when the peer was never heard (one-sided capture).
  virtual void hold(Direction direction) = 0;
  virtual void release(Direction direction) = 0;
  // The server accepted STARTTLS (its go-ahead line ends at `go_ahead`): from here on both
  // directions should carry TLS records.
  virtual void start_tls(const StreamItem& go_ahead) = 0;
  virtual bool heard_from(Direction direction) const = 0;
  virtual SessionRecorder& recorder() = 0;
};

// A (command, reply) state machine for one mail protocol. The session hands it the plaintext
// bytes of each direction through a StreamBuffer; the machine takes lines or counted bytes as
// its state requires, one item per call.
class ProtocolDecoder {
 public:
  virtual ~ProtocolDecoder() = default;
  // Takes one item from `buffer`; false when there is not enough data for the next item.
  virtual bool step(Direction direction, StreamBuffer& buffer) = 0;
  // Bytes of `direction` were lost from the capture. Returns true when decoding should resume
  // at the next line boundary, false when the machine is counting bytes through the hole
  // (a literal or BDAT chunk whose length is known).
  virtual bool on_gap(Direction direction, std::uint64_t bytes) = 0;
  // The capture (or the connection) ended.
  virtual void finish() = 0;
};

}  // namespace mailscope
