#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proto/imap_syntax.hpp"
#include "proto/mail_headers.hpp"
#include "proto/protocol_decoder.hpp"
#include "proto/sasl_attempt.hpp"

namespace mailscope {

// IMAP4 (RFC 3501, RFC 9051) as a sniffer meets it: tagged commands paired with their tagged
// completions, LOGIN with atoms, quoted strings and literals ({n} and RFC 7888's {n+}),
// AUTHENTICATE through the shared SASL layer (with and without SASL-IR, RFC 4959), STARTTLS,
// CAPABILITY, and messages read in clear from FETCH (and sent with APPEND).
class ImapDecoder final : public ProtocolDecoder {
 public:
  explicit ImapDecoder(SessionControl& control);

  bool step(Direction direction, StreamBuffer& buffer) override;
  bool on_gap(Direction direction, std::uint64_t bytes) override;
  void finish() override;

 private:
  enum class Kind : std::uint8_t { kLogin, kAuthenticate, kStartTls, kOther };
  struct Pending {
    Kind kind = Kind::kOther;
    int credential = -1;  // LOGIN: the ordinal of its credential
  };
  // A literal being read, in either direction.
  struct Literal {
    std::uint64_t left = 0;
    std::string kept;                         // its first bytes (for LOGIN values)
    std::optional<MessageCollector> message;  // FETCH body or APPEND message
    std::uint64_t message_number = 0;
    std::uint64_t announced_size = 0;
    std::uint64_t rfc822_size = 0;
    std::uint64_t packet = 0;  // packet of the last byte read
  };

  bool client_step(StreamBuffer& buffer);
  bool server_step(StreamBuffer& buffer);
  bool read_literal(StreamBuffer& buffer, Literal& literal, ImapLine& line);
  void on_command(const Line& last);
  void on_server_line(const Line& line);
  void on_tagged(std::string_view tag, std::string_view status, const Line& line);
  void read_capabilities(std::string_view text);
  void start_server_literal(const Line& line, const LiteralMarker& marker);
  void finish_server_literal();

  SessionControl& control_;
  SessionRecorder& recorder_;
  std::map<std::string, Pending, std::less<>> pending_;
  std::optional<SaslAttempt> auth_;
  std::string auth_tag_;
  ImapLine client_line_;
  std::vector<std::string> tokens_;        // of the command being read; reused from one to the next
  std::uint64_t last_literal_packet_ = 0;  // packet of the last client literal byte
  ByteRange last_literal_bytes_;           // where the last client literal sits
  std::optional<Literal> client_literal_;
  std::optional<Literal> server_literal_;
  ImapLine server_line_;
  bool greeting_seen_ = false;
};

}  // namespace mailscope
