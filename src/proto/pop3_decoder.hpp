#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "proto/fifo_queue.hpp"
#include "proto/mail_headers.hpp"
#include "proto/protocol_decoder.hpp"
#include "proto/sasl_attempt.hpp"

namespace mailscope {

// POP3 (RFC 1939) with CAPA and STLS (RFC 2449, RFC 2595) and AUTH (RFC 5034) through the
// shared SASL layer: USER/PASS and APOP logins, and messages read in clear with RETR and TOP.
// Commands queue until their status line arrives (RFC 2449 PIPELINING).
class Pop3Decoder final : public ProtocolDecoder {
 public:
  explicit Pop3Decoder(SessionControl& control);

  bool step(Direction direction, StreamBuffer& buffer) override;
  bool on_gap(Direction direction, std::uint64_t bytes) override;
  void finish() override;

 private:
  enum class Verb : std::uint8_t {
    kGreeting,
    kUser,
    kPass,
    kApop,
    kAuth,
    kAuthList,
    kCapa,
    kStls,
    kRetr,
    kTop,
    kList,
    kOther
  };
  struct Pending {
    Verb verb = Verb::kOther;
    int credential = -1;
  };

  bool client_step(StreamBuffer& buffer);
  bool server_step(StreamBuffer& buffer);
  void on_command(const Line& line);
  void on_status(const Line& line, bool ok);
  void on_multiline(const Line& line);
  void end_multiline(const Line& end);

  SessionControl& control_;
  SessionRecorder& recorder_;
  // Commands the server never answers (a one-sided capture) must not pile up.
  static constexpr std::size_t kMaxPending = 1024;
  FifoQueue<Pending> pending_{kMaxPending};
  std::optional<SaslAttempt> auth_;
  std::string user_;
  bool server_spoke_ = false;
  bool greeting_done_ = false;
  std::string apop_timestamp_;
  // The multi-line response being read (after +OK to RETR, TOP, CAPA, LIST, UIDL, AUTH).
  std::optional<Verb> multiline_;
  std::optional<MessageCollector> message_;
  std::uint64_t content_lines_ = 0;
};

}  // namespace mailscope
