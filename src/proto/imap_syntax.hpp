#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope {

// A literal announced at the end of an IMAP line: "{42}" (synchronising) or "{42+}"
// (non-synchronising, RFC 7888).
struct LiteralMarker {
  std::uint64_t size = 0;
  bool non_synchronising = false;
  std::size_t position = 0;  // where "{" starts in the line
};

std::optional<LiteralMarker> trailing_literal(std::string_view line);

// An IMAP command or response line with its literals spliced back in order: lines[i] is
// followed by literals[i] (its bytes, possibly cut at a cap).
struct ImapLine {
  std::vector<std::string> lines;
  std::vector<std::string> literals;
};

// Splits into the atoms, quoted strings (unescaped) and literals of RFC 3501's grammar;
// parentheses and brackets stay inside atoms as the server wrote them. Returns at most
// `max_tokens` tokens.
std::vector<std::string> imap_tokens(const ImapLine& line, std::size_t max_tokens);
// The same into `tokens`, which keeps its memory from one line to the next.
void imap_tokens(const ImapLine& line, std::size_t max_tokens, std::vector<std::string>& tokens);

}  // namespace mailscope
