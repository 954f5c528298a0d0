#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "model/types.hpp"

namespace mailscope {

// The first bytes of each side of a connection and what the transport layer knows.
struct DetectionInput {
  std::string_view from_client;  // bytes from the side believed to be the client
  std::string_view from_server;
  std::uint16_t client_port = 0;
  std::uint16_t server_port = 0;
  bool roles_from_handshake = false;  // the SYN told who the client is
  bool final = false;                 // no more bytes will come: decide with what there is
};

struct Detection {
  enum class Verdict : std::uint8_t { kNeedMore, kMail, kNotMail };
  Verdict verdict = Verdict::kNeedMore;
  Protocol protocol = Protocol::kUnknown;
  bool swap_roles = false;  // the content shows the believed client is the server
  // Bytes of a proxy handshake (HTTP CONNECT, SOCKS) that precede the mail dialogue.
  std::size_t client_preamble = 0;
  std::size_t server_preamble = 0;
  std::string_view via;  // "HTTP CONNECT", "SOCKS5", ... (static text)
};

// Decides whether a connection carries SMTP, IMAP or POP3, in clear or in TLS: from a server
// greeting, a client command, or a TLS record on a mail port; the port alone never makes a
// session (an nmap scan or OpenVPN on 465 is not mail).
Detection detect_mail_protocol(const DetectionInput& input);

// The protocol a well-known port suggests (25, 465, 587, 2525 SMTP; 143, 993 IMAP; 110, 995 POP3).
Protocol protocol_for_port(std::uint16_t port);
bool is_implicit_tls_port(std::uint16_t port);

}  // namespace mailscope
