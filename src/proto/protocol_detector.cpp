#include "proto/protocol_detector.hpp"

#include <array>

#include "proto/text_util.hpp"
#include "proto/tls_record_stream.hpp"

namespace mailscope {
namespace {

using Verdict = Detection::Verdict;

Detection mail(Protocol p, bool swap_roles = false) {
  Detection d;
  d.verdict = Verdict::kMail;
  d.protocol = p;
  d.swap_roles = swap_roles;
  return d;
}

constexpr std::size_t kDecideAfter = 2048;  // bytes without a line end: give up waiting

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string_view first_line(std::string_view s) {
  std::size_t lf = s.find('\n');
  std::string_view line = lf == std::string_view::npos ? s : s.substr(0, lf);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Enough of a first line to judge: the whole line, or a long start of one (a 5 KB banner).
constexpr std::size_t kJudgeablePrefix = 256;
bool complete_line(std::string_view s) {
  return s.find('\n') != std::string_view::npos || s.size() >= kJudgeablePrefix;
}

bool mentions_mail(std::string_view line) {
  std::string upper = to_upper(line.substr(0, 512));
  for (const char* word : {"SMTP", "MAIL", "POSTFIX", "EXIM", "SENDMAIL", "MTA"}) {
    if (upper.find(word) != std::string::npos) return true;
  }
  return false;
}

Protocol greeting_protocol(std::string_view line) {
  if (line.size() >= 3 && line.substr(0, 3) == "220" &&
      (line.size() == 3 || line[3] == ' ' || line[3] == '-')) {
    return Protocol::kSmtp;
  }
  if (istarts_with(line, "* OK") || istarts_with(line, "* PREAUTH") ||
      istarts_with(line, "* BYE")) {
    return Protocol::kImap;
  }
  if (istarts_with(line, "+OK")) return Protocol::kPop3;
  return Protocol::kUnknown;
}

// A server line seen mid-session: a reply code, an untagged or tagged IMAP response, a POP3
// status. Weaker evidence, used only on the protocol's own port.
Protocol server_line_protocol(std::string_view line, Protocol by_port) {
  if (by_port == Protocol::kSmtp && line.size() >= 4 &&
      std::isdigit(static_cast<unsigned char>(line[0])) &&
      std::isdigit(static_cast<unsigned char>(line[1])) &&
      std::isdigit(static_cast<unsigned char>(line[2])) && (line[3] == ' ' || line[3] == '-')) {
    return Protocol::kSmtp;
  }
  if (by_port == Protocol::kImap) {
    auto [tag, rest] = split_word(line);
    auto [status, info] = split_word(rest);
    if (tag == "*" || iequals(status, "OK") || iequals(status, "NO") || iequals(status, "BAD")) {
      return Protocol::kImap;
    }
  }
  if (by_port == Protocol::kPop3 && (istarts_with(line, "+OK") || istarts_with(line, "-ERR"))) {
    return Protocol::kPop3;
  }
  return Protocol::kUnknown;
}

Protocol command_protocol(std::string_view line, Protocol by_port) {
  auto [word, rest] = split_word(line);
  std::string verb = to_upper(word);
  if (verb == "EHLO" || verb == "HELO") return Protocol::kSmtp;
  if (verb == "USER" || verb == "APOP" || verb == "CAPA" || verb == "STLS") return Protocol::kPop3;
  // IMAP: a tag, then a command.
  auto [command, args] = split_word(rest);
  static constexpr std::array kImapCommands = {
      "CAPABILITY", "LOGIN",  "AUTHENTICATE", "STARTTLS", "ID",       "NOOP",
      "LOGOUT",     "SELECT", "EXAMINE",      "LIST",     "LSUB",     "STATUS",
      "FETCH",      "UID",    "IDLE",         "ENABLE",   "NAMESPACE"};
  std::string upper_command = to_upper(command);
  for (const char* c : kImapCommands) {
    if (upper_command == c && !word.empty() && verb != "AUTH") return Protocol::kImap;
  }
  // Commands that several protocols share decide only with the port's help.
  if (by_port == Protocol::kSmtp &&
      (verb == "MAIL" || verb == "RCPT" || verb == "DATA" || verb == "AUTH" || verb == "QUIT" ||
       verb == "RSET" || verb == "STARTTLS" || verb == "NOOP" || verb == "BDAT")) {
    return Protocol::kSmtp;
  }
  if (by_port == Protocol::kPop3 &&
      (verb == "AUTH" || verb == "PASS" || verb == "STAT" || verb == "LIST" || verb == "RETR" ||
       verb == "UIDL" || verb == "QUIT" || verb == "TOP" || verb == "DELE")) {
    return Protocol::kPop3;
  }
  if (verb == "AUTH" && by_port == Protocol::kUnknown) return Protocol::kPop3;
  return Protocol::kUnknown;
}

bool looks_like_text(std::string_view s) {
  std::size_t printable = 0;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 || c == '\r' || c == '\n' || c == '\t') ++printable;
  }
  return !s.empty() && printable * 10 >= s.size() * 9;
}

// HTTP CONNECT: the request and the response each end at an empty line.
bool http_connect_preamble(std::string_view client, std::string_view server, Detection& d) {
  if (!istarts_with(client, "CONNECT ")) return false;
  std::size_t request_end = client.find("\r\n\r\n");
  std::size_t response_end = server.find("\r\n\r\n");
  if (request_end == std::string_view::npos || response_end == std::string_view::npos) {
    return true;  // a CONNECT, but its handshake is not complete yet
  }
  if (!istarts_with(server, "HTTP/1.") || server.find(" 200") > response_end) return true;
  d.client_preamble = request_end + 4;
  d.server_preamble = response_end + 4;
  d.via = "HTTP CONNECT";
  return true;
}

// SOCKS5 (RFC 1928): greeting and method choice, then request and reply.
bool socks5_preamble(std::string_view client, std::string_view server, Detection& d) {
  auto c = as_bytes(client);
  auto s = as_bytes(server);
  if (c.size() < 2 || c[0] != 5 || c[1] == 0 || c[1] > 16) return false;
  std::size_t greeting = 2 + c[1];
  auto address_length = [](std::span<const std::uint8_t> m, std::size_t at) -> std::size_t {
    if (m.size() <= at + 3) return 0;
    switch (m[at + 3]) {
      case 1:
        return 4 + 4 + 2;
      case 4:
        return 4 + 16 + 2;
      case 3:
        return m.size() > at + 4 ? 4 + 1 + m[at + 4] + 2 : 0;
      default:
        return 0;
    }
  };
  if (c.size() < greeting + 4 || s.size() < 2 + 4) return true;  // not complete yet
  if (c[greeting] != 5 || s[0] != 5 || s[2] != 5) return false;
  std::size_t request = address_length(c, greeting);
  std::size_t reply = address_length(s, 2);
  if (request == 0 || reply == 0 || c.size() < greeting + request || s.size() < 2 + reply) {
    return true;
  }
  if (s[3] != 0) return false;  // the proxy refused: nothing follows
  d.client_preamble = greeting + request;
  d.server_preamble = 2 + reply;
  d.via = "SOCKS5";
  return true;
}

}  // namespace

