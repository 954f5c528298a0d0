// Spool: report entries kept for the end of the analysis, in order, whatever bytes they hold.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "report/spool.hpp"

namespace mailscope {
namespace {

TEST(Spool, GivesBackEveryEntryInOrderAcrossManyWrites) {
  // 20,000 entries, about 1 MiB: many times what the spool gathers before a write.
  Spool spool;
  std::string expected;
  for (int i = 0; i < 20000; ++i) {
    std::string entry = "entry " + std::to_string(i) + std::string(i % 97, '\0') + "\n";
    if (i == 10000) entry = std::string(200'000, 'x');  // larger than a read or a write
    spool.add(entry);
    if (i) expected += "--";
    expected += entry;
  }
  EXPECT_EQ(spool.size(), 20000u);
  std::ostringstream out;
  spool.copy_to(out, "--");
  EXPECT_EQ(out.str(), expected);
  // Given back twice, the same.
  std::ostringstream again;
  spool.copy_to(again, "--");
  EXPECT_EQ(again.str(), expected);
}

}  // namespace
}  // namespace mailscope
