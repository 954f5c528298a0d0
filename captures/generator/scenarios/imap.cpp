// IMAP: LOGIN in all its syntaxes (atoms, quoted strings with escapes, literals), AUTHENTICATE
// mechanisms, logging in before STARTTLS, and IMAP sealed by STARTTLS or implicit TLS.

#include "mail/sasl.h"
#include "mail/servers.h"
#include "mail/transfer.h"
#include "scenarios/cast.h"
#include "scenarios/common.h"
#include "scenarios/scenarios.h"

namespace capgen {
namespace {

SessionSpec imap_session(const Host& client, std::uint16_t port, double start_s,
                         const Host& server = cast::imap_example_com(),
                         std::uint16_t server_port = 143) {
  return {.client = &client,
          .client_port = port,
          .server = &server,
          .server_port = server_port,
          .protocol = "imap",
          .hop = "retrieval",
          .start_s = start_s,
          .rtt_ms = 6};
}

// A Dovecot with ssl = no: no STARTTLS in the greeting.
const dovecot::ImapGreeting kNoTls{.starttls = false, .auth = {"PLAIN", "LOGIN"}};

void imap_login(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "imap-login.pcap",
      "IMAP LOGIN on a server without STARTTLS, in every syntax: atoms (then a mail fetched "
      "with BODY[]), quoted strings with spaces, \\\" and \\\\ (one wrong password, then the "
      "right one), synchronising literals {n} and non-synchronising literals {n+}."));
  {
    Session& s = cap.session(imap_session(cast::bob_pc(), 52001, 0.0));
    s.connect();
    s.server(dovecot::imap_greeting(kNoTls));
    const Sent login = s.client("a1 LOGIN bob Sunflower-1987\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("a1"));
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "bob",
                         .secret = "Sunflower-1987",
                         .frame = login.last_frame()});
    s.record_finding("no-starttls-offered");
    s.client("a2 SELECT INBOX\r\n");
    s.server(dovecot::imap_select_inbox("a2", 1, 2));
    imap::fetch(s, "a3", 1, 1, letters::lunch());
    script::imap_logout(s, "a4");
  }
  {
    Session& s = cap.session(imap_session(cast::carol_pc(), 52002, 9.4));
    s.connect();
    s.server(dovecot::imap_greeting(kNoTls));
    // Wire: "carol smith" "wrong \"guess\"" -> user carol smith, password wrong "guess"
    const Sent wrong = s.client("1 LOGIN \"carol smith\" \"wrong \\\"guess\\\"\"\r\n");
    s.wait_ms(2000);  // Dovecot's auth failure delay
    s.server(dovecot::imap_auth_failed("1"));
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "carol smith",
                         .secret = "wrong \"guess\"",
                         .accepted = false,
                         .frame = wrong.last_frame()});
    s.wait_ms(3500);
    // Wire: "pa ss\"wo\\rd 2026" -> password pa ss"wo\rd 2026
    const Sent right = s.client("2 LOGIN \"carol smith\" \"pa ss\\\"wo\\\\rd 2026\"\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("2"));
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "carol smith",
                         .secret = "pa ss\"wo\\rd 2026",
                         .frame = right.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "3");
  }
  {
    // A server that waits for each literal ("+ Ready ..."), like UW IMAP.
    Session& s =
        cap.session(imap_session(cast::dave_phone(), 52003, 21.0, cast::mail_example_org()));
    s.connect();
    s.server(
        "* OK [CAPABILITY IMAP4REV1 I18NLEVEL=1 SASL-IR LOGIN-REFERRALS AUTH=PLAIN] "
        "mail.example.org IMAP4rev1 2007f.404 at Mon, 2 Mar 2026 09:00:21 +0000 (UTC)\r\n");
    s.client("A001 LOGIN {4}\r\n");
    s.server("+ Ready for argument\r\n");
    s.client("dave {19}\r\n");
    s.server("+ Ready for argument\r\n");
    const Sent pw = s.client("sp4ce \"quote\" \\back\r\n");
    s.wait_ms(18);
    s.server(
        "A001 OK [CAPABILITY IMAP4REV1 I18NLEVEL=1 LITERAL+ IDLE UIDPLUS NAMESPACE CHILDREN "
        "MAILBOX-REFERRALS BINARY UNSELECT ESEARCH WITHIN SCAN SORT THREAD=REFERENCES "
        "THREAD=ORDEREDSUBJECT MULTIAPPEND] User dave authenticated\r\n");
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "dave",
                         .secret = "sp4ce \"quote\" \\back",
                         .frame = pw.last_frame()});
    s.record_finding("no-starttls-offered");
    s.client("A002 LOGOUT\r\n");
    s.server(
        "* BYE mail.example.org IMAP4rev1 server terminating connection\r\n"
        "A002 OK LOGOUT completed\r\n");
    s.close_by_server();
  }
  {
    Session& s = cap.session(imap_session(cast::erin_laptop(), 52004, 30.2));
    s.connect();
    s.server(dovecot::imap_greeting(kNoTls));  // LITERAL+ is in Dovecot's greeting
    const Sent login = s.client("a1 LOGIN {4+}\r\nerin {12+}\r\nOpen Sesame!\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("a1"));
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "erin",
                         .secret = "Open Sesame!",
                         .frame = login.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "a2");
  }
}

