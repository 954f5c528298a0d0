// POP3: USER/PASS rejected and accepted, APOP's digest, AUTH PLAIN, RETR and TOP with
// dot-stuffing, and POP3 sealed by STLS or implicit TLS on 995.

#include "mail/sasl.h"
#include "mail/servers.h"
#include "mail/transfer.h"
#include "scenarios/cast.h"
#include "scenarios/common.h"
#include "scenarios/scenarios.h"

namespace capgen {
namespace {

SessionSpec pop3_session(const Host& client, std::uint16_t port, double start_s,
                         const Host& server = cast::pop_example_com(),
                         std::uint16_t server_port = 110) {
  return {.client = &client,
          .client_port = port,
          .server = &server,
          .server_port = server_port,
          .protocol = "pop3",
          .hop = "retrieval",
          .start_s = start_s,
          .rtt_ms = 8};
}

void pop3_user_pass(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "pop3-user-pass.pcap",
      "POP3 on a server whose CAPA has no STLS: USER/PASS rejected with -ERR, then accepted; "
      "RETR of an invoice and TOP of a German letter, both with dot-stuffed lines."));
  Session& s = cap.session(pop3_session(cast::frank_pc(), 53001, 0.0));
  s.connect();
  s.server(dovecot::kPop3Ready);
  s.client("CAPA\r\n");
  s.server(dovecot::pop3_capa(false, true, "PLAIN LOGIN"));
  s.record_finding("no-starttls-offered");
  s.client("USER frank\r\n");
  s.server("+OK\r\n");
  const Sent wrong = s.client("PASS frank1959\r\n");
  s.wait_ms(2000);
  s.server(dovecot::kPop3AuthFailed);
  s.record_credential({.mechanism = "USER-PASS",
                       .username = "frank",
                       .secret = "frank1959",
                       .accepted = false,
                       .frame = wrong.last_frame()});
  s.wait_ms(4100);
  s.client("USER frank\r\n");
  s.server("+OK\r\n");
  const Sent right = s.client("PASS frank1960\r\n");
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.record_credential({.mechanism = "USER-PASS",
                       .username = "frank",
                       .secret = "frank1960",
                       .frame = right.last_frame()});
  s.client("STAT\r\n");
  const MailMessage invoice = letters::invoice();
  const MailMessage letter = letters::gehaltserhoehung();
  const std::string total = std::to_string(invoice.text().size() + letter.text().size());
  s.server("+OK 2 " + total + "\r\n");
  s.client("LIST\r\n");
  s.server("+OK 2 messages:\r\n1 " + std::to_string(invoice.text().size()) + "\r\n2 " +
           std::to_string(letter.text().size()) + "\r\n.\r\n");
  pop3::retr(s, 1, invoice);
  pop3::top(s, 2, 5, letter);
  script::pop3_quit(s);
}

void pop3_apop(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "pop3-apop.pcap",
      "POP3 APOP: the banner's timestamp and the client's MD5 digest are enough to crack the "
      "password offline; the message retrieved after login is in clear."));
  Session& s = cap.session(pop3_session(cast::carol_pc(), 53101, 0.0));
  const std::string timestamp = "<1896.697170952@pop.example.com>";
  s.connect();
  s.server("+OK Dovecot ready. " + timestamp + "\r\n");
  const Sent apop =
      s.client("APOP carol " + sasl::apop_digest(timestamp, "Spring-2026-Blue!") + "\r\n");
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.record_credential({.mechanism = "APOP",
                       .username = "carol",
                       .secret = std::nullopt,
                       .secret_kind = "challenge-response",
                       .frame = apop.last_frame()});
  s.client("STAT\r\n");
  const MailMessage m = letters::vpn_password();
  s.server("+OK 1 " + std::to_string(m.text().size()) + "\r\n");
  pop3::retr(s, 1, m);
  s.client("DELE 1\r\n");
  s.server("+OK Marked to be deleted.\r\n");
  script::pop3_quit(s);
}

void pop3_auth_plain(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "pop3-auth-plain.pcap",
      "POP3 over IPv6: CAPA offers STLS, the client ignores it and sends AUTH PLAIN after a "
      "'+ ' continuation."));
  Session& s =
      cap.session(pop3_session(cast::frank_pc_v6(), 53201, 0.0, cast::pop_example_com_v6()));
  s.connect();
  s.server(dovecot::kPop3Ready);
  s.client("CAPA\r\n");
  s.server(dovecot::pop3_capa(true, true, "PLAIN LOGIN"));
  s.record_finding("starttls-offered-not-used");
  s.client("AUTH PLAIN\r\n");
  s.server("+ \r\n");
  const Sent blob = s.client(sasl::plain("", "frank", "frank1960") + "\r\n");
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "frank",
                       .secret = "frank1960",
                       .frame = blob.last_frame()});
  s.client("STAT\r\n");
  s.server("+OK 0 0\r\n");
  script::pop3_quit(s);
}

void pop3_stls(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "pop3-stls.pcap",
      "POP3 with STLS: CAPA, STLS, a TLS 1.2 handshake, then USER/PASS and RETR inside TLS."));
  Session& s = cap.session(pop3_session(cast::frank_pc(), 53301, 0.0));
  s.connect();
  s.server(dovecot::kPop3Ready);
  s.client("CAPA\r\n");
  s.server(dovecot::pop3_capa(true, false, "PLAIN"));
  s.client("STLS\r\n");
  s.server("+OK Begin TLS negotiation now.\r\n");
  s.start_tls({.server_name = "pop.example.com", .version = TlsVersion::kTls12});
  s.client("CAPA\r\n");
  s.server(dovecot::pop3_capa(false, true, "PLAIN LOGIN"));
  s.client("USER frank\r\n");
  s.server("+OK\r\n");
  s.client("PASS frank1960\r\n");
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.client("STAT\r\n");
  const MailMessage m = letters::invoice();
  s.server("+OK 1 " + std::to_string(m.text().size()) + "\r\n");
  pop3::retr(s, 1, m);
  s.client("QUIT\r\n");
  s.server(dovecot::kPop3Bye);
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void pop3s_995(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "pop3s-995.pcap",
      "POP3S on port 995: TLS 1.3 from the first byte, USER/PASS and RETR inside."));
  Session& s =
      cap.session(pop3_session(cast::carol_pc(), 53401, 0.0, cast::pop_example_com(), 995));
  s.connect();
  s.start_tls({.server_name = "pop.example.com"});
  s.server(dovecot::kPop3Ready);
  s.client("USER carol\r\n");
  s.server("+OK\r\n");
  s.client("PASS Spring-2026-Blue!\r\n");
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.client("STAT\r\n");
  const MailMessage m = letters::vpn_password();
  s.server("+OK 1 " + std::to_string(m.text().size()) + "\r\n");
  pop3::retr(s, 1, m);
  s.client("QUIT\r\n");
  s.server(dovecot::kPop3Bye);
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

}  // namespace

void add_pop3_captures(CaptureSet& out) {
  pop3_user_pass(out);
  pop3_apop(out);
  pop3_auth_plain(out);
  pop3_stls(out);
  pop3s_995(out);
}

}  // namespace capgen
