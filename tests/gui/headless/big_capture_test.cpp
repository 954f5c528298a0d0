// What keeps mailscope-gui usable on a big capture (docs/performance.md, "The desktop app on a
// 1 GiB capture"): a packet record costs 24 bytes and is never copied as the list grows, a
// closed session keeps no spare capacity, and the sessions table lists hundreds of thousands of
// rows in number order without sorting them.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/analysis_worker.hpp"
#include "app/packet_store.hpp"
#include "headless/headless_gui.hpp"
#include "support/big_capture.hpp"
#include "support/capture_truth.hpp"
#include "support/worker_run.hpp"

namespace mailscope::gui::testing {
namespace {

Packet packet_of(std::uint64_t n, std::span<const std::uint8_t> bytes, int link_type = 1) {
  Packet p;
  p.number = n;
  p.time = {static_cast<std::int64_t>(1700000000 + n), static_cast<std::uint32_t>(n * 1000)};
  p.wire_length = static_cast<std::uint32_t>(bytes.size() + 4);
  p.link_type = link_type;
  p.data = bytes;
  return p;
}

TEST(BigCapture, APacketRecordCostsTwentyFourBytes) {
  PacketStore store(0);  // no frame bytes: only the records
  const std::vector<std::uint8_t> frame(60, 0xab);
  constexpr std::uint64_t kPackets = 1'000'000;
  for (std::uint64_t n = 1; n <= kPackets; ++n) {
    store.add(packet_of(n, frame, n > 700'000 ? 276 : 1));
  }
  ASSERT_EQ(store.count(), kPackets);
  // A vector of 48-byte records had 64 MiB reserved here (and 96 MiB while it last grew).
  EXPECT_LE(store.record_memory(), kPackets * 24 + PacketStore::kRecordsPerBlock * 24 + 4096);
  store.assign_session(999'999, 42);
  const auto r = store.record(999'999);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->time.seconds, 1700000000 + 999'999);
  EXPECT_EQ(r->time.nanoseconds, 999'999'000u);
  EXPECT_EQ(r->captured_length, 60u);
  EXPECT_EQ(r->wire_length, 64u);
  EXPECT_EQ(r->session, 42u);
  EXPECT_EQ(r->link_type, 276);
  EXPECT_EQ(store.record(700'000)->link_type, 1);
  EXPECT_EQ(store.record(700'000)->session, 0u);
  EXPECT_FALSE(store.record(0));
  EXPECT_FALSE(store.record(kPackets + 1));
  EXPECT_FALSE(store.bytes_kept(1));
}

TEST(BigCapture, FrameBytesAreKeptForTheFirstFramesOnly) {
  PacketStore store(1000);
  const std::vector<std::uint8_t> small(100, 1);
  const std::vector<std::uint8_t> big(950, 2);
  for (std::uint64_t n = 1; n <= 5; ++n)
    store.add(packet_of(n, small));  // 500 bytes
  store.add(packet_of(6, big));      // does not fit: from here on, frames are read back
  store.add(packet_of(7, small));    // would fit, but a view finds it where the file has it
  for (std::uint64_t n = 1; n <= 5; ++n) {
    ASSERT_TRUE(store.bytes_kept(n)) << n;
    EXPECT_EQ(store.kept_bytes(n).size(), 100u);
    EXPECT_EQ(store.kept_bytes(n)[0], 1);
  }
  EXPECT_FALSE(store.bytes_kept(6));
  EXPECT_FALSE(store.bytes_kept(7));
  EXPECT_TRUE(store.kept_bytes(7).empty());
  EXPECT_EQ(store.bytes_used(), 500u);
}

TEST(BigCapture, AClosedSessionKeepsNoSpareCapacity) {
  AnalysisWorker worker;
  worker.open(file_input(source_path("captures/tour.pcapng")));
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone);
  auto lock = worker.lock();
  ASSERT_FALSE(worker.model().sessions.empty());
  for (const SessionEntry& e : worker.model().sessions) {
    ASSERT_TRUE(e.summary.closed) << "#" << e.number;
    EXPECT_EQ(e.detail.events.capacity(), e.detail.events.size()) << "#" << e.number;
    EXPECT_EQ(e.detail.segments.capacity(), e.detail.segments.size()) << "#" << e.number;
    EXPECT_EQ(e.packets.capacity(), e.packets.size()) << "#" << e.number;
  }
}

// 4,800 sessions: the table lists them by number (no sort), filters them, and sorts them by
// another column and back.
TEST(BigCapture, TheSessionsTableListsThousandsInNumberOrder) {
  const std::string big = "/tmp/mailscope-gui-bigtable-" + std::to_string(::getpid()) + ".pcap";
  ASSERT_GT(write_repeated_capture(source_path("captures/tour.pcapng"), big, 1600), 100000u);
  HeadlessGui gui(headless_options(big));
  ASSERT_TRUE(gui.run_until_settled(240));
  gui.frame();
  auto shown = [&gui] {
    std::vector<int> numbers;
    for (const auto& row : rows(gui.report(), "sessions"))
      numbers.push_back(row["number"].get<int>());
    return numbers;
  };
  std::vector<int> first = shown();
  ASSERT_GT(first.size(), 3u);
  for (std::size_t i = 0; i < first.size(); ++i)
    EXPECT_EQ(first[i], static_cast<int>(i) + 1);
  // Sorted by protocol (a click on its header), then by number again (a click on "#").
  ASSERT_TRUE(gui.click("sessions-header-1"));
  gui.frame();
  ASSERT_TRUE(gui.click("sessions-header-0"));
  gui.frame();
  EXPECT_EQ(shown(), first);
  std::filesystem::remove(big);
}

}  // namespace
}  // namespace mailscope::gui::testing
