#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mailscope {

// A message whose envelope, headers or body crossed in clear.
struct MailMessage {
  std::string from;             // SMTP: the envelope sender; IMAP/POP3: the From header address
  std::vector<std::string> to;  // SMTP: the envelope recipients; IMAP/POP3: To header addresses
  std::vector<std::string> cc;
  std::string subject;  // RFC 2047 decoded to UTF-8
  std::string date;
  std::string message_id;
  std::uint64_t size = 0;    // bytes as delivered (dot-unstuffed, without the terminator)
  std::uint64_t packet = 0;  // packet that completed the message
  bool complete = true;      // false when the capture ended or a gap cut the message
};

}  // namespace mailscope
