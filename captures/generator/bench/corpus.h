// What the benchmark's mail is made of: people, subjects, and message texts of a realistic
// size (plain text, or multipart with base64 attachments), cut from pools built once so that
// a gigabyte of mail costs little more than copying it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/rng.h"

namespace capgen::bench {

struct Person {
  std::string name{};     // "Anna Schmidt"
  std::string address{};  // "anna.schmidt@example.net"
};

// Message sizes (whole RFC 5322 message, CRLF lines): 94 % between 2 and 50 KB, 5 % between
// 50 and 200 KB, 1 % between 200 KB and 3 MB (log-uniform within each band); 30 KB on average.
std::size_t draw_message_size(Rng& rng);
inline constexpr std::size_t kBigMessage = 200 * 1024;  // the start of the attachment tail

struct MessageSpec {
  std::size_t size = 0;
  Person from{};
  std::vector<Person> to{};
  std::vector<Person> cc{};
  std::int64_t unix_time = 0;        // Date header
  std::vector<std::string> trace{};  // Received:/Return-Path: lines the servers added, top first
  std::string user_agent{};          // "User-Agent: ..." or "X-Mailer: ..." line, without CRLF
};

class Corpus {
 public:
  explicit Corpus(std::uint64_t seed);

  Person person(Rng& rng) const;                                   // anyone, anywhere
  Person local_person(Rng& rng, const std::string& domain) const;  // someone at `domain`
  std::string subject(Rng& rng) const;
  // The message, CRLF line ends, about spec.size bytes. No line starts with '.', so it needs
  // no dot-stuffing and its size on the wire equals its size as delivered.
  std::string message(Rng& rng, const MessageSpec& spec) const;

 private:
  void append_text(Rng& rng, std::string& out, std::size_t bytes) const;
  void append_base64(Rng& rng, std::string& out, std::size_t bytes) const;

  std::string text_;                       // paragraphs of wrapped lines, CRLF
  std::vector<std::uint32_t> text_lines_;  // offsets of line starts in text_
  std::string base64_;                     // 76-character lines of random data, CRLF
};

// "Mon, 2 Mar 2026 10:00:01 +0000"
std::string rfc5322_date(std::int64_t unix_time);
// Random letters and digits from `alphabet`.
std::string random_token(Rng& rng, std::size_t length,
                         std::string_view alphabet = "0123456789abcdefghijklmnopqrstuvwxyz");

}  // namespace capgen::bench
