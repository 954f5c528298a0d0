// SMTP in clear: every way a client hands its password (or a digest or a token) to a server
// that an eavesdropper can read, and messages sent with DATA, BDAT and pipelining.

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

// Thunderbird sends AUTH PLAIN with an initial response; a second client answers the empty
// "334 " challenge and names a shared mailbox as authorization identity.
void smtp_auth_plain(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-auth-plain.pcap",
      "Two submissions on port 587 that ignore the offered STARTTLS: AUTH PLAIN with the "
      "password in the command line (then a German message with dot-stuffed lines), and AUTH "
      "PLAIN answered after '334 ' with an authorization identity."));
  {
    Session& s = cap.session({.client = &cast::alice_laptop(),
                              .client_port = 50501,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 0.0,
                              .rtt_ms = 24});
    smtp_hello(s, "smtp.pt.lu", "[192.0.2.10]", {.starttls = true, .etrn = false});
    const Sent auth =
        s.client("AUTH PLAIN " + sasl::plain("", "alice@example.lu", "Lux-Summer-2026") + "\r\n");
    s.wait_ms(38);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "PLAIN",
                         .username = "alice@example.lu",
                         .secret = "Lux-Summer-2026",
                         .frame = auth.last_frame()});
    s.record_finding("starttls-offered-not-used");
    s.wait_ms(900);
    smtp::transfer(s, letters::gehaltserhoehung(), {.queue_id = "4Qx8Bc1Hs6z9vCd"});
    smtp_quit(s);
  }
  {
    Session& s = cap.session({.client = &cast::dave_phone(),
                              .client_port = 38214,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 21.3,
                              .rtt_ms = 48});
    smtp_hello(s, "smtp.pt.lu", "dave-phone.example.org", {.starttls = true, .etrn = false});
    s.client("AUTH PLAIN\r\n");
    s.server("334 \r\n");
    const Sent blob = s.client(
        sasl::plain("office@example.lu", "dave@example.lu", "correct horse battery") + "\r\n");
    s.wait_ms(41);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "PLAIN",
                         .username = "dave@example.lu",
                         .secret = "correct horse battery",
                         .authzid = "office@example.lu",
                         .frame = blob.last_frame()});
    s.record_finding("starttls-offered-not-used");
    smtp_quit(s);
  }
}

// Three flavours of AUTH LOGIN.
void smtp_auth_login(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-auth-login.pcap",
      "Three AUTH LOGIN variants in clear: the classic two base64 steps, the user name sent as "
      "initial response, and a server whose prompts are lower-case 'username:'/'password:' "
      "instead of the usual 'Username:'/'Password:'."));
  {
    Session& s = cap.session({.client = &cast::carol_pc(),
                              .client_port = 51002,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 0.0,
                              .rtt_ms = 22});
    smtp_hello(s, "smtp.pt.lu", "CAROL-PC", {.starttls = true, .etrn = false});
    s.client("AUTH LOGIN\r\n");
    s.server("334 VXNlcm5hbWU6\r\n");
    s.client(sasl::base64("carol@example.lu") + "\r\n");
    s.server("334 UGFzc3dvcmQ6\r\n");
    const Sent pw = s.client(sasl::base64("Winter2025!") + "\r\n");
    s.wait_ms(33);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "LOGIN",
                         .username = "carol@example.lu",
                         .secret = "Winter2025!",
                         .frame = pw.last_frame()});
    s.record_finding("starttls-offered-not-used");
    smtp_quit(s);
  }
  {
    Session& s = cap.session({.client = &cast::erin_laptop(),
                              .client_port = 60233,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 8.7,
                              .rtt_ms = 22});
    smtp_hello(s, "smtp.pt.lu", "erins-macbook.local", {.starttls = true, .etrn = false});
    s.client("AUTH LOGIN " + sasl::base64("erin@example.lu") + "\r\n");
    s.server("334 UGFzc3dvcmQ6\r\n");
    const Sent pw = s.client(sasl::base64("Kx9#mPq2$vL") + "\r\n");
    s.wait_ms(30);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "LOGIN",
                         .username = "erin@example.lu",
                         .secret = "Kx9#mPq2$vL",
                         .frame = pw.last_frame()});
    s.record_finding("starttls-offered-not-used");
    smtp_quit(s);
  }
  {
    // An appliance that is not Postfix, and offers no STARTTLS at all.
    Session& s = cap.session({.client = &cast::frank_pc(),
                              .client_port = 49731,
                              .server = &cast::mail_example_org(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 17.2,
                              .rtt_ms = 31});
    s.connect();
    s.server("220 mail.example.org ESMTP MailGate 7.2 ready\r\n");
    s.client("EHLO FRANK-PC\r\n");
    s.server(
        "250-mail.example.org Hello FRANK-PC [192.0.2.55]\r\n250-SIZE 20971520\r\n"
        "250-AUTH LOGIN\r\n250 HELP\r\n");
    s.client("AUTH LOGIN\r\n");
    s.server("334 dXNlcm5hbWU6\r\n");
    s.client(sasl::base64("frank") + "\r\n");
    s.server("334 cGFzc3dvcmQ6\r\n");
    const Sent pw = s.client(sasl::base64("frank1960") + "\r\n");
    s.server("235 Authentication succeeded\r\n");
    s.record_credential({.mechanism = "LOGIN",
                         .username = "frank",
                         .secret = "frank1960",
                         .frame = pw.last_frame()});
    s.record_finding("no-starttls-offered");
    s.client("QUIT\r\n");
    s.server("221 mail.example.org closing connection\r\n");
    s.close_by_server();
  }
}

