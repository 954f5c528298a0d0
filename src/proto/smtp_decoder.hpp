#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "proto/fifo_queue.hpp"
#include "proto/line_list.hpp"
#include "proto/mail_headers.hpp"
#include "proto/protocol_decoder.hpp"
#include "proto/sasl_attempt.hpp"

namespace mailscope {

// SMTP (RFC 5321) with ESMTP extensions as a sniffer meets them: EHLO capabilities, STARTTLS
// (RFC 3207), AUTH (RFC 4954) through the shared SASL layer, pipelining (RFC 2920), DATA with
// dot-unstuffing and BDAT (RFC 3030). Commands queue until their replies arrive, so pipelined
// groups pair up correctly.
class SmtpDecoder final : public ProtocolDecoder {
 public:
  explicit SmtpDecoder(SessionControl& control);

  bool step(Direction direction, StreamBuffer& buffer) override;
  bool on_gap(Direction direction, std::uint64_t bytes) override;
  void finish() override;

 private:
  enum class Verb : std::uint8_t {
    kGreeting,
    kEhlo,
    kHelo,
    kStartTls,
    kAuth,
    kMail,
    kRcpt,
    kData,
    kDataEnd,
    kBdat,
    kOther
  };
  enum class ClientState : std::uint8_t { kCommands, kData, kBdat };

  bool client_step(StreamBuffer& buffer);
  bool server_step(StreamBuffer& buffer);
  void on_command(const Line& line);
  void on_data_line(const Line& line);
  void on_reply(const Line& final_line, int code);
  std::optional<bool> skip_body_lines(StreamBuffer& buffer);
  void expect_reply(Verb verb);
  void begin_message();
  void end_message(std::uint64_t packet);
  bool is_sasl_response(std::string_view line) const;

  SessionControl& control_;
  SessionRecorder& recorder_;
  // Commands the server never answers (a one-sided capture) must not pile up.
  static constexpr std::size_t kMaxAwaitedReplies = 1024;
  FifoQueue<Verb> awaiting_reply_{kMaxAwaitedReplies};
  ClientState client_state_ = ClientState::kCommands;
  std::uint64_t bdat_left_ = 0;
  bool bdat_last_ = false;
  std::optional<SaslAttempt> auth_;
  bool auth_seen_ = false;
  bool server_spoke_ = false;
  bool greeting_done_ = false;
  // Lines of the reply being read (a multi-line reply ends at "ddd ").
  LineList reply_lines_;
  // The mail transaction.
  std::string envelope_from_;
  std::vector<std::string> envelope_to_;
  std::optional<MessageCollector> message_;
  bool message_incomplete_ = false;
  std::uint64_t content_lines_ = 0;
  std::uint64_t last_client_packet_ = 0;
};

}  // namespace mailscope
