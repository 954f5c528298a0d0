#pragma once

#include <algorithm>
#include <cctype>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>

namespace mailscope {

// Case folding for protocol keywords, which are ASCII: the same as std::toupper in the "C"
// locale without its call per character (the decoders fold every command and response line).
constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_upper(x) == ascii_upper(y);
         });
}

// Where `needle` (upper case) first occurs in `haystack`, in any case; npos if nowhere.
inline std::size_t ifind(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return 0;
  for (std::size_t at = 0; at + needle.size() <= haystack.size(); ++at) {
    if (ascii_upper(haystack[at]) == needle[0] &&
        iequals(haystack.substr(at, needle.size()), needle)) {
      return at;
    }
  }
  return std::string_view::npos;
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Replaces `out` with the parts joined, in one allocation at most (none when `out` already has
// the room: a reused buffer): a chain of + reallocates as the text grows.
inline void assign_joined(std::string& out, std::initializer_list<std::string_view> parts) {
  std::size_t size = 0;
  for (std::string_view part : parts)
    size += part.size();
  out.clear();
  out.reserve(size);
  for (std::string_view part : parts)
    out += part;
}

// The parts joined in a new string (conversation details, message keys).
inline std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  assign_joined(out, parts);
  return out;
}

inline std::string to_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_upper);
  return out;
}

// White space as the "C" locale's isspace() has it, whatever locale the process runs in (the
// GUI's toolkit sets the user's, where a Latin-1 0xA0 would count) and without its call.
constexpr bool ascii_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');  // \t \n \v \f \r
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back()))
    s.remove_suffix(1);
  return s;
}

// Where the first `c` in `s` is, npos if nowhere. For the words of a protocol line, a few bytes
// each: a loop over the first bytes, memchr only past them (a call to memchr a word cost more
// than the words, perf on the real capture).
inline std::size_t find_in_word(std::string_view s, char c) {
  constexpr std::size_t kLooped = 32;
  std::size_t head = std::min(s.size(), kLooped);
  for (std::size_t i = 0; i < head; ++i) {
    if (s[i] == c) return i;
  }
  if (s.size() == head) return std::string_view::npos;
  const void* found = std::memchr(s.data() + head, c, s.size() - head);
  return found ? static_cast<std::size_t>(static_cast<const char*>(found) - s.data())
               : std::string_view::npos;
}

// The first word of a line and the rest after one run of spaces.
inline std::pair<std::string_view, std::string_view> split_word(std::string_view line) {
  std::size_t space = find_in_word(line, ' ');
  if (space == std::string_view::npos) return {line, {}};
  std::string_view rest = line.substr(space + 1);
  while (!rest.empty() && rest.front() == ' ')
    rest.remove_prefix(1);
  return {line.substr(0, space), rest};
}

// Parses an unsigned decimal; false on anything else or on overflow past `max`.
inline bool parse_count(std::string_view s, std::uint64_t max, std::uint64_t& out) {
  if (s.empty() || s.size() > 20) return false;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (v > (max - static_cast<std::uint64_t>(c - '0')) / 10) return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = v;
  return true;
}

// "220 ", "250-": the start of an SMTP reply line.
inline bool looks_like_reply_code(std::string_view line) {
  return line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
         std::isdigit(static_cast<unsigned char>(line[1])) &&
         std::isdigit(static_cast<unsigned char>(line[2])) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

// A command word from `verbs` starts the line (any case).
template <typename Verbs>
bool starts_with_verb(std::string_view line, const Verbs& verbs) {
  std::string_view word = line.substr(0, find_in_word(line, ' '));
  for (std::string_view verb : verbs) {
    if (iequals(word, verb)) return true;
  }
  return false;
}

}  // namespace mailscope
