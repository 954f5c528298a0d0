// The same kinds of sessions seen through every link layer and file flavour a reader must
// handle: Linux cooked v1 and v2, 802.1Q and QinQ tags, BSD loopback, raw IP, a pcapng with two
// interfaces of different link types, and a nanosecond pcap.

#include "mail/sasl.h"
#include "mail/servers.h"
#include "mail/transfer.h"
#include "scenarios/cast.h"
#include "scenarios/common.h"
#include "scenarios/scenarios.h"

namespace capgen {
namespace {

// Familiar dialogues; in these files the lesson is the framing around them.

void imap_login_in_clear(Session& s, const std::string& user, const std::string& password) {
  s.connect();
  s.server(dovecot::imap_greeting({.starttls = false, .auth = {"PLAIN"}}));
  const Sent login = s.client("a1 LOGIN " + user + " " + password + "\r\n");
  s.wait_ms(25);
  s.server(dovecot::imap_logged_in("a1"));
  s.record_credential({.mechanism = "IMAP-LOGIN",
                       .username = user,
                       .secret = password,
                       .frame = login.last_frame()});
  s.record_finding("no-starttls-offered");
  script::imap_logout(s, "a2");
}

void pop3_user_pass_ignoring_stls(Session& s, const std::string& user,
                                  const std::string& password) {
  s.connect();
  s.server(dovecot::kPop3Ready);
  s.client("CAPA\r\n");
  s.server(dovecot::pop3_capa(true, true, "PLAIN LOGIN"));
  s.record_finding("starttls-offered-not-used");
  s.client("USER " + user + "\r\n");
  s.server("+OK\r\n");
  const Sent pass = s.client("PASS " + password + "\r\n");
  s.wait_ms(22);
  s.server(dovecot::kPop3LoggedIn);
  s.record_credential(
      {.mechanism = "USER-PASS", .username = user, .secret = password, .frame = pass.last_frame()});
  s.client("STAT\r\n");
  s.server("+OK 0 0\r\n");
  script::pop3_quit(s);
}

void smtp_auth_plain_no_tls(Session& s, const std::string& server_name, const std::string& user,
                            const std::string& password, const MailMessage& m) {
  const IpAddress& ip = s.spec().client->ip;
  std::string literal = "[";
  if (ip.is_v6()) literal += "IPv6:";
  literal += ip.str();
  literal += ']';
  script::smtp_hello(s, server_name, literal, {.starttls = false, .etrn = false});
  const Sent auth = s.client("AUTH PLAIN " + sasl::plain("", user, password) + "\r\n");
  s.wait_ms(30);
  s.server(postfix::kAuthOk);
  s.record_credential(
      {.mechanism = "PLAIN", .username = user, .secret = password, .frame = auth.last_frame()});
  s.record_finding("no-starttls-offered");
  smtp::transfer(s, m);
  script::smtp_quit(s);
}

CaptureSpec one_interface(std::string file, std::string description, LinkLayer link,
                          std::string if_name, FileFormat format = FileFormat::kPcap) {
  return CaptureSpec{.file = std::move(file),
                     .description = std::move(description),
                     .format = format,
                     .interfaces = {{std::move(link), std::move(if_name), ""}},
                     .cut_last_record_after = std::nullopt};
}

void link_sll(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "link-sll.pcap",
      "Linux cooked capture v1 (LINUX_SLL, libpcap's default for '-i any') taken on the IMAP "
      "server: an IMAP LOGIN in clear.",
      LinkLayer{.kind = LinkKind::kLinuxSll}, "any"));
  Session& s = cap.session({.client = &cast::bob_pc(),
                            .client_port = 54001,
                            .server = &cast::imap_example_com(),
                            .server_port = 143,
                            .protocol = "imap",
                            .hop = "retrieval",
                            .start_s = 0.0,
                            .rtt_ms = 6,
                            .near = Side::kServer});
  imap_login_in_clear(s, "bob", "Sunflower-1987");
}

