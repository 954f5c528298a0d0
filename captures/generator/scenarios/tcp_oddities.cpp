// What a reassembler must survive: segments out of order, retransmissions (identical and
// conflicting), a segment the capture missed, a capture that starts mid-session, a 4-tuple used
// twice, a file cut short; plus mail on ports nobody expects and TLS that is not mail.

#include "mail/sasl.h"
#include "mail/servers.h"
#include "mail/transfer.h"
#include "scenarios/cast.h"
#include "scenarios/common.h"
#include "scenarios/scenarios.h"

namespace capgen {
namespace {

SessionSpec submission(const Host& client, std::uint16_t port, const Host& server,
                       std::uint16_t server_port, double start_s = 0.0) {
  return {.client = &client,
          .client_port = port,
          .server = &server,
          .server_port = server_port,
          .protocol = "smtp",
          .hop = "submission",
          .start_s = start_s,
          .rtt_ms = 18};
}

void tcp_out_of_order(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tcp-out-of-order.pcap",
      "A submission whose long message spans several segments; the last two reach the capture "
      "point swapped, so the stream must be put back in sequence order before reading it."));
  Session& s = cap.session(submission(cast::alice_laptop(), 55001, cast::smtp_example_com(), 587));
  script::smtp_hello(s, "smtp.example.com", "[192.0.2.10]", {.starttls = false, .etrn = false});
  const Sent auth =
      s.client("AUTH PLAIN " + sasl::plain("", "alice@example.lu", "Lux-Summer-2026") + "\r\n");
  s.wait_ms(30);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "alice@example.lu",
                       .secret = "Lux-Summer-2026",
                       .frame = auth.last_frame()});
  s.record_finding("no-starttls-offered");
  smtp::transfer(s, letters::quarterly_figures(),
                 {.queue_id = "4QxF2g9Jk1z3nQm", .body = {.out_of_order = true}});
  script::smtp_quit(s);
}

void tcp_retransmission(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tcp-retransmission.pcap",
      "A POP3 login whose PASS segment is sent twice with identical bytes (the first ACK was "
      "lost); the password must be reported once, at the first transmission."));
  Session& s = cap.session({.client = &cast::frank_pc(),
                            .client_port = 55101,
                            .server = &cast::pop_example_com(),
                            .server_port = 110,
                            .protocol = "pop3",
                            .hop = "retrieval",
                            .start_s = 0.0,
                            .rtt_ms = 8});
  s.connect();
  s.server(dovecot::kPop3Ready);
  s.client("USER frank\r\n");
  s.server("+OK\r\n");
  const Sent pass = s.client("PASS frank1960\r\n", {.retransmit = 0});
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.record_credential({.mechanism = "USER-PASS",
                       .username = "frank",
                       .secret = "frank1960",
                       .frame = pass.last_frame()});
  s.client("STAT\r\n");
  s.server("+OK 0 0\r\n");
  script::pop3_quit(s);
}

void tcp_conflicting_overlap(CaptureSet& out) {
  const MailMessage m = letters::salary_2026();
  const std::string stuffed = dot_stuff(m.text()) + ".\r\n";
  std::string forged = stuffed;
  const std::size_t at = forged.find("6,850.00");
  forged.replace(at, 1, "9");  // same length, different bytes

  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tcp-conflicting-overlap.pcap",
      "A submission whose message segment is 'retransmitted' with different bytes (6,850.00 "
      "became 9,850.00): the receiver keeps the first copy, and so must the analysis, which "
      "should flag the conflict."));
  Session& s = cap.session(submission(cast::alice_laptop(), 55201, cast::smtp_example_com(), 587));
  script::smtp_hello(s, "smtp.example.com", "[192.0.2.10]", {.starttls = false, .etrn = false});
  const Sent auth =
      s.client("AUTH PLAIN " + sasl::plain("", "alice@example.lu", "Lux-Summer-2026") + "\r\n");
  s.wait_ms(30);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "alice@example.lu",
                       .secret = "Lux-Summer-2026",
                       .frame = auth.last_frame()});
  s.record_finding("no-starttls-offered");
  smtp::transfer(s, m,
                 {.queue_id = "4QxF5h3Lp7z2kRn",
                  .body = {.conflicting_retransmit = 0, .conflicting_bytes = forged}});
  script::smtp_quit(s);
}

