#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/imap_syntax.hpp"

namespace mailscope {
namespace {

TEST(ImapSyntax, AtomsAndQuotedStringsWithEscapes) {
  ImapLine line{{R"(a001 LOGIN "bob \"the\" builder" "pa ss\\w\"rd")"}, {}};
  auto t = imap_tokens(line, 8);
  ASSERT_EQ(t.size(), 4U);
  EXPECT_EQ(t[0], "a001");
  EXPECT_EQ(t[1], "LOGIN");
  EXPECT_EQ(t[2], "bob \"the\" builder");
  EXPECT_EQ(t[3], "pa ss\\w\"rd");
}

TEST(ImapSyntax, TokensIntoAReusedVectorHoldOnlyTheLastLines) {
  std::vector<std::string> tokens;
  imap_tokens(ImapLine{{"a1 LOGIN alice secret"}, {}}, 4, tokens);
  EXPECT_EQ(tokens, (std::vector<std::string>{"a1", "LOGIN", "alice", "secret"}));
  imap_tokens(ImapLine{{"a2 NOOP"}, {}}, 4, tokens);
  EXPECT_EQ(tokens, (std::vector<std::string>{"a2", "NOOP"}));
}

TEST(ImapSyntax, LiteralsSplicedInOrder) {
  ImapLine line{{"A1 LOGIN {5}", " {11+}", ""}, {"alice", "p@ss {word}"}};
  auto t = imap_tokens(line, 8);
  ASSERT_EQ(t.size(), 4U);
  EXPECT_EQ(t[2], "alice");
  EXPECT_EQ(t[3], "p@ss {word}");
}

TEST(ImapSyntax, TrailingLiteralMarkers) {
  auto sync = trailing_literal("A1 LOGIN {5}");
  ASSERT_TRUE(sync);
  EXPECT_EQ(sync->size, 5U);
  EXPECT_FALSE(sync->non_synchronising);
  auto nonsync = trailing_literal("A1 LOGIN alice {12+}");
  ASSERT_TRUE(nonsync);
  EXPECT_TRUE(nonsync->non_synchronising);
  EXPECT_EQ(nonsync->size, 12U);
  EXPECT_FALSE(trailing_literal("A1 LOGIN alice {x}"));
  EXPECT_FALSE(trailing_literal("* OK done"));
  // A literal announcing 4 GiB parses: the decoder, not the syntax, bounds what it keeps.
  auto huge = trailing_literal("* 1 FETCH (BODY[] {4294967296}");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->size, 4294967296ULL);
  EXPECT_FALSE(trailing_literal("x {99999999999999999999999}"));
}

TEST(ImapSyntax, BracketsStayInsideAtoms) {
  ImapLine line{{"* 1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] NIL)"}, {}};
  auto t = imap_tokens(line, 8);
  ASSERT_GE(t.size(), 4U);
  EXPECT_EQ(t[3], "(BODY[HEADER.FIELDS (FROM SUBJECT)]");
}

}  // namespace
}  // namespace mailscope
