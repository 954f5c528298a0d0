// The people, machines and letters of every sample capture. Addresses are from the
// documentation ranges (RFC 5737, RFC 3849); names are from example domains, except smtp.pt.lu,
// the submission server of the story trainers tell.
#pragma once

#include "core/address.h"
#include "mail/message.h"

namespace capgen::cast {

// Clients (192.0.2.0/24, 2001:db8:c0::/48)
const Host& alice_laptop();  // Alice Weber, sends the salary mail
const Host& alice_laptop_v6();
const Host& bob_pc();  // Bob Martin, reads it (203.0.113.0/24: at example.com)
const Host& bob_pc_v6();
const Host& carol_pc();
const Host& dave_phone();
const Host& erin_laptop();
const Host& frank_pc();
const Host& frank_pc_v6();
const Host& mallory();  // a machine on the path that rewrites traffic

// Servers
const Host& smtp_pt_lu();  // submission server of alice's provider (198.51.100.0/24)
const Host& smtp_pt_lu_v6();
const Host& mx_example_com();    // MX of bob's provider (203.0.113.0/24)
const Host& smtp_example_com();  // submission server of example.com
const Host& imap_example_com();
const Host& imap_example_com_v6();
const Host& pop_example_com();
const Host& pop_example_com_v6();
const Host& mail_example_org();  // a small office server on odd ports
const Host& www_example_net();   // a web server: TLS that is not mail

}  // namespace capgen::cast

namespace capgen::letters {

MailMessage salary_2026();        // alice -> bob, the mail of the tour
MailMessage gehaltserhoehung();   // German, RFC 2047 Q subject, 8bit body, dot-stuffed lines
MailMessage reunion_du_comite();  // French, RFC 2047 B subject, quoted-printable body
MailMessage invoice();            // ASCII, from a billing system
MailMessage vpn_password();       // the kind of mail nobody should send in clear
MailMessage lunch();              // a short reply with a Cc
MailMessage quarterly_figures();  // long enough to span several TCP segments

// The trace headers each hop of the tour adds.
MailMessage as_relayed_by_smtp_pt_lu(const MailMessage& m, const std::string& queue_id,
                                     bool authenticated_over_tls);
MailMessage as_delivered_by_mx_example_com(const MailMessage& m, const std::string& queue_id);

}  // namespace capgen::letters
