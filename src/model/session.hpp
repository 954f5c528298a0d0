#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/byte_range.hpp"
#include "model/event.hpp"
#include "model/mail_message.hpp"
#include "model/tls_info.hpp"
#include "model/types.hpp"

namespace mailscope {

// One TCP connection that carried mail traffic (or TLS on a mail port).
struct Session {
  std::uint64_t id = 0;
  Protocol protocol = Protocol::kUnknown;
  Hop hop = Hop::kUnknown;
  Endpoint client;
  Endpoint server;
  Transport transport = Transport::kPlaintext;
  std::uint64_t starttls_packet = 0;  // packet of the server's go-ahead, for kStartTls
  std::optional<TlsInfo> tls;
  Timestamp start;
  Timestamp end;
  std::uint64_t first_packet = 0;
  std::uint64_t last_packet = 0;
  std::uint64_t bytes_plaintext = 0;
  std::uint64_t bytes_encrypted = 0;
  std::string server_name;  // from the greeting, EHLO reply or SNI, for the journey view
  std::string client_name;  // EHLO/HELO argument
  // What the server offered, as it said it: "STARTTLS", "AUTH PLAIN LOGIN", "PIPELINING",
  // "LOGINDISABLED", "SASL PLAIN", ... (from EHLO, CAPABILITY or CAPA).
  std::vector<std::string> capabilities;
  std::vector<MailMessage> messages;
  std::vector<std::string> warnings;
  bool closed = false;  // FIN or RST seen (or the capture ended)
};

// What the interactive views keep beside a session: every event and where its bytes were.
// The CLI does not keep these, so its memory does not grow with the conversation's length.
struct SessionDetail {
  std::vector<Event> events;
  std::vector<StreamSegment> segments;
};

}  // namespace mailscope
