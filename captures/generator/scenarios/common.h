// Openings and closings every scenario repeats, so the scenario files show what differs.
#pragma once

#include <string>
#include <string_view>

#include "core/capture.h"
#include "mail/servers.h"

namespace capgen::script {

// Connect, Postfix greeting, EHLO and its reply.
inline void smtp_hello(Session& s, std::string_view server_name, std::string_view ehlo_name,
                       const postfix::EhloOptions& options) {
  s.connect();
  s.wait_ms(5);  // postscreen/smtpd accepting
  s.server(postfix::banner(server_name));
  s.client("EHLO " + std::string(ehlo_name) + "\r\n");
  s.server(postfix::ehlo_reply(server_name, options));
}

inline void smtp_quit(Session& s) {
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  s.close_by_server();
}

inline void imap_logout(Session& s, const std::string& tag) {
  s.client(tag + " LOGOUT\r\n");
  s.server(dovecot::imap_logout(tag));
  s.close_by_server();
}

inline void pop3_quit(Session& s) {
  s.client("QUIT\r\n");
  s.server(dovecot::kPop3Bye);
  s.close_by_server();
}

// A single-interface Ethernet capture.
inline CaptureSpec ethernet_pcap(std::string file, std::string description) {
  return CaptureSpec{.file = std::move(file),
                     .description = std::move(description),
                     .format = FileFormat::kPcap,
                     .interfaces = {{LinkLayer{}, "eth0", ""}},
                     .cut_last_record_after = std::nullopt};
}

}  // namespace capgen::script
