// What keeps mailscope-gui usable on a big capture (docs/performance.md, "The desktop app on a
// 1 GiB capture"): a packet record costs 24 bytes and is never copied as the list grows, a
// closed session keeps no spare capacity, and the sessions table lists hundreds of thousands of
// rows in number order without sorting them.
#include <gtest/gtest.h>

#include <bit>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/analysis_worker.hpp"
#include "app/finding_list.hpp"
#include "app/model_memory.hpp"
#include "app/packet_store.hpp"
#include "app/session_detail.hpp"
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

Event event_of(std::uint64_t n, std::string text, std::string detail) {
  Event e;
  e.kind = static_cast<Event::Kind>(n % 6);
  e.direction = n % 2 ? Direction::kServerToClient : Direction::kClientToServer;
  e.packet = n * 3 + 1;
  e.time = {static_cast<std::int64_t>(1700000000 + n), static_cast<std::uint32_t>(n * 7)};
  e.bytes = {n % 3 ? Direction::kServerToClient : Direction::kClientToServer, n * 100,
             n * 100 + 40 + n};
  e.encrypted = n % 4 == 0;
  e.credential = static_cast<int>(n % 5) - 1;
  e.text = std::move(text);
  e.detail = std::move(detail);
  return e;
}

// The GUI keeps a session's events as 28-byte records and one block of characters (an Event is
// 128 bytes, and each string longer than 15 characters has a heap block of its own); what the
// views read back is the event as it came, also when its numbers need the wide record.
TEST(BigCapture, AnEventCostsTwentyEightBytesAndItsCharacters) {
  EventList events;
  std::vector<Event> given;
  std::size_t characters = 0;
  for (std::uint64_t n = 0; n < 1000; ++n) {
    std::string text =
        n % 10 == 0 ? "" : "250-SIZE " + std::to_string(n) + std::string(n % 40, 'x');
    std::string detail = n % 7 == 0 ? "" : "the server offers extension " + std::to_string(n);
    characters += text.size() + detail.size();
    given.push_back(event_of(n, text, detail));
    events.push_back(given.back());
  }
  events.shrink_to_fit();
  ASSERT_EQ(events.size(), given.size());
  EXPECT_EQ(events.capacity(), events.size());
  EXPECT_LE(events.record_memory(), heap_block(given.size() * 28));
  // Numbers past 32 bits, a time before the first event's, a credential past 127, a long line.
  for (std::uint64_t n = 1000; n < 1006; ++n) {
    Event e = event_of(n, "x", n == 1005 ? "" : "wide " + std::to_string(n));
    if (n == 1000) e.packet = (1ull << 32) + 7;
    if (n == 1001) e.time.seconds = 1600000000;
    if (n == 1002) e.bytes = {Direction::kServerToClient, (1ull << 33), (1ull << 33) + 10};
    if (n == 1003) e.credential = 300;
    if (n == 1004) e.text = std::string(70000, 't');
    if (n == 1005) e.bytes = {Direction::kClientToServer, 10, 5};  // an empty, reversed range
    characters += e.text.size() + e.detail.size();
    given.push_back(e);
    events.push_back(e);
  }
  events.shrink_to_fit();
  ASSERT_EQ(events.size(), given.size());
  EXPECT_LE(events.string_memory(), heap_block(characters + 1));
  std::size_t i = 0;
  for (const Event& e : events) {
    const Event& g = given[i];
    EXPECT_EQ(e.kind, g.kind) << i;
    EXPECT_EQ(e.direction, g.direction) << i;
    EXPECT_EQ(e.packet, g.packet) << i;
    EXPECT_EQ(e.time, g.time) << i;
    EXPECT_EQ(e.bytes.direction, g.bytes.direction) << i;
    EXPECT_EQ(e.bytes.begin, g.bytes.begin) << i;
    EXPECT_EQ(e.bytes.end, g.bytes.end) << i;
    EXPECT_EQ(e.encrypted, g.encrypted) << i;
    EXPECT_EQ(e.credential, g.credential) << i;
    EXPECT_EQ(e.text, g.text) << i;
    EXPECT_EQ(e.detail, g.detail) << i;
    EXPECT_EQ(events.text(i), g.text) << i;
    EXPECT_EQ(events.detail(i), g.detail) << i;
    EXPECT_EQ(events.packet(i), g.packet) << i;
    EXPECT_EQ(events.kind(i), g.kind) << i;
    ++i;
  }
  EXPECT_EQ(i, given.size());
  EXPECT_EQ(events.back().detail, given.back().detail);
}

TEST(BigCapture, AStreamSegmentCostsTwentyFourBytes) {
  SegmentList segments;
  std::vector<StreamSegment> given;
  for (std::uint64_t n = 0; n < 1000; ++n) {
    StreamSegment s;
    s.direction = n % 2 ? Direction::kServerToClient : Direction::kClientToServer;
    s.stream_offset = n * 1460 + (n == 999 ? (1ull << 40) : 0);
    s.length = static_cast<std::uint32_t>(n % 1461);
    s.packet = n == 998 ? (1ull << 40) + 5 : n + 1;
    s.frame_offset = n % 3 ? 54 : 0;
    given.push_back(s);
    segments.push_back(s);
  }
  segments.shrink_to_fit();
  EXPECT_LE(segments.memory(), heap_block(given.size() * 24));
  std::size_t i = 0;
  for (const StreamSegment s : segments) {
    EXPECT_EQ(s.direction, given[i].direction) << i;
    EXPECT_EQ(s.stream_offset, given[i].stream_offset) << i;
    EXPECT_EQ(s.length, given[i].length) << i;
    EXPECT_EQ(s.packet, given[i].packet) << i;
    EXPECT_EQ(s.frame_offset, given[i].frame_offset) << i;
    ++i;
  }
  EXPECT_EQ(i, given.size());
}