// A challenge-response: the wire holds a digest an attacker can brute-force offline.
void smtp_cram_md5(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-cram-md5.pcap",
      "SMTP AUTH CRAM-MD5 on port 587 without TLS: no password on the wire, but the challenge "
      "and the HMAC-MD5 response are enough to crack it offline."));
  Session& s = cap.session({.client = &cast::erin_laptop(),
                            .client_port = 60301,
                            .server = &cast::smtp_pt_lu(),
                            .server_port = 587,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 22});
  smtp_hello(s, "smtp.pt.lu", "erins-macbook.local",
             {.starttls = true, .auth = "PLAIN LOGIN CRAM-MD5", .etrn = false});
  s.client("AUTH CRAM-MD5\r\n");
  const std::string challenge = "<2840591476938442.1772442001@smtp.pt.lu>";
  s.server("334 " + sasl::base64(challenge) + "\r\n");
  const Sent response =
      s.client(sasl::cram_md5_response("erin@example.lu", "tanstaaftanstaaf", challenge) + "\r\n");
  s.wait_ms(25);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "CRAM-MD5",
                       .username = "erin@example.lu",
                       .secret = std::nullopt,
                       .secret_kind = "challenge-response",
                       .frame = response.last_frame()});
  s.record_finding("starttls-offered-not-used");
  smtp_quit(s);
}

// Bearer tokens: whoever copies one can use it until it expires.
void smtp_oauth(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-oauth.pcap",
      "OAuth 2.0 bearer tokens sent in clear on port 587: AUTH XOAUTH2 (Google/Microsoft "
      "style) and AUTH OAUTHBEARER (RFC 7628); each token works for anyone who copies it."));
  const postfix::EhloOptions ehlo{
      .starttls = true, .auth = "PLAIN LOGIN XOAUTH2 OAUTHBEARER", .etrn = false};
  {
    Session& s = cap.session({.client = &cast::erin_laptop(),
                              .client_port = 60412,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 0.0,
                              .rtt_ms = 22});
    smtp_hello(s, "smtp.pt.lu", "erins-macbook.local", ehlo);
    const std::string token = "ya29.a0AfB_byDxP3EXAMPLE-t0ken-4f9c2e7b1d";
    const Sent auth = s.client("AUTH XOAUTH2 " + sasl::xoauth2("erin@example.lu", token) + "\r\n");
    s.wait_ms(60);
    s.server("235 2.7.0 Accepted\r\n");
    s.record_credential({.mechanism = "XOAUTH2",
                         .username = "erin@example.lu",
                         .secret = token,
                         .secret_kind = "token",
                         .frame = auth.last_frame()});
    s.record_finding("starttls-offered-not-used");
    smtp_quit(s);
  }
  {
    Session& s = cap.session({.client = &cast::carol_pc(),
                              .client_port = 51377,
                              .server = &cast::smtp_pt_lu(),
                              .server_port = 587,
                              .protocol = "smtp",
                              .hop = "submission",
                              .start_s = 14.6,
                              .rtt_ms = 22});
    smtp_hello(s, "smtp.pt.lu", "CAROL-PC", ehlo);
    const std::string token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYXJvbCJ9.c2lnbmF0dXJlLWV4YW1wbGU";
    const Sent auth =
        s.client("AUTH OAUTHBEARER " +
                 sasl::oauthbearer("carol@example.lu", "smtp.pt.lu", 587, token) + "\r\n");
    s.wait_ms(55);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "OAUTHBEARER",
                         .username = "carol@example.lu",
                         .secret = token,
                         .secret_kind = "token",
                         .frame = auth.last_frame()});
    s.record_finding("starttls-offered-not-used");
    smtp_quit(s);
  }
}

