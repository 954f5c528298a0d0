#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/session.hpp"
#include "model/types.hpp"
#include "net/tcp_stream_reassembler.hpp"

namespace mailscope {

// A recognised mail session, as the first half of the analysis refers to it: a number the
// stage gave it, reused once the session is closed. A stage on another thread finds the
// session by it without a lookup, and memory follows the sessions open at once.
using SessionHandle = std::uint32_t;

// How often reassembly reported each StreamStatus on a session's connection.
using StreamStatusCounts = std::array<std::uint64_t, 5>;

// A mail session as recognised on its connection: what decoding it starts from.
struct SessionStart {
  std::uint64_t id = 0;
  Protocol protocol = Protocol::kUnknown;
  Endpoint client;
  Endpoint server;
  std::uint64_t first_packet = 0;
  Timestamp start;
  bool handshake_seen = true;  // the capture holds the connection's TCP handshake
  std::string_view via;        // a proxy the mail runs through (static text), or empty
};

// Hands out session numbers, smallest pool first: a number given back is the next one taken.
class SessionNumbers {
 public:
  SessionHandle take() {
    if (free_.empty()) return next_++;
    SessionHandle number = free_.back();
    free_.pop_back();
    return number;
  }
  void give_back(SessionHandle number) { free_.push_back(number); }

 private:
  std::vector<SessionHandle> free_;
  SessionHandle next_ = 0;
};

// The second half of the analysis. The first half (reading, IP, TCP, recognising mail: see
// MailFlow) hands each recognised session's packets, bytes, gaps and end to a stage, in capture
// order; the stage decodes them and reports to the sink. Two stages do this: DecodingStage in
// the calling thread, HandoffStage on a thread of its own. The sink sees the same calls, in the
// same order, from either.
class SessionStage {
 public:
  virtual ~SessionStage() = default;

  // A session is recognised; `early_packets` are its connection's packets seen before that.
  virtual SessionHandle open(const SessionStart& start,
                             std::span<const std::uint64_t> early_packets) = 0;
  // A packet of the session's connection (before its bytes, if any, are given).
  virtual void packet(SessionHandle session, std::uint64_t number, const Timestamp& time) = 0;
  // Bytes of one direction, in stream order, from where `origin` says.
  virtual void data(SessionHandle session, Direction direction, std::span<const std::uint8_t> bytes,
                    const SegmentOrigin& origin) = 0;
  // `byte_count` bytes of one direction that the capture missed.
  virtual void gap(SessionHandle session, Direction direction, std::uint64_t byte_count,
                   const SegmentOrigin& origin) = 0;
  // The connection is retired: the session ends and is reported. The number is given back.
  virtual void close(SessionHandle session, const StreamStatusCounts& counts, bool closed) = 0;
  // Returns when everything given so far has reached the sink.
  virtual void flush() {}
};

}  // namespace mailscope
