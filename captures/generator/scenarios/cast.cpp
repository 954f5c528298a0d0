#include "scenarios/cast.h"

namespace capgen::cast {
namespace {

Host host(const char* name, const char* ip, MacAddress mac) {
  return Host{name, IpAddress::parse(ip), mac};
}

}  // namespace

// Locally administered MACs (02:...), one per machine.
const Host& alice_laptop() {
  static const Host h = host("alice-laptop", "192.0.2.10", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x0a});
  return h;
}
const Host& alice_laptop_v6() {
  static const Host h =
      host("alice-laptop", "2001:db8:c0::10", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x0a});
  return h;
}
const Host& bob_pc() {
  static const Host h = host("bob-pc", "203.0.113.77", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x4d});
  return h;
}
const Host& bob_pc_v6() {
  static const Host h = host("bob-pc", "2001:db8:113::77", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x4d});
  return h;
}
const Host& carol_pc() {
  static const Host h = host("carol-pc", "192.0.2.21", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x15});
  return h;
}
const Host& dave_phone() {
  static const Host h = host("dave-phone", "192.0.2.33", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x21});
  return h;
}
const Host& erin_laptop() {
  static const Host h = host("erin-laptop", "192.0.2.44", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x2c});
  return h;
}
const Host& frank_pc() {
  static const Host h = host("frank-pc", "192.0.2.55", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x37});
  return h;
}
const Host& frank_pc_v6() {
  static const Host h = host("frank-pc", "2001:db8:c0::55", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x37});
  return h;
}
const Host& mallory() {
  static const Host h = host("mallory", "192.0.2.66", {0x02, 0x00, 0xc0, 0x00, 0x02, 0x42});
  return h;
}
const Host& smtp_pt_lu() {
  static const Host h = host("smtp.pt.lu", "198.51.100.25", {0x02, 0x00, 0xc6, 0x33, 0x64, 0x19});
  return h;
}
const Host& smtp_pt_lu_v6() {
  static const Host h = host("smtp.pt.lu", "2001:db8:51::25", {0x02, 0x00, 0xc6, 0x33, 0x64, 0x19});
  return h;
}
const Host& mx_example_com() {
  static const Host h =
      host("mx.example.com", "203.0.113.25", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x19});
  return h;
}
const Host& smtp_example_com() {
  static const Host h =
      host("smtp.example.com", "203.0.113.26", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x1a});
  return h;
}
const Host& imap_example_com() {
  static const Host h =
      host("imap.example.com", "203.0.113.143", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x8f});
  return h;
}
const Host& imap_example_com_v6() {
  static const Host h =
      host("imap.example.com", "2001:db8:113::143", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x8f});
  return h;
}
const Host& pop_example_com() {
  static const Host h =
      host("pop.example.com", "203.0.113.110", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x6e});
  return h;
}
const Host& pop_example_com_v6() {
  static const Host h =
      host("pop.example.com", "2001:db8:113::110", {0x02, 0x00, 0xcb, 0x00, 0x71, 0x6e});
  return h;
}
const Host& mail_example_org() {
  static const Host h =
      host("mail.example.org", "198.51.100.40", {0x02, 0x00, 0xc6, 0x33, 0x64, 0x28});
  return h;
}
const Host& www_example_net() {
  static const Host h =
      host("www.example.net", "198.51.100.80", {0x02, 0x00, 0xc6, 0x33, 0x64, 0x50});
  return h;
}

}  // namespace capgen::cast

