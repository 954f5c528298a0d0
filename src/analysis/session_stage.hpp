#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "model/session.hpp"
#include "model/types.hpp"
#include "net/tcp_stream_reassembler.hpp"

namespace mailscope {

// A recognised mail session while the decoding stage runs it (see decoding_stage.hpp).
struct RunningSession;
using SessionHandle = RunningSession*;

// How often reassembly reported each StreamStatus on a session's connection.
using StreamStatusCounts = std::array<std::uint64_t, 5>;

// The second half of the analysis. The first half (reading, IP, TCP, recognising mail: see
// MailFlow) hands each recognised session's packets, bytes, gaps and end to a stage, in capture
// order; the stage decodes them and reports to the sink. Two stages do this: DecodingStage in
// the calling thread, HandoffStage on a thread of its own. The sink sees the same calls, in the
// same order, from either.
class SessionStage {
 public:
  virtual ~SessionStage() = default;

  // The session as recognised (id, protocol, endpoints, first packet, early warnings), and the
  // packets of its connection seen before it was recognised.
  virtual SessionHandle open(std::unique_ptr<Session> session,
                             std::span<const std::uint64_t> early_packets) = 0;
  // A packet of the session's connection (before its bytes, if any, are given).
  virtual void packet(SessionHandle session, std::uint64_t number, Timestamp time) = 0;
  // Bytes of one direction, in stream order, from where `origin` says.
  virtual void data(SessionHandle session, Direction direction, std::span<const std::uint8_t> bytes,
                    const SegmentOrigin& origin) = 0;
  // `byte_count` bytes of one direction that the capture missed.
  virtual void gap(SessionHandle session, Direction direction, std::uint64_t byte_count,
                   const SegmentOrigin& origin) = 0;
  // The connection is retired: the session ends and is reported. The handle is spent.
  virtual void close(SessionHandle session, const StreamStatusCounts& counts, bool closed) = 0;
  // Returns when everything given so far has reached the sink.
  virtual void flush() {}
};

}  // namespace mailscope
