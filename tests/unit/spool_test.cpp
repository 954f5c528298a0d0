// Spool: report entries kept for the end of the analysis, in order, whatever bytes they hold.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "report/spool.hpp"

namespace mailscope {
namespace {

TEST(Spool, GivesBackEveryEntryInOrderAcrossManyWrites) {
  // 20,000 entries, about 1 MiB: many times what the spool gathers before a write, and more
  // than one block of the copy back.
  Spool spool("--");
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    std::string entry = "entry " + std::to_string(i) + std::string(i % 97, '\0') + "\n";
    if (i == 10000) entry = std::string(2'000'000, 'x');  // larger than a write or a block
    spool.add(entry);
    if (i) expected += "--";
    expected += entry;
  }
  EXPECT_EQ(spool.size(), 20000u);
  std::ostringstream out;
  spool.copy_to(out);
  EXPECT_EQ(out.str(), expected);
  // Given back twice, the same; an entry added after goes after the others.
  spool.add("last");
  expected += "--last";
  std::ostringstream again;
  spool.copy_to(again);
  EXPECT_EQ(again.str(), expected);
}

TEST(Spool, NoEntriesGivesBackNothing) {
  Spool spool(",\n");
  std::ostringstream out;
  spool.copy_to(out);
  EXPECT_EQ(spool.size(), 0u);
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace mailscope
