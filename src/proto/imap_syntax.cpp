#include "proto/imap_syntax.hpp"

#include <algorithm>

#include "proto/text_util.hpp"

namespace mailscope {

std::optional<LiteralMarker> trailing_literal(std::string_view line) {
  if (line.size() < 3 || line.back() != '}') return std::nullopt;
  std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return std::nullopt;
  std::string_view inside = line.substr(open + 1, line.size() - open - 2);
  LiteralMarker m;
  m.position = open;
  if (!inside.empty() && inside.back() == '+') {
    m.non_synchronising = true;
    inside.remove_suffix(1);
  }
  if (!parse_count(inside, UINT64_MAX, m.size)) return std::nullopt;
  return m;
}

std::vector<std::string> imap_tokens(const ImapLine& line, std::size_t max_tokens) {
  std::vector<std::string> tokens;
  imap_tokens(line, max_tokens, tokens);
  return tokens;
}

void imap_tokens(const ImapLine& line, std::size_t max_tokens, std::vector<std::string>& tokens) {
  tokens.clear();
  tokens.reserve(std::min<std::size_t>(max_tokens, 8));
  for (std::size_t part = 0; part < line.lines.size() && tokens.size() < max_tokens; ++part) {
    std::string_view text = line.lines[part];
    bool has_literal = part < line.literals.size();
    std::size_t literal_at = text.size();
    if (has_literal) {
      if (auto m = trailing_literal(text)) literal_at = m->position;
    }
    std::size_t i = 0;
    while (i < literal_at && tokens.size() < max_tokens) {
      char c = text[i];
      if (c == ' ') {
        ++i;
      } else if (c == '"') {
        std::string value;
        ++i;
        while (i < literal_at && text[i] != '"') {
          if (text[i] == '\\' && i + 1 < literal_at) ++i;  // \" and \\ are the only escapes
          value += text[i++];
        }
        ++i;  // closing quote
        tokens.push_back(std::move(value));
      } else {
        std::size_t start = i;
        int brackets = 0;
        while (i < literal_at && (text[i] != ' ' || brackets > 0)) {
          if (text[i] == '[') ++brackets;
          if (text[i] == ']') --brackets;
          ++i;
        }
        tokens.emplace_back(text.substr(start, i - start));
      }
    }
    if (has_literal && tokens.size() < max_tokens) tokens.push_back(line.literals[part]);
  }
}

}  // namespace mailscope
