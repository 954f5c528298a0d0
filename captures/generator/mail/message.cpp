#include "mail/message.h"

#include <algorithm>

#include "mail/sasl.h"

namespace capgen {
namespace {

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string mailbox_header(const Mailbox& m) {
  if (m.name.empty()) return m.address;
  return encode_header_text(m.name, EncodedWord::kQ) + " <" + m.address + ">";
}

std::string mailbox_list(const std::vector<Mailbox>& list) {
  std::string out;
  for (const Mailbox& m : list) {
    if (!out.empty()) out += ", ";
    out += mailbox_header(m);
  }
  return out;
}

std::string headers(const MailMessage& m) {
  // Thunderbird's order.
  std::string h;
  for (const std::string& t : m.trace)
    h += t + "\n";
  h += "Message-ID: <" + m.message_id + ">\n";
  h += "Date: " + m.date + "\n";
  h += "MIME-Version: 1.0\n";
  if (!m.user_agent.empty()) h += "User-Agent: " + m.user_agent + "\n";
  if (!m.language.empty()) h += "Content-Language: " + m.language + "\n";
  h += "To: " + mailbox_list(m.to) + "\n";
  if (!m.cc.empty()) h += "Cc: " + mailbox_list(m.cc) + "\n";
  h += "From: " + mailbox_header(m.from) + "\n";
  h += "Subject: " + encode_header_text(m.subject, m.subject_encoding) + "\n";
  for (const std::string& x : m.extra_headers)
    h += x + "\n";
  const bool ascii = is_ascii(m.body);
  h += std::string("Content-Type: text/plain; charset=") + (ascii ? "US-ASCII" : "UTF-8") +
       "; format=flowed\n";
  switch (m.encoding) {
    case BodyEncoding::k7Bit:
      h += "Content-Transfer-Encoding: 7bit\n";
      break;
    case BodyEncoding::k8Bit:
      h += "Content-Transfer-Encoding: 8bit\n";
      break;
    case BodyEncoding::kQuotedPrintable:
      h += "Content-Transfer-Encoding: quoted-printable\n";
      break;
  }
  return crlf(h);
}

std::string encoded_body(const MailMessage& m) {
  const std::string body = crlf(m.body);
  return m.encoding == BodyEncoding::kQuotedPrintable ? quoted_printable(body) : body;
}

}  // namespace

std::string crlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

std::string encode_header_text(std::string_view utf8, EncodedWord style) {
  if (is_ascii(utf8)) return std::string(utf8);
  if (style == EncodedWord::kB) return "=?UTF-8?B?" + sasl::base64(utf8) + "?=";
  static const char* kHex = "0123456789ABCDEF";
  std::string out = "=?UTF-8?Q?";
  for (const char ch : utf8) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ') {
      out += '_';
    } else if (c >= 0x80 || c == '=' || c == '?' || c == '_' || c < 0x20) {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "?=";
}

std::string quoted_printable(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\r\n", start);
    const bool has_crlf = end != std::string_view::npos;
    if (!has_crlf) end = text.size();
    std::string line;
    std::size_t column = 0;
    for (std::size_t i = start; i < end; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      const bool last = i + 1 == end;
      std::string piece;
      if (c >= 0x80 || c == '=' || ((c == ' ' || c == '\t') && last)) {
        piece = {'=', kHex[c >> 4], kHex[c & 15]};
      } else {
        piece = std::string(1, static_cast<char>(c));
      }
      if (column + piece.size() > 75) {  // soft line break keeps lines at 76 characters
        line += "=\r\n";
        column = 0;
      }
      line += piece;
      column += piece.size();
    }
    out += line;
    if (has_crlf) out += "\r\n";
    start = has_crlf ? end + 2 : end;
  }
  return out;
}

std::string dot_stuff(std::string_view text) {
  std::string out;
  bool at_line_start = true;
  for (const char c : text) {
    if (at_line_start && c == '.') out += '.';
    out += c;
    at_line_start = c == '\n';
  }
  return out;
}

std::string MailMessage::text() const {
  return headers(*this) + "\r\n" + encoded_body(*this);
}

std::string MailMessage::top(std::size_t lines) const {
  const std::string body = encoded_body(*this);
  std::size_t pos = 0;
  for (std::size_t i = 0; i < lines && pos < body.size(); ++i) {
    const std::size_t lf = body.find('\n', pos);
    pos = lf == std::string::npos ? body.size() : lf + 1;
  }
  return headers(*this) + "\r\n" + body.substr(0, pos);
}

MailMessage MailMessage::with_trace(std::string header) const {
  MailMessage copy = *this;
  copy.trace.insert(copy.trace.begin(), std::move(header));
  return copy;
}

MessageTruth MailMessage::truth() const {
  MessageTruth t;
  t.from = from.address;
  for (const Mailbox& m : to)
    t.to.push_back(m.address);
  for (const Mailbox& m : cc)
    t.cc.push_back(m.address);
  t.subject = subject;
  t.size = text().size();
  return t;
}

}  // namespace capgen