// Cancel, fail, succeed: only the attempts that carried a password are credentials.
void smtp_auth_retry(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-auth-retry.pcap",
      "One submission session on a server without STARTTLS: the client cancels AUTH LOGIN with "
      "'*' before sending a password (not a credential), then AUTH PLAIN is rejected (535), then "
      "accepted, and a mail with a VPN password goes out."));
  Session& s = cap.session({.client = &cast::carol_pc(),
                            .client_port = 51520,
                            .server = &cast::smtp_example_com(),
                            .server_port = 587,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 4});
  smtp_hello(s, "smtp.example.com", "[192.0.2.21]", {.starttls = false, .etrn = false});
  s.record_finding("no-starttls-offered");
  s.client("AUTH LOGIN\r\n");
  s.server("334 VXNlcm5hbWU6\r\n");
  s.client(sasl::base64("helpdesk@example.com") + "\r\n");
  s.server("334 UGFzc3dvcmQ6\r\n");
  s.wait_ms(4200);  // the user closes the password prompt
  s.client("*\r\n");
  s.server(postfix::kAuthAborted);
  s.wait_ms(3100);
  const Sent wrong =
      s.client("AUTH PLAIN " + sasl::plain("", "helpdesk@example.com", "Helpdesk2025") + "\r\n");
  s.wait_ms(1000);  // Postfix delays a failed login
  s.server(postfix::kAuthFailed);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "helpdesk@example.com",
                       .secret = "Helpdesk2025",
                       .accepted = false,
                       .frame = wrong.last_frame()});
  s.wait_ms(2600);
  const Sent right =
      s.client("AUTH PLAIN " + sasl::plain("", "helpdesk@example.com", "Helpdesk2026") + "\r\n");
  s.wait_ms(30);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "helpdesk@example.com",
                       .secret = "Helpdesk2026",
                       .frame = right.last_frame()});
  smtp::transfer(s, letters::vpn_password(), {.queue_id = "4Qx9Hm5Tt2z8wKp"});
  smtp_quit(s);
}

// Port 25 with AUTH and no STARTTLS; MAIL, RCPT and DATA in one segment (PIPELINING).
void smtp_no_starttls(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-no-starttls.pcap",
      "Submission on port 25 to a server that offers no STARTTLS: AUTH PLAIN in clear, then "
      "MAIL, RCPT, RCPT and DATA pipelined in one segment and a French message "
      "(quoted-printable, RFC 2047 subject)."));
  Session& s = cap.session({.client = &cast::erin_laptop(),
                            .client_port = 61004,
                            .server = &cast::mail_example_org(),
                            .server_port = 25,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 31});
  smtp_hello(s, "mail.example.org", "[192.0.2.44]", {.starttls = false});
  const Sent auth = s.client("AUTH PLAIN " +
                             sasl::plain("", "elodie.durand@example.fr", "Ev3-Salle-14h") + "\r\n");
  s.wait_ms(20);
  s.server(postfix::kAuthOk);
  s.record_credential({.mechanism = "PLAIN",
                       .username = "elodie.durand@example.fr",
                       .secret = "Ev3-Salle-14h",
                       .frame = auth.last_frame()});
  s.record_finding("no-starttls-offered");
  smtp::transfer(s, letters::reunion_du_comite(),
                 {.pipelined = true, .bcc = {"archive@example.fr"}, .queue_id = "4QxB2n7Rk9z4qTy"});
  smtp_quit(s);
}

// Server to server with CHUNKING: the message in BDAT chunks, STARTTLS offered and not used.
void smtp_bdat(CaptureSet& out) {
  Capture& cap = out.emplace_back(script::ethernet_pcap(
      "smtp-bdat.pcap",
      "A relay on port 25 that ignores the offered STARTTLS and sends the message in three BDAT "
      "chunks (CHUNKING, RFC 3030) instead of DATA."));
  Session& s = cap.session({.client = &cast::mail_example_org(),
                            .client_port = 33871,
                            .server = &cast::mx_example_com(),
                            .server_port = 25,
                            .protocol = "smtp",
                            .hop = "relay",
                            .start_s = 0.0,
                            .rtt_ms = 11});
  smtp_hello(s, "mx.example.com", "mail.example.org", {.starttls = true, .auth = ""});
  s.record_finding("starttls-offered-not-used");
  smtp::transfer(s,
                 letters::lunch().with_trace(
                     "Received: from [192.0.2.33] (dave-phone.example.org [192.0.2.33])\n"
                     "\tby mail.example.org with ESMTPSA id 1a2b3c4d\n"
                     "\tfor <bob@example.com>; Mon, 02 Mar 2026 09:01:18 +0000"),
                 {.relay = true, .bdat_chunks = {300, 200}, .queue_id = "4QxC7d2Lm3z5rNs"});
  smtp_quit(s);
}

}  // namespace

void add_smtp_captures(CaptureSet& out) {
  smtp_auth_plain(out);
  smtp_auth_login(out);
  smtp_cram_md5(out);
  smtp_oauth(out);
  smtp_auth_retry(out);
  smtp_no_starttls(out);
  smtp_bdat(out);
}

}  // namespace capgen