void link_sll2(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "link-sll2.pcap",
      "Linux cooked capture v2 (LINUX_SLL2, what tcpdump -i any writes) taken on the POP3 "
      "server: USER/PASS in clear although CAPA offers STLS.",
      LinkLayer{.kind = LinkKind::kLinuxSll2, .ifindex = 3}, "any"));
  Session& s = cap.session({.client = &cast::frank_pc(),
                            .client_port = 54101,
                            .server = &cast::pop_example_com(),
                            .server_port = 110,
                            .protocol = "pop3",
                            .hop = "retrieval",
                            .start_s = 0.0,
                            .rtt_ms = 8,
                            .near = Side::kServer});
  pop3_user_pass_ignoring_stls(s, "frank", "frank1960");
}

void link_vlan(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "link-vlan.pcap",
      "Ethernet with an 802.1Q VLAN tag (VLAN 120): a relay on port 25 with no STARTTLS on "
      "offer carries a message in clear.",
      LinkLayer{.kind = LinkKind::kEthernet, .vlan_ids = {120}}, "eth0.120"));
  Session& s = cap.session({.client = &cast::smtp_pt_lu(),
                            .client_port = 41900,
                            .server = &cast::mail_example_org(),
                            .server_port = 25,
                            .protocol = "smtp",
                            .hop = "relay",
                            .start_s = 0.0,
                            .rtt_ms = 14});
  script::smtp_hello(s, "mail.example.org", "smtp.pt.lu", {.starttls = false, .auth = ""});
  s.record_finding("no-starttls-offered");
  smtp::transfer(s, letters::quarterly_figures(), {.relay = true, .pipelined = true});
  script::smtp_quit(s);
}

void link_qinq(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "link-qinq.pcap",
      "Ethernet with two VLAN tags (QinQ: 802.1ad S-tag 200 around 802.1Q C-tag 120): an IPv6 "
      "submission with AUTH PLAIN and a message, no STARTTLS on offer.",
      LinkLayer{.kind = LinkKind::kEthernet, .vlan_ids = {200, 120}}, "eth1"));
  Session& s = cap.session({.client = &cast::alice_laptop_v6(),
                            .client_port = 54301,
                            .server = &cast::smtp_pt_lu_v6(),
                            .server_port = 587,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 0.0,
                            .rtt_ms = 21});
  smtp_auth_plain_no_tls(s, "smtp.pt.lu", "alice@example.lu", "Lux-Summer-2026",
                         letters::salary_2026());
}

void link_null(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "link-null.pcap",
      "BSD loopback/tunnel framing (DLT_NULL, as on a Mac's utun): an IPv4 IMAP LOGIN in clear "
      "and an IPv6 submission with implicit TLS on 465.",
      LinkLayer{.kind = LinkKind::kBsdNull}, "utun3"));
  imap_login_in_clear(cap.session({.client = &cast::erin_laptop(),
                                   .client_port = 54401,
                                   .server = &cast::imap_example_com(),
                                   .server_port = 143,
                                   .protocol = "imap",
                                   .hop = "retrieval",
                                   .start_s = 0.0,
                                   .rtt_ms = 35}),
                      "erin", "Open-Sesame-2026");
  Session& s = cap.session({.client = &cast::alice_laptop_v6(),
                            .client_port = 54402,
                            .server = &cast::smtp_pt_lu_v6(),
                            .server_port = 465,
                            .protocol = "smtp",
                            .hop = "submission",
                            .start_s = 3.5,
                            .rtt_ms = 40});
  s.connect();
  s.start_tls({.server_name = "smtp.pt.lu"});
  s.server(postfix::banner("smtp.pt.lu"));
  s.client("EHLO [IPv6:2001:db8:c0::10]\r\n");
  s.server(postfix::ehlo_reply("smtp.pt.lu", {.starttls = false, .etrn = false}));
  s.client("QUIT\r\n");
  s.server(postfix::kBye);
  s.tls_close_notify(Side::kServer);
  s.close_by_server();
}

