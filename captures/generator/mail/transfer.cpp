#include "mail/transfer.h"

#include <numeric>
#include <stdexcept>

namespace capgen::smtp {

void transfer(Session& s, const MailMessage& m, const Transfer& o) {
  const std::string text = m.text();
  const std::string size = "SIZE=" + std::to_string(text.size());
  const std::string body = m.encoding == BodyEncoding::k8Bit ? "BODY=8BITMIME" : "";
  std::string mail = "MAIL FROM:<" + m.from.address + ">";
  if (o.relay) {
    mail += " " + size + (body.empty() ? "" : " " + body);
  } else {
    mail += (body.empty() ? "" : " " + body) + " " + size;
  }
  mail += "\r\n";
  std::vector<std::string> rcpts;
  for (const auto* list : {&m.to, &m.cc}) {
    for (const Mailbox& r : *list)
      rcpts.push_back(r.address);
  }
  rcpts.insert(rcpts.end(), o.bcc.begin(), o.bcc.end());
  std::vector<std::string> rcpt_lines;
  for (const std::string& r : rcpts) {
    rcpt_lines.push_back("RCPT TO:<" + r + ">" + (o.relay ? " ORCPT=rfc822;" + r : "") + "\r\n");
  }
  const bool bdat = !o.bdat_chunks.empty();
  const std::string data_cmd = "DATA\r\n";
  const std::string go_ahead = "354 End data with <CR><LF>.<CR><LF>\r\n";

  if (o.pipelined) {
    std::string burst = mail;
    std::string replies = "250 2.1.0 Ok\r\n";
    for (const std::string& l : rcpt_lines) {
      burst += l;
      replies += "250 2.1.5 Ok\r\n";
    }
    if (!bdat) {
      burst += data_cmd;
      replies += go_ahead;
    }
    s.client(burst);
    s.server(replies);
  } else {
    s.client(mail);
    s.server("250 2.1.0 Ok\r\n");
    for (const std::string& l : rcpt_lines) {
      s.client(l);
      s.server("250 2.1.5 Ok\r\n");
    }
    if (!bdat) {
      s.client(data_cmd);
      s.server(go_ahead);
    }
  }

  if (!bdat) {
    s.client(dot_stuff(text) + ".\r\n", o.body);
    s.wait_ms(14);  // cleanup and queue manager
    s.server("250 2.0.0 Ok: queued as " + o.queue_id + "\r\n");
  } else {
    const std::size_t listed =
        std::accumulate(o.bdat_chunks.begin(), o.bdat_chunks.end(), std::size_t{0});
    if (listed >= text.size()) throw std::invalid_argument("BDAT chunks exceed the message");
    std::size_t pos = 0;
    for (const std::size_t chunk : o.bdat_chunks) {
      s.client("BDAT " + std::to_string(chunk) + "\r\n" + text.substr(pos, chunk), o.body);
      s.server("250 2.0.0 Ok: " + std::to_string(chunk) + " bytes\r\n");
      pos += chunk;
    }
    const std::size_t last = text.size() - pos;
    s.client("BDAT " + std::to_string(last) + " LAST\r\n" + text.substr(pos));
    s.wait_ms(14);
    s.server("250 2.0.0 Ok: queued as " + o.queue_id + "\r\n");
  }
  // For SMTP the envelope is what the server acts on (and it shows Bcc recipients the header
  // hides): from and to come from MAIL FROM and RCPT TO, cc and subject from the header.
  MessageTruth truth = m.truth();
  truth.from = m.from.address;
  truth.to = rcpts;
  s.record_message(truth);
}

}  // namespace capgen::smtp

namespace capgen::imap {

void fetch(Session& s, const std::string& tag, int seq, int uid, const MailMessage& m,
           const SendOptions& response) {
  const std::string text = m.text();
  const std::string n = std::to_string(text.size());
  s.client(tag + " UID FETCH " + std::to_string(uid) + " (UID RFC822.SIZE FLAGS BODY.PEEK[])\r\n");
  s.server("* " + std::to_string(seq) + " FETCH (UID " + std::to_string(uid) + " RFC822.SIZE " + n +
               " FLAGS (\\Recent) BODY[] {" + n + "}\r\n" + text + ")\r\n" + tag +
               " OK Fetch completed (0.003 + 0.000 + 0.002 secs).\r\n",
           response);
  s.record_message(m.truth());
}

}  // namespace capgen::imap

namespace capgen::pop3 {

void retr(Session& s, int n, const MailMessage& m) {
  const std::string text = m.text();
  s.client("RETR " + std::to_string(n) + "\r\n");
  s.server("+OK " + std::to_string(text.size()) + " octets\r\n" + dot_stuff(text) + ".\r\n");
  s.record_message(m.truth());
}

void top(Session& s, int n, std::size_t lines, const MailMessage& m) {
  const std::string part = m.top(lines);
  s.client("TOP " + std::to_string(n) + " " + std::to_string(lines) + "\r\n");
  s.server("+OK\r\n" + dot_stuff(part) + ".\r\n");
  MessageTruth t = m.truth();
  t.size = part.size();
  s.record_message(t);
}

}  // namespace capgen::pop3
