// LineList: a multi-line reply's lines in one string, bounded whatever the server sends.
#include <gtest/gtest.h>

#include <string>

#include "proto/line_list.hpp"

namespace mailscope {
namespace {

TEST(LineList, KeepsTheLinesInOrderAndIsReusedAfterClear) {
  LineList lines;
  lines.push_back("mail.example.org");
  lines.push_back("");
  lines.push_back("STARTTLS");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines.front(), "mail.example.org");
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines.back(), "STARTTLS");
  lines.clear();
  EXPECT_TRUE(lines.empty());
  lines.push_back("AUTH PLAIN");
  EXPECT_EQ(lines.front(), "AUTH PLAIN");
  EXPECT_EQ(lines.size(), 1u);
}

TEST(LineList, EndlessContinuationLinesStayBoundedAndTheLastIsKept) {
  LineList lines;
  for (int i = 0; i < 100000; ++i)
    lines.push_back("line " + std::to_string(i));
  ASSERT_EQ(lines.size(), LineList::kMaxLines);
  EXPECT_EQ(lines.front(), "line 0");
  EXPECT_EQ(lines[LineList::kMaxLines - 2], "line 254");
  EXPECT_EQ(lines.back(), "line 99999");
}

}  // namespace
}  // namespace mailscope