void link_raw(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "link-raw.pcap",
      "Raw IP without any link header (LINKTYPE_RAW, as from a tun device): an IPv4 POP3 "
      "USER/PASS and an IPv6 IMAP LOGIN, both in clear.",
      LinkLayer{.kind = LinkKind::kRawIp}, "tun0"));
  pop3_user_pass_ignoring_stls(cap.session({.client = &cast::frank_pc(),
                                            .client_port = 54501,
                                            .server = &cast::pop_example_com(),
                                            .server_port = 110,
                                            .protocol = "pop3",
                                            .hop = "retrieval",
                                            .start_s = 0.0,
                                            .rtt_ms = 30}),
                               "frank", "frank1960");
  imap_login_in_clear(cap.session({.client = &cast::bob_pc_v6(),
                                   .client_port = 54502,
                                   .server = &cast::imap_example_com_v6(),
                                   .server_port = 143,
                                   .protocol = "imap",
                                   .hop = "retrieval",
                                   .start_s = 4.0,
                                   .rtt_ms = 30}),
                      "bob", "Sunflower-1987");
}

void link_mixed(CaptureSet& out) {
  Capture& cap = out.emplace_back(CaptureSpec{
      .file = "link-mixed.pcapng",
      .description =
          "A pcapng with two interfaces of different link types (Ethernet eth0 and Linux "
          "cooked v2 'any'), which libpcap refuses to read: a submission with AUTH PLAIN on "
          "eth0 and an IMAP LOGIN on the cooked interface, interleaved in time.",
      .format = FileFormat::kPcapng,
      .interfaces = {{LinkLayer{}, "eth0", "uplink"},
                     {LinkLayer{.kind = LinkKind::kLinuxSll2, .ifindex = 1}, "any",
                      "all interfaces of the mail server"}},
      .cut_last_record_after = std::nullopt});
  smtp_auth_plain_no_tls(cap.session({.client = &cast::carol_pc(),
                                      .client_port = 54601,
                                      .server = &cast::smtp_example_com(),
                                      .server_port = 587,
                                      .protocol = "smtp",
                                      .hop = "submission",
                                      .start_s = 0.0,
                                      .rtt_ms = 5}),
                         "smtp.example.com", "carol@example.com", "Spring-2026-Blue!",
                         letters::vpn_password());
  imap_login_in_clear(cap.session({.client = &cast::bob_pc(),
                                   .client_port = 54602,
                                   .server = &cast::imap_example_com(),
                                   .server_port = 143,
                                   .protocol = "imap",
                                   .hop = "retrieval",
                                   .start_s = 0.009,
                                   .rtt_ms = 6,
                                   .near = Side::kServer,
                                   .interface = 1}),
                      "bob", "Sunflower-1987");
}

void pcap_nanosecond(CaptureSet& out) {
  Capture& cap = out.emplace_back(one_interface(
      "pcap-nanosecond.pcap",
      "A pcap with nanosecond timestamps (magic a1b23c4d): a submission with AUTH PLAIN and a "
      "message in clear.",
      LinkLayer{}, "eth0", FileFormat::kPcapNanosecond));
  smtp_auth_plain_no_tls(cap.session({.client = &cast::dave_phone(),
                                      .client_port = 54701,
                                      .server = &cast::mail_example_org(),
                                      .server_port = 587,
                                      .protocol = "smtp",
                                      .hop = "submission",
                                      .start_s = 0.000000123,
                                      .rtt_ms = 0.35}),
                         "mail.example.org", "dave@example.org", "Thursday-12:30",
                         letters::lunch());
}

}  // namespace

void add_link_layer_captures(CaptureSet& out) {
  link_sll(out);
  link_sll2(out);
  link_vlan(out);
  link_qinq(out);
  link_null(out);
  link_raw(out);
  link_mixed(out);
  pcap_nanosecond(out);
}

}  // namespace capgen
