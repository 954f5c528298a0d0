// SMTP and TLS: STARTTLS done right, implicit TLS on 465, a refused STARTTLS the client shrugs
// off, and STARTTLS with plaintext injected around the upgrade.

#include "mail/sasl.h"
#include "mail/servers.h"
#include "mail/transfer.h"
#include "scenarios/cast.h"
#include "scenarios/common.h"
#include "scenarios/scenarios.h"

namespace capgen {
namespace {

using script::smtp_hello;
using script::smtp_quit;

void smtp_starttls(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-starttls.pcap",
      "Submission on 587 done right: EHLO, STARTTLS, a TLS 1.2 handshake, then AUTH and the "
      "message inside TLS; the sniffer sees only record sizes after the '220 Ready to start "
      "TLS'."));
  Session& s = cap.session({.client = &cast::alice_laptop(),
                            .client_port = 50622,
                            .server = &cast::smtp_pt_lu(),
                            .server_port = 587,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 24});
  smtp_hello(s, "smtp.pt.lu", "[192.0.2.10]", {.starttls = true, .auth = "", .etrn = false});
  s.client("STARTTLS\r\n");
  s.server(postfix::kStartTlsGo);
  s.start_tls({.server_name = "smtp.pt.lu",
               .version = TlsVersion::kTls12,
               .tls12_cipher_list = "ECDHE-ECDSA-AES128-GCM-SHA256"});
  s.client("EHLO [192.0.2.10]\r\n");
  s.server(postfix::ehlo_reply("smtp.pt.lu", {.starttls = false, .etrn = false}));
  s.client("AUTH PLAIN " + sasl::plain("", "alice@example.lu", "Lux-Summer-2026") + "\r\n");
  s.wait_ms(35);
  s.server(postfix::kAuthOk);
  smtp::transfer(s, letters::gehaltserhoehung(), {.queue_id = "4QxD1f8Gh2z7mVb"});
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void smtps_465(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtps-465.pcap",
      "Submission over IPv6 with implicit TLS on port 465 (TLS 1.3 from the first byte): not "
      "even the greeting is readable."));
  Session& s = cap.session({.client = &cast::alice_laptop_v6(),
                            .client_port = 50733,
                            .server = &cast::smtp_pt_lu_v6(),
                            .server_port = 465,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 21});
  s.connect();
  s.start_tls({.server_name = "smtp.pt.lu"});
  s.server(postfix::banner("smtp.pt.lu"));
  s.client("EHLO [IPv6:2001:db8:c0::10]\r\n");
  s.server(postfix::ehlo_reply("smtp.pt.lu", {.starttls = false, .etrn = false}));
  s.client("AUTH PLAIN " + sasl::plain("", "alice@example.lu", "Lux-Summer-2026") + "\r\n");
  s.wait_ms(35);
  s.server(postfix::kAuthOk);
  smtp::transfer(s, letters::salary_2026(), {.queue_id = "4QxD3k1Np5z2sWc"});
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void smtp_starttls_refused(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-starttls-refused.pcap",
      "The server offers STARTTLS but answers it with '454 TLS not available'; the client "
      "carries on in clear with AUTH LOGIN and sends a message with a Cc."));
  Session& s = cap.session({.client = &cast::dave_phone(),
                            .client_port = 38820,
                            .server = &cast::mail_example_org(),
                            .server_port = 587,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 52});
  smtp_hello(s, "mail.example.org", "[192.0.2.33]", {.starttls = true, .etrn = false});
  s.client("STARTTLS\r\n");
  s.server("454 4.7.0 TLS not available due to local problem\r\n");
  s.record_finding("starttls-refused");
  s.client("AUTH LOGIN\r\n");
  s.server("334 VXNlcm5hbWU6\r\n");
  s.client(sasl::base64("dave@example.org") + "\r\n");
  s.server("334 UGFzc3dvcmQ6\r\n");
  const Sent pw = s.client(sasl::base64("Thursday-12:30") + "\r\n");
  s.wait_ms(28);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "LOGIN",
                       .username = "dave@example.org",
                       .secret = "Thursday-12:30",
                       .frame = pw.last_frame()});
  smtp::transfer(s, letters::lunch(), {.queue_id = "4QxD5q6Rs8z1tXd"});
  smtp_quit(s);
}

void smtp_starttls_injection(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-starttls-injection.pcap",
      "Plaintext smuggled around STARTTLS (CVE-2011-0411 style): first the client side sends "
      "'STARTTLS' and 'RSET' in one segment before the handshake; then a server's '220 Ready to "
      "start TLS' is followed by extra plaintext lines before the handshake."));
  {
    Session& s = cap.session({.client = &cast::carol_pc(),
                              .client_port = 51660,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 0.0,
                              .rtt_ms = 22});
    smtp_hello(s, "smtp.pt.lu", "CAROL-PC", {.starttls = true, .auth = "", .etrn = false});
    // A man in the middle appended RSET: a vulnerable server runs it after the handshake.
    s.client("STARTTLS\r\nRSET\r\n");
    s.server(postfix::kStartTlsGo);
    s.record_finding("starttls-command-injection");
    s.start_tls({.server_name = "smtp.pt.lu"});
    s.server("250 2.0.0 Ok\r\n");  // the injected RSET, answered inside TLS
    s.client("EHLO CAROL-PC\r\n");
    s.server(postfix::ehlo_reply("smtp.pt.lu", {.starttls = false, .etrn = false}));
    s.client("AUTH PLAIN " + sasl::plain("", "carol@example.lu", "Winter2025!") + "\r\n");
    s.server(postfix::kAuthOk);
    s.client("QUIT\r\n");
    s.server(postfix::kBye);
    s.tls_close_notify(Side::kServer);
    s.close_by_server();
  }
  {
    Session& s = cap.session({.client = &cast::frank_pc(),
                              .client_port = 49902,
                              .server = &cast::mail_example_org(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 12.5,
                              .rtt_ms = 31});
    smtp_hello(s, "mail.example.org", "FRANK-PC", {.starttls = true, .auth = "", .etrn = false});
    s.client("STARTTLS\r\n");
    // Extra lines after the go-ahead: a client that buffers them reads them as TLS-protected.
    s.server(std::string(postfix::kStartTlsGo) +
             "250-mail.example.org\r\n250 AUTH PLAIN LOGIN\r\n");
    s.record_finding("starttls-command-injection");
    s.start_tls({.server_name = "mail.example.org", .version = TlsVersion::kTls12});
    s.client("EHLO FRANK-PC\r\n");
    s.server(postfix::ehlo_reply("mail.example.org", {.starttls = false, .etrn = false}));
    s.client("QUIT\r\n");
    s.server(postfix::kBye);
    s.tls_close_notify(Side::kClient);
    s.close_by_client();
  }
}

}  // namespace

void add_smtp_starttls_captures(CaptureSet& out) {
  smtp_starttls(out);
  smtps_465(out);
  smtp_starttls_refused(out);
  smtp_starttls_injection(out);
}

}  // namespace capgen
