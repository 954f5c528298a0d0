#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace mailscope {

// Complete lines of a dot-stuffed message body (SMTP DATA, RFC 5321 4.5.2; POP3 RETR and TOP,
// RFC 1939 3) counted in one pass, up to the "." line that ends the body.
struct BodyLines {
  std::size_t consumed = 0;   // bytes of the complete lines before the end (0: none)
  std::uint64_t content = 0;  // their size in the message: unstuffed, each line with CRLF
};

// Bodies are most of what a mail session carries: when nobody wants to see them line by line,
// decoders count them with this instead of taking a line at a time.
inline BodyLines count_body_lines(std::string_view pending) {
  BodyLines run;
  while (run.consumed < pending.size()) {
    const void* lf =
        std::memchr(pending.data() + run.consumed, '\n', pending.size() - run.consumed);
    if (!lf) break;
    std::size_t end = static_cast<std::size_t>(static_cast<const char*>(lf) - pending.data()) + 1;
    std::string_view line = pending.substr(run.consumed, end - run.consumed);
    bool crlf = line.size() >= 2 && line[line.size() - 2] == '\r';
    std::size_t text = line.size() - (crlf ? 2 : 1);
    if (line.front() == '.') {
      if (text == 1) break;  // the end of the body: the caller takes it line by line
      --text;                // dot-stuffing
    }
    run.content += text + 2;
    run.consumed = end;
  }
  return run;
}

}  // namespace mailscope