TEST(BigCapture, FindingsKeepEachTextOnce) {
  FindingList findings;
  std::vector<Finding> given;
  for (std::uint64_t n = 0; n < 3000; ++n) {
    Finding f;
    f.severity = static_cast<Severity>(n % 3);
    f.code = n % 2 ? "plaintext-credentials" : "starttls-offered-not-used";
    f.session = n / 3 + 1;
    f.packet = n * 11;
    f.message = "alice logged in before switching to TLS, although the server offered STARTTLS: " +
                std::to_string(n % 4);
    given.push_back(f);
    findings.push_back(f);
  }
  ASSERT_EQ(findings.size(), given.size());
  // 32 bytes a record, and six distinct texts.
  EXPECT_LE(findings.memory(), heap_block(4096 * 32) + 4096);
  std::size_t i = 0;
  for (const Finding& f : findings) {
    EXPECT_EQ(f.severity, given[i].severity) << i;
    EXPECT_EQ(f.code, given[i].code) << i;
    EXPECT_EQ(f.session, given[i].session) << i;
    EXPECT_EQ(f.packet, given[i].packet) << i;
    EXPECT_EQ(f.message, given[i].message) << i;
    EXPECT_EQ(findings.session(i), given[i].session) << i;
    EXPECT_EQ(findings.message(i), given[i].message) << i;
    ++i;
  }
  EXPECT_EQ(i, given.size());
}

// What the old form (a vector<Event> and a vector<StreamSegment> per session) took for the same
// sessions: the comparison docs/performance.md gives.
struct OldForm {
  std::uint64_t event_records = 0, event_strings = 0, segments = 0;
  std::uint64_t characters = 0;  // of all texts and details
  std::uint64_t findings = 0;    // a vector<Finding> (grown by doubling) and its strings
};
OldForm old_form(const CaptureModel& model) {
  OldForm old;
  auto string_block = [](const std::string& s) {
    return s.size() > 15 ? heap_block(s.size() + 1) : 0;
  };
  for (const SessionEntry& entry : model.sessions) {
    old.event_records += heap_block(entry.detail.events.size() * sizeof(Event));
    old.segments += heap_block(entry.detail.segments.size() * sizeof(StreamSegment));
    for (const Event& e : entry.detail.events) {
      old.event_strings += string_block(e.text) + string_block(e.detail);
      old.characters += e.text.size() + e.detail.size();
    }
  }
  old.findings = heap_block(std::bit_ceil(model.findings.size()) * sizeof(Finding));
  for (const Finding& f : model.findings)
    old.findings += string_block(f.code) + string_block(f.message);
  return old;
}

ModelMemory analysed_memory(const std::string& capture, OldForm* old = nullptr) {
  AnalysisWorker worker;
  worker.open(file_input(capture));
  EXPECT_EQ(wait_until_analysed(worker, std::chrono::seconds(600)), AnalysisState::kDone);
  auto lock = worker.lock();
  if (old) *old = old_form(worker.model());
  return model_memory(worker.model());
}

void log_memory(const ModelMemory& m, const OldForm& old) {
  std::printf("%s", m.table().c_str());
  const double s = m.sessions ? static_cast<double>(m.sessions) : 1.0;
  std::printf(
      "old form: event records %.1f, event strings %.1f, segments %.1f, findings %.1f per "
      "session\n",
      old.event_records / s, old.event_strings / s, old.segments / s, old.findings / s);
}

// The memory a session costs the GUI, by structure, on 600 copies of the tour (every protocol,
// TLS, STARTTLS, credentials, findings). A regression that puts back a heap block per event or
// spare capacity per session fails here. MAILSCOPE_MEMORY_CAPTURE=FILE prints the same
// breakdown for FILE (how docs/performance.md's figures were made).
TEST(BigCapture, MemoryPerSessionStaysSmall) {
  const std::string big = "/tmp/mailscope-gui-memory-" + std::to_string(::getpid()) + ".pcap";
  ASSERT_GT(write_repeated_capture(source_path("captures/tour.pcapng"), big, 600), 10000u);
  OldForm old;
  const ModelMemory m = analysed_memory(big, &old);
  std::filesystem::remove(big);
  log_memory(m, old);
  ASSERT_GT(m.sessions, 1000u);
  ASSERT_GT(m.events, m.sessions);
  EXPECT_LE(m.event_records, m.events * 28 + m.sessions * 32);
  EXPECT_LE(m.segment_records, m.segments * 24 + m.sessions * 32);
  // Characters only: no heap block per string.
  EXPECT_LE(m.event_strings, old.characters + m.sessions * 48);
  EXPECT_LE((m.event_records + m.event_strings + m.segment_records) * 2,
            old.event_records + old.event_strings + old.segments);
  // Each distinct code and message once.
  EXPECT_LE(m.findings * 2, old.findings);
  // 4,838 bytes a session when this was written (about 9,650 in the old form).
  EXPECT_LE(m.per_session(), m.sessions * 5300);
}

TEST(BigCapture, MemoryBreakdownOfAnyCapture) {
  const char* capture = std::getenv("MAILSCOPE_MEMORY_CAPTURE");
  if (!capture) GTEST_SKIP() << "MAILSCOPE_MEMORY_CAPTURE=FILE prints FILE's breakdown";
  OldForm old;
  log_memory(analysed_memory(capture, &old), old);
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
