#include <gtest/gtest.h>

#include "model/credential.hpp"

namespace mailscope {
namespace {

TEST(MaskSecret, KeepsOnlyTheEndsOfLongSecrets) {
  EXPECT_EQ(mask_secret("punjab@123"), "p********3");
  EXPECT_EQ(mask_secret("abc"), "***");
  EXPECT_EQ(mask_secret(""), "");
  // Counted in characters, and a non-ASCII end stays hidden.
  EXPECT_EQ(mask_secret("Grüße"), "G***e");
  EXPECT_EQ(mask_secret("Kennwort-ß"), "K*********");
  EXPECT_EQ(mask_secret("äpfelbaum"), "********m");
}

}  // namespace
}  // namespace mailscope
