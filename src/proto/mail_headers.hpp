#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope {

// The headers a sniffer reads off a message in clear (RFC 5322).
struct MailHeaders {
  std::string from;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string subject;
  std::string date;
  std::string message_id;
};

MailHeaders parse_mail_headers(std::string_view header_block);

// A message as its headers describe it (size and packet are the caller's).
struct MailMessage;
void fill_from_headers(MailMessage& message, MailHeaders&& headers);  // moved from

// "=?UTF-8?B?U2FsYXI=?=" and friends (RFC 2047) to UTF-8; charsets other than UTF-8 go through
// iconv. Text that is not an encoded word passes unchanged.
std::string decode_encoded_words(std::string_view text);

// The addr-specs of an address list: "Bob <bob@x>, carol@y" -> {"bob@x", "carol@y"}.
std::vector<std::string> parse_address_list(std::string_view text);

// Collects the content of one message as it streams by: the header block is kept (bounded),
// the body only counted.
class MessageCollector {
 public:
  static constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

  void add(std::string_view content);    // raw bytes (IMAP literal, BDAT chunk)
  void add_line(std::string_view text);  // one line, already dot-unstuffed, without CRLF
  // Body bytes that need no looking at (once the header block is complete).
  void add_body_bytes(std::uint64_t n) { size_ += n; }
  bool header_complete() const { return header_done_; }
  std::uint64_t size() const { return size_; }
  MailHeaders headers() const { return parse_mail_headers(header_); }
  bool has_content() const { return size_ > 0; }

 private:
  std::string header_;
  bool header_done_ = false;
  std::uint64_t size_ = 0;
};

}  // namespace mailscope
