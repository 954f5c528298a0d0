// The ASCII helpers the decoders use instead of <cctype>'s locale-dependent calls.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <clocale>
#include <string>

#include "proto/text_util.hpp"

namespace mailscope {
namespace {

TEST(TextUtil, SpaceIsTheCLocalesWhateverByte) {
  ASSERT_STREQ(std::setlocale(LC_CTYPE, nullptr), "C");
  for (int b = 0; b < 256; ++b) {
    char c = static_cast<char>(b);
    EXPECT_EQ(ascii_space(c), std::isspace(b) != 0) << "byte " << b;
    EXPECT_EQ(ascii_upper(c), static_cast<char>(std::toupper(b))) << "byte " << b;
  }
}

TEST(TextUtil, TrimTakesAsciiSpaceOnly) {
  EXPECT_EQ(trim(" \t\v\f\r\nAUTH PLAIN \r\n"), "AUTH PLAIN");
  EXPECT_EQ(trim("\xA0x\xA0"), "\xA0x\xA0");  // a Latin-1 no-break space is not ASCII space
  EXPECT_EQ(trim("   "), "");
  EXPECT_EQ(trim(""), "");
}

TEST(TextUtil, ConcatJoinsThePartsInOneAllocation) {
  std::string name = "alice";
  std::string joined = concat({"The password of ", name, "", " crossed in clear."});
  EXPECT_EQ(joined, "The password of alice crossed in clear.");
  EXPECT_EQ(joined.capacity(), std::max(joined.size(), std::string().capacity()));
  EXPECT_EQ(concat({}), "");
}

TEST(TextUtil, FindInWordFindsTheFirstByteNearOrFar) {
  // Every position, on both sides of where the loop hands over to memchr, and none at all.
  for (std::size_t at = 0; at < 100; ++at) {
    std::string text(100, 'x');
    text[at] = ' ';
    if (at + 10 < text.size()) text[at + 10] = ' ';  // a later one does not count
    EXPECT_EQ(find_in_word(text, ' '), at) << "at " << at;
    EXPECT_EQ(find_in_word(std::string_view(text).substr(0, at), ' '), std::string_view::npos);
  }
  EXPECT_EQ(find_in_word("", ' '), std::string_view::npos);
  EXPECT_EQ(split_word("A001 LOGIN  alice"),
            (std::pair<std::string_view, std::string_view>{"A001", "LOGIN  alice"}));
  EXPECT_EQ(split_word("QUIT"), (std::pair<std::string_view, std::string_view>{"QUIT", ""}));
}

}  // namespace
}  // namespace mailscope