Protocol protocol_for_port(std::uint16_t port) {
  switch (port) {
    case 25:
    case 465:
    case 587:
    case 2525:
      return Protocol::kSmtp;
    case 143:
    case 993:
      return Protocol::kImap;
    case 110:
    case 995:
      return Protocol::kPop3;
    default:
      return Protocol::kUnknown;
  }
}

bool is_implicit_tls_port(std::uint16_t port) {
  return port == 465 || port == 993 || port == 995;
}

Detection detect_mail_protocol(const DetectionInput& in) {
  Detection d;
  std::string_view client = in.from_client;
  std::string_view server = in.from_server;

  // A proxy handshake first: detect what runs through it.
  Detection preamble;
  if (http_connect_preamble(client, server, preamble) ||
      socks5_preamble(client, server, preamble)) {
    if (preamble.via.empty()) {
      if (in.final) d.verdict = Verdict::kNotMail;
      return d;  // wait for the rest of the proxy handshake
    }
    DetectionInput inner = in;
    inner.from_client = client.substr(preamble.client_preamble);
    inner.from_server = server.substr(preamble.server_preamble);
    inner.client_port = 0;
    inner.server_port = 0;
    Detection through = detect_mail_protocol(inner);
    through.client_preamble = preamble.client_preamble;
    through.server_preamble = preamble.server_preamble;
    through.via = preamble.via;
    through.swap_roles = false;
    return through;
  }

  Protocol server_port = protocol_for_port(in.server_port);
  Protocol client_port = protocol_for_port(in.client_port);

  // 1. A greeting decides, from whichever side sent it. "220" is also FTP's greeting: off the
  // SMTP ports it counts when it names mail or the client answers with EHLO/HELO.
  auto greeting = [&](std::string_view line, std::string_view peer, Protocol port) {
    Protocol p = greeting_protocol(line);
    if (p != Protocol::kSmtp || port == Protocol::kSmtp || mentions_mail(line)) return p;
    if (complete_line(peer) &&
        command_protocol(first_line(peer), Protocol::kUnknown) == Protocol::kSmtp) {
      return p;
    }
    return Protocol::kUnknown;
  };
  if (complete_line(server)) {
    if (Protocol p = greeting(first_line(server), client, server_port); p != Protocol::kUnknown) {
      return mail(p);
    }
  }
  if (complete_line(client) && !in.roles_from_handshake) {
    if (Protocol p = greeting(first_line(client), server, client_port); p != Protocol::kUnknown) {
      return mail(p, true);
    }
  }
  // 2. A client command, unless the other side's first line belies it (FTP's "220" greeting
  // followed by USER is not POP3).
  auto peer_agrees = [](Protocol p, std::string_view peer) {
    if (!complete_line(peer)) return true;  // one-sided capture, or the peer has not spoken
    std::string_view line = first_line(peer);
    switch (p) {
      case Protocol::kSmtp:
        return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0]));
      case Protocol::kImap:
        return line.starts_with("* ") || line.starts_with("+");
      case Protocol::kPop3:
        return istarts_with(line, "+OK") || istarts_with(line, "-ERR");
      case Protocol::kUnknown:
        break;
    }
    return false;
  };
  if (complete_line(client)) {
    Protocol p = command_protocol(first_line(client), server_port);
    if (p != Protocol::kUnknown && peer_agrees(p, server)) return mail(p);
  }
  if (complete_line(server) && !in.roles_from_handshake) {
    Protocol p = command_protocol(first_line(server), client_port);
    if (p != Protocol::kUnknown && peer_agrees(p, client)) return mail(p, true);
  }
  // 3. TLS records on a mail port: implicit TLS (or a capture that starts inside a session).
  bool client_tls = TlsRecordStream::looks_like_record(as_bytes(client));
  bool server_tls = TlsRecordStream::looks_like_record(as_bytes(server));
  if ((client_tls || server_tls) && server_port != Protocol::kUnknown) {
    return mail(server_port);
  }
  if ((client_tls || server_tls) && client_port != Protocol::kUnknown && !in.roles_from_handshake) {
    return mail(client_port, true);
  }
  // 4. A capture that starts mid-session: reply lines or commands on the protocol's own port.
  if (server_port != Protocol::kUnknown) {
    if (complete_line(server) &&
        server_line_protocol(first_line(server), server_port) != Protocol::kUnknown) {
      return mail(server_port);
    }
    if (complete_line(client) && looks_like_text(first_line(client)) && server.empty() &&
        in.final) {
      return mail(server_port);
    }
  }
  // Undecided: wait for a line from each side, unless enough came to judge.
  bool client_settled = complete_line(client) || client.size() >= kDecideAfter ||
                        (client.size() >= 5 && !looks_like_text(client.substr(0, 5)));
  bool server_settled = complete_line(server) || server.size() >= kDecideAfter ||
                        (server.size() >= 5 && !looks_like_text(server.substr(0, 5)));
  if (in.final || (client_settled && server_settled) ||
      client.size() + server.size() >= 2 * kDecideAfter) {
    d.verdict = Verdict::kNotMail;
  }
  return d;
}

}  // namespace mailscope
