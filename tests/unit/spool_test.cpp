// Spool: report entries kept for the end of the analysis, in order, whatever bytes they hold.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "report/spool.hpp"

namespace mailscope {
namespace {

// With or without a writer thread: the same entries, in the same order.
void expect_entries_given_back_in_order(SpoolWriter* writer) {
  // 80,000 entries, about 6 MiB: many times what the spool gathers before a write, and more
  // than one block of the copy back.
  Spool spool("--", writer);
  std::string expected;
  for (int i = 0; i < 80000; ++i) {
    std::string entry = "entry " + std::to_string(i) + std::string(i % 97, '\0') + "\n";
    if (i == 40000) entry = std::string(2'000'000, 'x');  // larger than a write or a block
    spool.add(entry);
    if (i) expected += "--";
    expected += entry;
  }
  EXPECT_EQ(spool.size(), 80000u);
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

TEST(Spool, GivesBackEveryEntryInOrderAcrossManyWrites) {
  expect_entries_given_back_in_order(nullptr);
}

TEST(Spool, GivesBackEveryEntryInOrderWrittenByItsWriterThread) {
  SpoolWriter writer;
  expect_entries_given_back_in_order(&writer);
}

TEST(Spool, SpoolsSharingAWriterKeepTheirOwnEntries) {
  // Blocks of two spools interleave in the writer's queue; each file gets its own, in order.
  SpoolWriter writer;
  Spool first("\n", &writer);
  Spool second("\n", &writer);
  std::string expected_first;
  std::string expected_second;
  for (int i = 0; i < 30000; ++i) {
    std::string a = "first " + std::to_string(i) + std::string(i % 50, 'a');
    std::string b = "second " + std::to_string(i) + std::string(i % 70, 'b');
    first.add(a);
    second.add(b);
    expected_first += (i ? "\n" : "") + a;
    expected_second += (i ? "\n" : "") + b;
  }
  std::ostringstream out_first;
  std::ostringstream out_second;
  second.copy_to(out_second);
  first.copy_to(out_first);
  EXPECT_EQ(out_first.str(), expected_first);
  EXPECT_EQ(out_second.str(), expected_second);
}

TEST(Spool, EntriesWrittenInPlaceJoinTheOthersInOrder) {
  // add_with hands the spool's own buffer to the writer of an entry: the separator still comes
  // between entries, whichever way each was given, across many blocks.
  SpoolWriter writer;
  Spool spool(",", &writer);
  std::string expected;
  for (int i = 0; i < 60000; ++i) {
    std::string entry = "line " + std::to_string(i) + std::string(i % 31, '.');
    if (i % 2) {
      spool.add_with([&](std::string& out) {
        out += "line ";
        out += std::to_string(i);
        out.append(i % 31, '.');
      });
    } else {
      spool.add(entry);
    }
    expected += (i ? "," : "") + entry;
  }
  EXPECT_EQ(spool.size(), 60000u);
  std::ostringstream out;
  spool.copy_to(out);
  EXPECT_EQ(out.str(), expected);
}

// A spool of records formatted when written: each record here is a length byte and that many
// letters, shown as "<letters>:<length>\n". The text comes back in order and whole, records
// never split between blocks, with or without a writer thread.
void expect_records_formatted_in_order(SpoolWriter* writer) {
  std::size_t formatted_blocks = 0;
  Spool spool(writer, [&formatted_blocks](std::string_view records, std::string& text) {
    ++formatted_blocks;  // one thread at a time: the writer's, or the caller's without one
    while (!records.empty()) {
      auto size = static_cast<std::size_t>(static_cast<unsigned char>(records.front()));
      ASSERT_GE(records.size(), 1 + size) << "a record split between blocks";
      text.append(records.substr(1, size));
      text += ':';
      text += std::to_string(size);
      text += '\n';
      records.remove_prefix(1 + size);
    }
  });
  std::string expected;
  for (int i = 0; i < 100000; ++i) {  // about 13 MiB of records: many blocks
    auto size = static_cast<std::size_t>(i % 250);
    char letter = static_cast<char>('a' + i % 26);
    spool.add_with([&](std::string& records) {
      records += static_cast<char>(size);
      records.append(size, letter);
    });
    expected.append(size, letter);
    expected += ':';
    expected += std::to_string(size);
    expected += '\n';
  }
  EXPECT_EQ(spool.size(), 100000u);
  std::ostringstream out;
  spool.copy_to(out);
  EXPECT_EQ(out.str(), expected);
  EXPECT_GT(formatted_blocks, 10u);  // in blocks as they filled, not all at the end
}

TEST(Spool, RecordsAreFormattedInOrderAsTheirBlocksAreWritten) {
  expect_records_formatted_in_order(nullptr);
}

TEST(Spool, RecordsAreFormattedInOrderByTheWriterThread) {
  SpoolWriter writer;
  expect_records_formatted_in_order(&writer);
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