void tcp_gap(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tcp-gap.pcap",
      "An IMAP session in clear where the capture missed one server segment (the SELECT "
      "response) although the client acknowledged it: the analysis must note the gap and "
      "resynchronise to read the login and the fetched mail."));
  Session& s = cap.session({.client = &cast::bob_pc(),
                            .client_port = 55301,
                            .server = &cast::imap_example_com(),
                            .server_port = 143,
                            .protocol = "imap",
                            .hop = "retrieval",
                            .start_s = 0.0,
                            .rtt_ms = 6});
  s.connect();
  s.server(dovecot::imap_greeting({.starttls = false, .auth = {"PLAIN"}}));
  const Sent login = s.client("a1 LOGIN bob Sunflower-1987\r\n");
  s.wait_ms(25);
  s.server(dovecot::imap_logged_in("a1"));
  s.record_credential({.mechanism = "IMAP-LOGIN",
                       .username = "bob",
                       .secret = "Sunflower-1987",
                       .frame = login.last_frame()});
  s.record_finding("no-starttls-offered");
  s.client("a2 SELECT INBOX\r\n");
  s.server(dovecot::imap_select_inbox("a2", 2, 3), {.lost = 0});
  imap::fetch(s, "a3", 2, 2, letters::gehaltserhoehung());
  script::imap_logout(s, "a4");
}

void tcp_no_handshake(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tcp-no-handshake.pcap",
      "A capture started in the middle of a submission: no SYN, no greeting, no EHLO; it begins "
      "with a bare ACK and the client's AUTH LOGIN, and the session must be recognised from its "
      "content and port."));
  Session& s = cap.session(submission(cast::carol_pc(), 55401, cast::smtp_pt_lu(), 587));
  s.tcp().set_capturing(false);
  script::smtp_hello(s, "smtp.pt.lu", "CAROL-PC", {.starttls = false, .etrn = false});
  s.wait_ms(300);
  s.tcp().set_capturing(true);
  s.client("AUTH LOGIN\r\n");
  s.server("334 VXNlcm5hbWU6\r\n");
  s.client(sasl::base64("carol@example.lu") + "\r\n");
  s.server("334 UGFzc3dvcmQ6\r\n");
  const Sent pw = s.client(sasl::base64("Winter2025!") + "\r\n");
  s.wait_ms(30);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "LOGIN",
                       .username = "carol@example.lu",
                       .secret = "Winter2025!",
                       .frame = pw.last_frame()});
  smtp::transfer(s, letters::lunch(), {.queue_id = "4QxF8k2Mq4z6pSo"});
  script::smtp_quit(s);
}

void tcp_port_reuse(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tcp-port-reuse.pcap",
      "Two POP3 sessions on the same 4-tuple (192.0.2.55:49152 to port 110), one after the "
      "other with new sequence numbers: a wrong password in the first, the right one and a "
      "mail in the second."));
  const auto spec = [](double start_s) {
    return SessionSpec{.client = &cast::frank_pc(),
                       .client_port = 49152,
                       .server = &cast::pop_example_com(),
                       .server_port = 110,
                       .protocol = "pop3",
                       .hop = "retrieval",
                       .start_s = start_s,
                       .rtt_ms = 8};
  };
  {
    Session& s = cap.session(spec(0.0));
    s.connect();
    s.server(dovecot::kPop3Ready);
    s.client("USER frank\r\n");
    s.server("+OK\r\n");
    const Sent pass = s.client("PASS frank1959\r\n");
    s.wait_ms(2000);
    s.server(dovecot::kPop3AuthFailed);
    s.record_credential({.mechanism = "USER-PASS",
                         .username = "frank",
                         .secret = "frank1959",
                         .accepted = false,
                         .frame = pass.last_frame()});
    script::pop3_quit(s);
  }
  {
    Session& s = cap.session(spec(9.0));
    s.connect();
    s.server(dovecot::kPop3Ready);
    s.client("USER frank\r\n");
    s.server("+OK\r\n");
    const Sent pass = s.client("PASS frank1960\r\n");
    s.wait_ms(22);
    s.server(dovecot::kPop3LoggedIn);
    s.record_credential({.mechanism = "USER-PASS",
                         .username = "frank",
                         .secret = "frank1960",
                         .frame = pass.last_frame()});
    const MailMessage m = letters::invoice();
    s.client("STAT\r\n");
    s.server("+OK 1 " + std::to_string(m.text().size()) + "\r\n");
    pop3::retr(s, 1, m);
    script::pop3_quit(s);
  }
}