namespace capgen::letters {

namespace {
const Mailbox kAlice{"Alice Weber", "alice@example.lu"};
const Mailbox kBob{"Bob Martin", "bob@example.com"};
const Mailbox kJuergen{"Jürgen Müller", "juergen.mueller@example.de"};
const Mailbox kElodie{"Élodie Durand", "elodie.durand@example.fr"};
const Mailbox kCarol{"Carol Smith", "carol@example.com"};
const Mailbox kDave{"Dave Jones", "dave@example.org"};
const Mailbox kFrank{"Frank Thill", "frank@example.com"};
}  // namespace

MailMessage salary_2026() {
  MailMessage m;
  m.from = kAlice;
  m.to = {kBob};
  m.subject = "Salary 2026";
  m.date = "Mon, 2 Mar 2026 10:00:01 +0100";
  m.message_id = "3f6c2d1e-9a4b-4c8e-b2d7-5e1f0a9c7b42@example.lu";
  m.user_agent = "Mozilla Thunderbird";
  m.language = "en-GB";
  m.encoding = BodyEncoding::k8Bit;
  m.body =
      "Hi Bob,\n"
      "\n"
      "as agreed, here are your figures for 2026:\n"
      "\n"
      "   Gross salary:  6,850.00 EUR per month\n"
      "   Bonus target:  12 %\n"
      "   Effective:     1 April 2026\n"
      "\n"
      "Please keep this to yourself until the announcement on Friday.\n"
      "\n"
      "Best regards,\n"
      "Alice\n"
      "\n"
      "-- \n"
      "Alice Weber\n"
      "Head of People, Example S.à r.l., Luxembourg\n";
  return m;
}

MailMessage gehaltserhoehung() {
  MailMessage m;
  m.from = kAlice;
  m.to = {kJuergen};
  m.cc = {kBob};
  m.subject = "Gehaltserhöhung ab März – vertraulich";
  m.subject_encoding = EncodedWord::kQ;
  m.date = "Mon, 2 Mar 2026 10:00:02 +0100";
  m.message_id = "b7e1c0a4-2f3d-4e5a-9c8b-7d6e5f4a3b2c@example.lu";
  m.user_agent = "Mozilla Thunderbird";
  m.language = "de-DE";
  m.encoding = BodyEncoding::k8Bit;
  m.body =
      "Hallo Jürgen,\n"
      "\n"
      "wie besprochen erhöhen wir dein Gehalt ab dem 1. März 2026 um 4,5 %.\n"
      "Die Änderung erscheint zum ersten Mal auf der Abrechnung für März.\n"
      ".\n"
      "Die Zugangsdaten für das Lohnportal bleiben gleich.\n"
      "...und bitte nicht weiterleiten.\n"
      "\n"
      "Viele Grüße\n"
      "Alice\n";
  return m;
}

MailMessage reunion_du_comite() {
  MailMessage m;
  m.from = kElodie;
  m.to = {kBob};
  m.subject = "Réunion du comité : ordre du jour";
  m.subject_encoding = EncodedWord::kB;
  m.date = "Mon, 2 Mar 2026 09:58:41 +0100";
  m.message_id = "AM9PR02MB7418C3E2D1F0A9B8C7D6E5F4A3B2C1D0@AM9PR02MB7418.eurprd02.prod.example.fr";
  m.user_agent = "";
  m.extra_headers = {"X-Mailer: Microsoft Outlook 16.0"};
  m.language = "fr-FR";
  m.encoding = BodyEncoding::kQuotedPrintable;
  m.body =
      "Bonjour Bob,\n"
      "\n"
      "Voici l'ordre du jour de la réunion du comité de jeudi :\n"
      "\n"
      "1. Résultats du trimestre\n"
      "2. Sécurité de la messagerie (chiffrement TLS obligatoire pour tous les accès)\n"
      "3. Questions diverses\n"
      "\n"
      "À jeudi, 14 h, salle Ève.\n"
      "\n"
      "Élodie\n";
  return m;
}

MailMessage invoice() {
  MailMessage m;
  m.from = {"Example Billing", "billing@example.org"};
  m.to = {kFrank};
  m.subject = "Invoice 2026-0117";
  m.date = "Mon, 2 Mar 2026 08:12:55 +0000";
  m.message_id = "20260302081255.41C2A1F0B3@billing.example.org";
  m.extra_headers = {"X-Mailer: billing-run 4.2"};
  m.body =
      "Dear Frank Thill,\n"
      "\n"
      "please find below invoice 2026-0117.\n"
      "\n"
      "  Hosting, March 2026 ............ 49.00 EUR\n"
      "  Mailbox x3 ...................... 9.00 EUR\n"
      "  Total ........................... 58.00 EUR\n"
      "\n"
      "IBAN LU28 0019 4006 4475 0000 (example)\n"
      ".\n"
      "..This line starts with two dots on the sender's side.\n"
      "\n"
      "Example Billing\n";
  return m;
}

MailMessage vpn_password() {
  MailMessage m;
  m.from = {"IT Helpdesk", "helpdesk@example.com"};
  m.to = {kCarol};
  m.subject = "Your new VPN password";
  m.date = "Mon, 2 Mar 2026 08:47:10 +0000";
  m.message_id = "a1b2c3d4e5f6.helpdesk@example.com";
  m.user_agent = "Mozilla Thunderbird";
  m.body =
      "Hi Carol,\n"
      "\n"
      "your VPN account is ready:\n"
      "\n"
      "  user:     csmith\n"
      "  password: Spring-2026-Blue!\n"
      "\n"
      "Please change it at first login.\n"
      "\n"
      "IT Helpdesk\n";
  return m;
}

MailMessage lunch() {
  MailMessage m;
  m.from = kDave;
  m.to = {kBob};
  m.cc = {kCarol};
  m.subject = "Re: Lunch on Thursday?";
  m.date = "Mon, 2 Mar 2026 09:01:17 +0000";
  m.message_id = "CAF7x9Q2mZp0=k3v@mail.example.org";
  m.user_agent = "K-9 Mail for Android";
  m.extra_headers = {"In-Reply-To: <e4d3c2b1a0@example.com>"};
  m.body =
      "Thursday works. 12:30 at the usual place?\n"
      "\n"
      "Dave\n";
  return m;
}

MailMessage quarterly_figures() {
  MailMessage m;
  m.from = kAlice;
  m.to = {kBob};
  m.subject = "Q1 figures (draft, do not forward)";
  m.date = "Mon, 2 Mar 2026 10:00:30 +0100";
  m.message_id = "5c4b3a29-1807-4f6e-8d5c-4b3a29180706@example.lu";
  m.user_agent = "Mozilla Thunderbird";
  m.body = "Bob,\n\nthe draft figures per branch, before the board sees them:\n\n";
  const char* branches[] = {"Luxembourg", "Esch-sur-Alzette", "Differdange", "Dudelange",
                            "Ettelbruck", "Diekirch",         "Wiltz",       "Echternach",
                            "Remich",     "Grevenmacher",     "Mersch",      "Clervaux"};
  int i = 0;
  for (const char* b : branches) {
    for (int month = 1; month <= 3; ++month) {
      m.body += "  " + std::string(b) + ", month " + std::to_string(month) + ": revenue " +
                std::to_string(120 + (i * 37) % 90) + "." + std::to_string(10 + i % 80) +
                " kEUR, costs " + std::to_string(80 + (i * 53) % 60) + "." +
                std::to_string(10 + (i * 7) % 80) + " kEUR\n";
      ++i;
    }
  }
  m.body += "\nAlice\n";
  return m;
}

MailMessage as_relayed_by_smtp_pt_lu(const MailMessage& m, const std::string& queue_id,
                                     bool authenticated_over_tls) {
  return m.with_trace(
      std::string("Received: from [192.0.2.10] (unknown [192.0.2.10])\n") +
      (authenticated_over_tls
           ? "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n"
             "\t key-exchange X25519 server-signature ECDSA (P-256) server-digest SHA256)\n"
             "\t(No client certificate requested)\n"
           : "") +
      "\t(Authenticated sender: alice@example.lu)\n"
      "\tby smtp.pt.lu (Postfix) with " +
      (authenticated_over_tls ? "ESMTPSA" : "ESMTPA") + " id " + queue_id +
      "\n\tfor <bob@example.com>; Mon,  2 Mar 2026 10:00:01 +0100 (CET)");
}

MailMessage as_delivered_by_mx_example_com(const MailMessage& m, const std::string& queue_id) {
  return m
      .with_trace(
          "Received: from smtp.pt.lu (smtp.pt.lu [198.51.100.25])\n"
          "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n"
          "\t key-exchange X25519 server-signature ECDSA (P-256) server-digest SHA256)\n"
          "\t(No client certificate requested)\n"
          "\tby mx.example.com (Postfix) with ESMTPS id " +
          queue_id + "\n\tfor <bob@example.com>; Mon,  2 Mar 2026 09:00:05 +0000 (UTC)")
      .with_trace("Delivered-To: bob@example.com")
      .with_trace("Return-Path: <alice@example.lu>");
}

}  // namespace capgen::letters
