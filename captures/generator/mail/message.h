// RFC 5322 messages as mail clients compose them, and the transfer encodings around them
// (RFC 2047 encoded words, quoted-printable, SMTP/POP3 dot-stuffing).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/truth.h"

namespace capgen {

struct Mailbox {
  std::string name{};  // display name, UTF-8 (encoded per RFC 2047 when not ASCII)
  std::string address{};
};

enum class BodyEncoding { k7Bit, k8Bit, kQuotedPrintable };
enum class EncodedWord { kQ, kB };

struct MailMessage {
  std::vector<std::string> trace{};  // headers servers added on the way (Received: ...), top first
  Mailbox from{};
  std::vector<Mailbox> to{};
  std::vector<Mailbox> cc{};
  std::string subject{};  // UTF-8
  EncodedWord subject_encoding = EncodedWord::kQ;
  std::string date{};        // "Mon, 2 Mar 2026 09:00:05 +0100"
  std::string message_id{};  // without angle brackets
  std::string user_agent{};  // "Mozilla Thunderbird"
  std::string language{};    // Content-Language, e.g. "de-DE"
  std::vector<std::string> extra_headers{};
  std::string body{};  // UTF-8, "\n" line ends
  BodyEncoding encoding = BodyEncoding::k7Bit;

  // The whole message with CRLF line ends, as delivered.
  std::string text() const;
  // The header block, the blank line and the first `lines` body lines (POP3 TOP).
  std::string top(std::size_t lines) const;
  // A copy with one more trace header on top, as a server adds when it takes the message.
  MailMessage with_trace(std::string header) const;
  // from/to/cc/subject and the size of text().
  MessageTruth truth() const;
};

// "=?UTF-8?Q?...?=" / "=?UTF-8?B?...?="; ASCII text is returned unchanged.
std::string encode_header_text(std::string_view utf8, EncodedWord style);
std::string quoted_printable(std::string_view text_crlf);
// SMTP DATA / POP3 multi-line: a line starting with "." gets one more "." in front.
std::string dot_stuff(std::string_view text_crlf);
// "\n" -> "\r\n" (leaves existing CRLF alone).
std::string crlf(std::string_view text);

}  // namespace capgen
