// Moving one message through a session the way clients and servers do it, and recording it as
// exposed when that happens in clear: SMTP DATA/BDAT, IMAP FETCH, POP3 RETR/TOP.
#pragma once

#include <string>
#include <vector>

#include "core/session.h"
#include "mail/message.h"

namespace capgen::smtp {

struct Transfer {
  bool relay = false;      // Postfix client style (ORCPT, SIZE first) instead of Thunderbird's
  bool pipelined = false;  // MAIL, RCPT..., DATA written in one segment (RFC 2920)
  // Non-empty: BDAT (RFC 3030) with chunks of these sizes; the rest goes in the LAST chunk.
  std::vector<std::size_t> bdat_chunks{};
  std::vector<std::string> bcc{};
  std::string queue_id = "4Qx7Ym2Zb1z9vBq";
  SendOptions body{};  // how the message bytes reach the capture (TCP anomalies)
};

// MAIL FROM / RCPT TO / DATA or BDAT, with Postfix's replies.
void transfer(Session& s, const MailMessage& m, const Transfer& options = {});

}  // namespace capgen::smtp

namespace capgen::imap {

// "<tag> UID FETCH <uid> (UID RFC822.SIZE FLAGS BODY.PEEK[])" and the BODY[] literal.
void fetch(Session& s, const std::string& tag, int seq, int uid, const MailMessage& m,
           const SendOptions& response = {});

}  // namespace capgen::imap

namespace capgen::pop3 {

void retr(Session& s, int n, const MailMessage& m);
void top(Session& s, int n, std::size_t lines, const MailMessage& m);

}  // namespace capgen::pop3