void truncated(CaptureSet& out) {
  CaptureSpec spec = script::ethernet_pcap(
      "truncated.pcap",
      "A submission capture cut off in the middle of its last packet record (the '221 Bye'), "
      "as a capture killed mid-write leaves it: everything before the cut must still be "
      "reported, with a warning about the truncated file.");
  spec.cut_last_record_after = 60;
  Capture& cap = out.emplace_back(spec);
  Session& s = cap.session(submission(cast::dave_phone(), 55601, cast::mail_example_org(), 587));
  script::smtp_hello(s, "mail.example.org", "[192.0.2.33]", {.starttls = false, .etrn = false});
  const Sent auth =
      s.client("AUTH PLAIN " + sasl::plain("", "dave@example.org", "Thursday-12:30") + "\r\n");
  s.wait_ms(30);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "dave@example.org",
                       .secret = "Thursday-12:30",
                       .frame = auth.last_frame()});
  s.record_finding("no-starttls-offered");
  smtp::transfer(s, letters::lunch(), {.queue_id = "4QxG1m5Nr8z9tUv"});
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  s.tcp().set_capturing(false);  // the capture died here
  s.close_by_server();
}

void nonstandard_ports(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "nonstandard-ports.pcap",
      "Mail on ports nobody expects, to be recognised by content: SMTP submission on 2526 "
      "(AUTH PLAIN and a message) and IMAP on 1143 (LOGIN), both in clear."));
  {
    Session& s =
        cap.session(submission(cast::erin_laptop(), 55701, cast::mail_example_org(), 2526));
    script::smtp_hello(s, "mail.example.org", "[192.0.2.44]", {.starttls = false, .etrn = false});
    const Sent auth =
        s.client("AUTH PLAIN " + sasl::plain("", "erin@example.org", "Open-Sesame-2026") + "\r\n");
    s.wait_ms(30);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "PLAIN",
                         .username = "erin@example.org",
                         .secret = "Open-Sesame-2026",
                         .frame = auth.last_frame()});
    s.record_finding("no-starttls-offered");
    MailMessage m = letters::lunch();
    m.from = {"Erin Kass", "erin@example.org"};
    m.subject = "Re: Lunch on Thursday? (count me in)";
    smtp::transfer(s, m, {.queue_id = "4QxG4p8Rt2z1vWx"});
    script::smtp_quit(s);
  }
  {
    Session& s = cap.session({.client = &cast::erin_laptop(),
                              .client_port = 55702,
                              .server = &cast::mail_example_org(),
                              .server_port = 1143,
                              .protocol = "imap",
                              .hop = "retrieval",
                              .start_s = 6.0,
                              .rtt_ms = 18});
    s.connect();
    s.server(dovecot::imap_greeting({.starttls = false, .auth = {"PLAIN"}}));
    const Sent login = s.client("a1 LOGIN erin Open-Sesame-2026\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("a1"));
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "erin",
                         .secret = "Open-Sesame-2026",
                         .frame = login.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "a2");
  }
}

void tls_other_port(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "tls-https.pcap",
      "TLS that is not mail next to TLS that is: an HTTPS session to www.example.net:443 (TLS "
      "1.3, ALPN http/1.1) must not be reported as a mail session; the IMAPS session on 993 "
      "right after it must."));
  {
    Session& s = cap.session({.client = &cast::bob_pc(),
                              .client_port = 55801,
                              .server = &cast::www_example_net(),
                              .server_port = 443,
                              .protocol = "unknown",
                              .hop = "unknown",
                              .start_s = 0.0,
                              .rtt_ms = 15,
                              .mail = false});
    s.connect();
    s.start_tls({.server_name = "www.example.net", .alpn = {"http/1.1"}});
    s.client(
        "GET / HTTP/1.1\r\nHost: www.example.net\r\nUser-Agent: Mozilla/5.0\r\n"
        "Accept: */*\r\n\r\n");
    s.server(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
        "Hello, world!");
    s.tls_close_notify(Side::kClient);
    s.close_by_client();
  }
  {
    Session& s = cap.session({.client = &cast::bob_pc(),
                              .client_port = 55802,
                              .server = &cast::imap_example_com(),
                              .server_port = 993,
                              .protocol = "imap",
                              .hop = "retrieval",
                              .start_s = 1.8,
                              .rtt_ms = 6});
    s.connect();
    s.start_tls({.server_name = "imap.example.com"});
    s.server(dovecot::imap_greeting({.starttls = false, .auth = {"PLAIN"}}));
    s.client("a1 LOGIN bob Sunflower-1987\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("a1"));
    s.client("a2 LOGOUT\r\n");
    s.server(dovecot::imap_logout("a2"));
    s.tls_close_notify(Side::kServer);
    s.close_by_server();
  }
}

}  // namespace

void add_tcp_captures(CaptureSet& out) {
  tcp_out_of_order(out);
  tcp_retransmission(out);
  tcp_conflicting_overlap(out);
  tcp_gap(out);
  tcp_no_handshake(out);
  tcp_port_reuse(out);
  truncated(out);
  nonstandard_ports(out);
  tls_other_port(out);
}

}  // namespace capgen