void imap_authenticate(CaptureSet& out) {
  Capture& cap = out.emplace_back(CaptureSpec{
      .file = "imap-authenticate.pcapng",
      .description =
          "IMAP AUTHENTICATE on a server without STARTTLS: PLAIN with SASL-IR, PLAIN after a "
          "'+ ' continuation, LOGIN, CRAM-MD5 (a crackable digest) and XOAUTH2 (a bearer token).",
      .format = FileFormat::kPcapng,
      .interfaces = {{LinkLayer{}, "eth0", "uplink of imap.example.com"}},
      .cut_last_record_after = std::nullopt});
  const dovecot::ImapGreeting greeting{.starttls = false,
                                       .auth = {"PLAIN", "LOGIN", "CRAM-MD5", "XOAUTH2"}};
  {
    Session& s = cap.session(imap_session(cast::bob_pc(), 52101, 0.0));
    s.connect();
    s.server(dovecot::imap_greeting(greeting));
    s.client("1 ID (\"name\" \"Thunderbird\" \"version\" \"128.7.1\")\r\n");
    s.server("* ID (\"name\" \"Dovecot\")\r\n1 OK ID completed (0.001 + 0.000 secs).\r\n");
    const Sent auth =
        s.client("2 AUTHENTICATE PLAIN " + sasl::plain("", "bob", "Sunflower-1987") + "\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("2"));
    s.record_credential({.mechanism = "PLAIN",
                         .username = "bob",
                         .secret = "Sunflower-1987",
                         .frame = auth.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "3");
  }
  {
    Session& s = cap.session(imap_session(cast::carol_pc(), 52102, 6.1));
    s.connect();
    s.server(dovecot::imap_greeting(greeting));
    s.client("a001 AUTHENTICATE PLAIN\r\n");
    s.server("+ \r\n");
    const Sent blob = s.client(sasl::plain("", "carol", "Spring-2026-Blue!") + "\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("a001"));
    s.record_credential({.mechanism = "PLAIN",
                         .username = "carol",
                         .secret = "Spring-2026-Blue!",
                         .frame = blob.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "a002");
  }
  {
    Session& s = cap.session(imap_session(cast::dave_phone(), 52103, 13.8));
    s.connect();
    s.server(dovecot::imap_greeting(greeting));
    s.client("A1 AUTHENTICATE LOGIN\r\n");
    s.server("+ VXNlcm5hbWU6\r\n");
    s.client(sasl::base64("dave") + "\r\n");
    s.server("+ UGFzc3dvcmQ6\r\n");
    const Sent pw = s.client(sasl::base64("Thursday-12:30") + "\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("A1"));
    s.record_credential({.mechanism = "LOGIN",
                         .username = "dave",
                         .secret = "Thursday-12:30",
                         .frame = pw.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "A2");
  }
  {
    Session& s = cap.session(imap_session(cast::erin_laptop(), 52104, 20.5));
    s.connect();
    s.server(dovecot::imap_greeting(greeting));
    s.client("x1 AUTHENTICATE CRAM-MD5\r\n");
    const std::string challenge = "<1896.697170952@imap.example.com>";
    s.server("+ " + sasl::base64(challenge) + "\r\n");
    const Sent response =
        s.client(sasl::cram_md5_response("erin", "tanstaaftanstaaf", challenge) + "\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("x1"));
    s.record_credential({.mechanism = "CRAM-MD5",
                         .username = "erin",
                         .secret = std::nullopt,
                         .secret_kind = "challenge-response",
                         .frame = response.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "x2");
  }
  {
    Session& s = cap.session(imap_session(cast::frank_pc(), 52105, 27.9));
    s.connect();
    s.server(dovecot::imap_greeting(greeting));
    const std::string token = "ya29.a0AfB_byFrankEXAMPLE-imap-t0ken-77c1";
    const Sent auth =
        s.client("A01 AUTHENTICATE XOAUTH2 " + sasl::xoauth2("frank@example.com", token) + "\r\n");
    s.wait_ms(70);
    s.server(dovecot::imap_logged_in("A01"));
    s.record_credential({.mechanism = "XOAUTH2",
                         .username = "frank@example.com",
                         .secret = token,
                         .secret_kind = "token",
                         .frame = auth.last_frame()});
    s.record_finding("no-starttls-offered");
    script::imap_logout(s, "A02");
  }
}

void imap_login_before_starttls(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "imap-login-before-starttls.pcap",
      "Logging in before STARTTLS: a client sends LOGIN although the greeting says "
      "LOGINDISABLED (rejected, but the password crossed the wire) and only then upgrades; a "
      "second client logs in and reads mail in clear although STARTTLS is offered."));
  {
    Session& s = cap.session(imap_session(cast::carol_pc(), 52201, 0.0));
    s.connect();
    s.server(dovecot::imap_greeting({.starttls = true, .login_disabled = true}));
    const Sent login = s.client("a1 LOGIN carol Spring-2026-Blue!\r\n");
    s.server(
        "* BAD [ALERT] Plaintext authentication not allowed without SSL/TLS, but your "
        "client did it anyway. If anyone was listening, the password was exposed.\r\n"
        "a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure "
        "(SSL/TLS) connections.\r\n");
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "carol",
                         .secret = "Spring-2026-Blue!",
                         .accepted = false,
                         .frame = login.last_frame()});
    s.record_finding("login-before-starttls");
    s.client("a2 STARTTLS\r\n");
    s.server("a2 OK Begin TLS negotiation now.\r\n");
    s.start_tls({.server_name = "imap.example.com"});
    s.client("a3 LOGIN carol Spring-2026-Blue!\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("a3"));
    s.client("a4 LOGOUT\r\n");
    s.server(dovecot::imap_logout("a4"));
    s.tls_close_notify(Side::kServer);
    s.close_by_server();
  }
  {
    Session& s = cap.session(imap_session(cast::bob_pc(), 52202, 11.3));
    s.connect();
    s.server(dovecot::imap_greeting({.starttls = true, .auth = {"PLAIN"}}));
    const Sent login = s.client("1 login bob Sunflower-1987\r\n");
    s.wait_ms(25);
    s.server(dovecot::imap_logged_in("1"));
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "bob",
                         .secret = "Sunflower-1987",
                         .frame = login.last_frame()});
    s.record_finding("starttls-offered-not-used");
    s.record_finding("login-before-starttls");
    s.client("2 select INBOX\r\n");
    s.server(dovecot::imap_select_inbox("2", 2, 3));
    imap::fetch(s, "3", 2, 2, letters::reunion_du_comite());
    script::imap_logout(s, "4");
  }
}

void imap_starttls(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "imap-starttls.pcap",
      "IMAP over IPv6 done right: STARTTLS before anything else, TLS 1.3 with "
      "ChaCha20-Poly1305, then AUTHENTICATE PLAIN and a FETCH inside TLS."));
  Session& s = cap.session({.client = &cast::bob_pc_v6(),
                            .client_port = 52301,
                            .server = &cast::imap_example_com_v6(),
                            .server_port = 143,
                            .protocol = "imap",
                            .hop = "retrieval",
                            .start_s = 0.0,
                            .rtt_ms = 6});
  s.connect();
  s.server(dovecot::imap_greeting({.starttls = true, .login_disabled = true}));
  s.client("1 STARTTLS\r\n");
  s.server("1 OK Begin TLS negotiation now.\r\n");
  s.start_tls(
      {.server_name = "imap.example.com", .tls13_ciphersuites = "TLS_CHACHA20_POLY1305_SHA256"});
  s.client("2 capability\r\n");
  s.server(
      "* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN\r\n"
      "2 OK Pre-login capabilities listed, post-login capabilities have more.\r\n");
  s.client("3 authenticate PLAIN " + sasl::plain("", "bob", "Sunflower-1987") + "\r\n");
  s.wait_ms(25);
  s.server(dovecot::imap_logged_in("3"));
  s.client("4 select INBOX\r\n");
  s.server(dovecot::imap_select_inbox("4", 1, 2));
  imap::fetch(s, "5", 1, 1, letters::lunch());
  s.client("6 logout\r\n");
  s.server(dovecot::imap_logout("6"));
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void imaps_993(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "imaps-993.pcap",
      "IMAPS on port 993: TLS 1.2 from the first byte, LOGIN and FETCH inside; only record "
      "types and sizes are visible."));
  Session& s =
      cap.session(imap_session(cast::carol_pc(), 52401, 0.0, cast::imap_example_com(), 993));
  s.connect();
  s.start_tls({.server_name = "imap.example.com", .version = TlsVersion::kTls12});
  s.server(dovecot::imap_greeting({.starttls = false, .auth = {"PLAIN", "LOGIN"}}));
  s.client("a1 LOGIN carol Spring-2026-Blue!\r\n");
  s.wait_ms(25);
  s.server(dovecot::imap_logged_in("a1"));
  s.client("a2 SELECT INBOX\r\n");
  s.server(dovecot::imap_select_inbox("a2", 1, 2));
  imap::fetch(s, "a3", 1, 1, letters::vpn_password());
  s.client("a4 LOGOUT\r\n");
  s.server(dovecot::imap_logout("a4"));
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

}  // namespace

void add_imap_captures(CaptureSet& out) {
  imap_login(out);
  imap_authenticate(out);
  imap_login_before_starttls(out);
  imap_starttls(out);
  imaps_993(out);
}

}  // namespace capgen
