// count_body_lines against the plain definition, a line at a time, on bodies made to hold every
// case: dot-stuffed lines, the "." line (CRLF and bare LF), bare LFs, lone CRs, empty lines, a
// cut last line, and a body cut anywhere.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "proto/dot_stuffing.hpp"

namespace mailscope {
namespace {

BodyLines line_by_line(std::string_view pending) {
  BodyLines run;
  while (run.consumed < pending.size()) {
    std::size_t lf = pending.find('\n', run.consumed);
    if (lf == std::string_view::npos) break;
    std::string_view line = pending.substr(run.consumed, lf + 1 - run.consumed);
    bool crlf = line.size() >= 2 && line[line.size() - 2] == '\r';
    std::size_t text = line.size() - (crlf ? 2 : 1);
    if (line.front() == '.') {
      if (text == 1) break;
      --text;
    }
    run.content += text + 2;
    run.consumed = lf + 1;
  }
  return run;
}

TEST(DotStuffing, CountsAsTheLineByLineDefinitionDoes) {
  const char* pieces[] = {"Subject: x\r\n", "\r\n",   "..stuffed\r\n", ".\r\n",  ".\n",
                          "bare lf\n",      "\n",     "lone\rcr\r\n",  "..\n",   "text",
                          ". not end\r\n",  "\r\r\n", "a\r\n",         "..\r\n", "\r"};
  std::mt19937 random(5);
  for (int round = 0; round < 20000; ++round) {
    std::string body;
    int parts = static_cast<int>(random() % 12);
    for (int i = 0; i < parts; ++i)
      body += pieces[random() % std::size(pieces)];
    body.resize(random() % (body.size() + 1));  // cut anywhere, as a segment ends
    BodyLines expected = line_by_line(body);
    BodyLines counted = count_body_lines(body);
    ASSERT_EQ(counted.consumed, expected.consumed) << testing::PrintToString(body);
    ASSERT_EQ(counted.content, expected.content) << testing::PrintToString(body);
  }
}

TEST(DotStuffing, StopsBeforeTheEndLineAndCountsStuffedDotsOnce) {
  std::string_view body = "hello\r\n..dot\r\nbare\n.\r\nafter the end\r\n";
  BodyLines run = count_body_lines(body);
  EXPECT_EQ(run.consumed, std::string_view("hello\r\n..dot\r\nbare\n").size());
  EXPECT_EQ(run.content, 7u + 6u + 6u);  // "hello", ".dot", "bare", each with CRLF
  EXPECT_EQ(count_body_lines("no line end yet").consumed, 0u);
  EXPECT_EQ(count_body_lines(".\r\n").consumed, 0u);
}

}  // namespace
}  // namespace mailscope
