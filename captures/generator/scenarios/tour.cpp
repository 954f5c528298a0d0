// The whole story of one mail, twice: tour.pcapng, where an eavesdropper reads Alice's password,
// the salary letter and Bob's password; and tour-protected.pcapng, the same story sealed by TLS.
//
//   0 s  hop 1, submission: alice's Thunderbird -> smtp.pt.lu:587
//   5 s  hop 2, relay:      smtp.pt.lu -> mx.example.com:25, STARTTLS (Postfix sends no SNI)
//  72 s  hop 3, retrieval:  bob's client -> imap.example.com (143 in clear / 993 IMAPS)

#include "mail/sasl.h"
#include "mail/servers.h"
#include "mail/transfer.h"
#include "scenarios/cast.h"
#include "scenarios/scenarios.h"

namespace capgen {
namespace {

constexpr std::string_view kAlicePassword = "Lux-Summer-2026";
constexpr std::string_view kBobPassword = "Sunflower-1987";
const std::string kSubmissionQueueId = "4Qx7Ym2Zb1z9vBq";
const std::string kRelayQueueId = "4Qx7Yq0Kq3z1wRt";

void submission(Capture& cap, bool sealed) {
  Session& s = cap.session({.client = &cast::alice_laptop(),
                            .client_port = 50412,
                            .server = &cast::smtp_pt_lu(),
                            .server_port = 587,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 24});
  s.connect();
  s.wait_ms(6);
  s.server(postfix::banner("smtp.pt.lu"));
  s.client("EHLO [192.0.2.10]\r\n");
  s.server(postfix::ehlo_reply("smtp.pt.lu", {.starttls = true, .etrn = false}));
  if (sealed) {
    s.client("STARTTLS\r\n");
    s.server(postfix::kStartTlsGo);
    s.start_tls({.server_name = "smtp.pt.lu"});
    s.client("EHLO [192.0.2.10]\r\n");
    s.server(postfix::ehlo_reply("smtp.pt.lu", {.starttls = false, .etrn = false}));
    s.client("AUTH PLAIN " + sasl::plain("", "alice@example.lu", kAlicePassword) + "\r\n");
    s.wait_ms(35);
    s.server(postfix::kAuthOk);
  } else {
    // Thunderbird set to "Connection security: None": STARTTLS is offered and ignored.
    s.record_finding("starttls-offered-not-used");
    s.client("AUTH LOGIN\r\n");
    s.server("334 VXNlcm5hbWU6\r\n");
    s.client(sasl::base64("alice@example.lu") + "\r\n");
    s.server("334 UGFzc3dvcmQ6\r\n");
    const Sent password = s.client(sasl::base64(kAlicePassword) + "\r\n");
    s.wait_ms(35);
    s.server(postfix::kAuthOk);
    s.record_credential({.mechanism = "LOGIN",
                         .username = "alice@example.lu",
                         .secret = std::string(kAlicePassword),
                         .frame = password.last_frame()});
  }
  s.wait_ms(1200);  // Thunderbird sends after the user clicks Send
  smtp::transfer(s, letters::salary_2026(), {.queue_id = kSubmissionQueueId});
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  if (sealed) s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void relay(Capture& cap, bool sealed) {
  (void)sealed;  // the relay uses STARTTLS in both tours
  Session& s = cap.session({.client = &cast::smtp_pt_lu(),
                            .client_port = 41822,
                            .server = &cast::mx_example_com(),
                            .server_port = 25,
                            .protocol = "smtp",
                            .hop = "relay",
                            .start_s = 5.2,
                            .rtt_ms = 9});
  s.connect();
  s.wait_ms(4);
  s.server(postfix::banner("mx.example.com"));
  s.client("EHLO smtp.pt.lu\r\n");
  s.server(postfix::ehlo_reply("mx.example.com", {.starttls = true, .auth = ""}));
  s.client("STARTTLS\r\n");
  s.server(postfix::kStartTlsGo);
  s.start_tls({.server_name = "mx.example.com", .send_sni = false});
  s.client("EHLO smtp.pt.lu\r\n");
  s.server(postfix::ehlo_reply("mx.example.com", {.starttls = false, .auth = ""}));
  const MailMessage relayed =
      letters::as_relayed_by_smtp_pt_lu(letters::salary_2026(), kSubmissionQueueId, sealed);
  smtp::transfer(s, relayed, {.relay = true, .pipelined = true, .queue_id = kRelayQueueId});
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  s.tls_close_notify(Side::kClient);
  s.close_by_client();
}

void retrieval(Capture& cap, bool sealed) {
  Session& s = cap.session({.client = &cast::bob_pc(),
                            .client_port = 51234,
                            .server = &cast::imap_example_com(),
                            .server_port = static_cast<std::uint16_t>(sealed ? 993 : 143),
                            .protocol = "imap",
                            .hop = "retrieval",
                            .start_s = 72.4,
                            .rtt_ms = 3});
  s.connect();
  if (sealed) s.start_tls({.server_name = "imap.example.com"});
  s.server(dovecot::imap_greeting({.starttls = !sealed, .auth = {"PLAIN", "LOGIN"}}));
  const Sent login = s.client("A1 LOGIN \"bob\" \"" + std::string(kBobPassword) + "\"\r\n");
  s.wait_ms(28);
  s.server(dovecot::imap_logged_in("A1"));
  if (!sealed) {
    s.record_credential({.mechanism = "IMAP-LOGIN",
                         .username = "bob",
                         .secret = std::string(kBobPassword),
                         .frame = login.last_frame()});
    s.record_finding("starttls-offered-not-used");
    s.record_finding("login-before-starttls");
  }
  s.client("A2 SELECT INBOX\r\n");
  s.server(dovecot::imap_select_inbox("A2", 3, 4));
  const MailMessage delivered = letters::as_delivered_by_mx_example_com(
      letters::as_relayed_by_smtp_pt_lu(letters::salary_2026(), kSubmissionQueueId, sealed),
      kRelayQueueId);
  imap::fetch(s, "A3", 3, 3, delivered);
  s.wait_ms(2500);  // Bob reads the mail, then closes the client
  s.client("A4 LOGOUT\r\n");
  s.server(dovecot::imap_logout("A4"));
  if (sealed) s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void tour(CaptureSet& out, bool sealed) {
  Capture& cap = out.emplace_back(CaptureSpec{
      .file = sealed ? "tour-protected.pcapng" : "tour.pcapng",
      .description =
          sealed ? "The story of one mail with TLS on every hop: submission with STARTTLS on "
                   "587, relay with STARTTLS on 25, retrieval over IMAPS 993; an "
                   "eavesdropper sees only who talked to whom."
                 : "The story of one mail: Alice submits 'Salary 2026' on 587 with AUTH LOGIN "
                   "in clear, smtp.pt.lu relays it to mx.example.com with STARTTLS, Bob fetches "
                   "it over IMAP 143 in clear with LOGIN.",
      .format = FileFormat::kPcapng,
      .interfaces = {{LinkLayer{}, "eth0", "mirror port of the story's network"}}});
  submission(cap, sealed);
  relay(cap, sealed);
  retrieval(cap, sealed);
}

}  // namespace

void add_tour_captures(CaptureSet& out) {
  tour(out, false);
  tour(out, true);
}

}  // namespace capgen
