// The decoding thread (HandoffStage) may change nothing but the speed: on every capture we have,
// the sink receives the same calls, in the same order, with the same contents, as when one
// thread does everything; and a failure on either thread ends the analysis with that failure.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/handoff_stage.hpp"
#include "capture/packet_source.hpp"
#include "report/json_report.hpp"
#include "support/test_paths.hpp"

namespace mailscope {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::source_dir;

std::string range_text(const ByteRange& r) {
  return std::to_string(static_cast<int>(r.direction)) + ":" + std::to_string(r.begin) + "-" +
         std::to_string(r.end);
}

// Writes down every call the analysis makes, as text, and which thread made the session calls.
class CallLog final : public AnalysisSink {
 public:
  CallLog(bool details, bool packets) : details_(details), packets_(packets) {}

  bool wants_details() const override { return details_; }
  bool wants_session_packets() const override { return packets_; }
  void on_session_open(const Session& s) override {
    session_thread = std::this_thread::get_id();
    calls.push_back("open " + std::to_string(s.id) + " " + std::string(to_string(s.protocol)));
  }
  void on_session_update(const Session& s) override {
    calls.push_back("update " + to_json_text(s));
  }
  void on_event(const Session& s, const Event& e) override {
    calls.push_back("event " + std::to_string(s.id) + " " + std::string(to_string(e.kind)) + " " +
                    std::to_string(e.packet) + " " + range_text(e.bytes) + " " +
                    std::to_string(e.credential) + " " + e.text + " | " + e.detail);
  }
  void on_segment(const Session& s, const StreamSegment& g) override {
    calls.push_back("segment " + std::to_string(s.id) + " " +
                    std::to_string(static_cast<int>(g.direction)) + " " +
                    std::to_string(g.stream_offset) + " " + std::to_string(g.length) + " " +
                    std::to_string(g.packet) + " " + std::to_string(g.frame_offset));
  }
  void on_credential(const Credential& c) override {
    calls.push_back("credential " + std::to_string(c.session) + " " + std::to_string(c.ordinal) +
                    " " + c.mechanism + " " + c.username + " " + c.secret.value_or("-") + " " +
                    std::to_string(c.packet) + " " + range_text(c.secret_bytes));
  }
  void on_finding(const Finding& f) override {
    calls.push_back("finding " + std::to_string(f.session) + " " + std::to_string(f.packet) + " " +
                    f.code + " " + f.message);
  }
  void on_session_packet(const Session& s, std::uint64_t number) override {
    calls.push_back("packet " + std::to_string(s.id) + " " + std::to_string(number));
  }
  void on_session_close(const Session& s) override { calls.push_back("close " + to_json_text(s)); }
  void on_capture_end(const CaptureInfo& info) override {
    calls.push_back("end " + std::to_string(info.packets) + " " + std::to_string(info.bytes));
  }

  std::vector<std::string> calls;
  std::thread::id session_thread;

 private:
  bool details_;
  bool packets_;
};

struct Run {
  std::vector<std::string> calls;
  std::thread::id session_thread;
};

Run run(const fs::path& file, bool details, bool decoding_thread,
        HandoffStage::Batching batching = {}, bool packets = true) {
  auto source = open_capture_file(file.string());
  CallLog log(details, packets);
  AnalysisOptions options;
  options.decoding_thread = decoding_thread;
  options.batching = batching;
  analyze(*source, log, options);
  return {std::move(log.calls), log.session_thread};
}

// Batches of one to three commands, one waiting at a time: the threads meet at every step.
constexpr HandoffStage::Batching kTinyBatches{64, 3, 1};

// False where the file is not a capture we can open (the corpus holds some, on purpose).
bool opens(const fs::path& file) {
  try {
    open_capture_file(file.string());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

void expect_same_calls_on(const fs::path& file) {
  SCOPED_TRACE(file.string());
  for (bool details : {false, true}) {
    Run one_thread = run(file, details, false);
    Run handed_off = run(file, details, true);
    Run tiny = run(file, details, true, kTinyBatches);
    ASSERT_EQ(one_thread.calls, handed_off.calls) << "details " << details;
    ASSERT_EQ(one_thread.calls, tiny.calls) << "details " << details;
    if (one_thread.session_thread != std::thread::id{}) {
      EXPECT_NE(handed_off.session_thread, std::this_thread::get_id());
      EXPECT_NE(tiny.session_thread, std::this_thread::get_id());
    }
    // A sink that does not want session packets (the CLI's) gets no per-packet calls and, in
    // on_session_update, a last packet that may lag; everything else is the same, and each
    // session closes with the same last packet and end time.
    auto without_packets = [](std::vector<std::string> calls) {
      std::erase_if(calls, [](const std::string& c) {
        return c.starts_with("packet ") || c.starts_with("update ");
      });
      return calls;
    };
    Run quiet = run(file, details, true, kTinyBatches, false);
    for (const std::string& call : quiet.calls)
      ASSERT_FALSE(call.starts_with("packet ")) << call;
    ASSERT_EQ(without_packets(one_thread.calls), without_packets(quiet.calls))
        << "details " << details;
  }
}

std::vector<fs::path> captures_in(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    if (ext == ".pcap" || ext == ".pcapng" || ext == ".cap") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(DecodingThread, OurCapturesGiveTheSinkTheSameCallsInTheSameOrder) {
  std::size_t sessions = 0;
  for (const fs::path& dir : {source_dir() / "captures", source_dir() / "captures" / "real"}) {
    for (const fs::path& file : captures_in(dir)) {
      expect_same_calls_on(file);
      for (const std::string& call : run(file, false, true).calls)
        sessions += call.starts_with("close ");
    }
  }
  EXPECT_GT(sessions, 40u);  // the comparison covered real sessions, not empty runs
}

TEST(DecodingThread, TheCorpusGivesTheSinkTheSameCallsInTheSameOrder) {
  if (!fs::is_directory(corpus_dir())) {
    GTEST_SKIP() << "no public corpus at " << corpus_dir() << " (../shared/corpus)";
  }
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus_dir())) {
    std::string ext = entry.path().extension().string();
    if ((ext != ".pcap" && ext != ".pcapng" && ext != ".cap") || !opens(entry.path())) continue;
    ++files;
    expect_same_calls_on(entry.path());
  }
  EXPECT_GT(files, 50u);
}

// A sink that fails: on a session's end (the decoding thread) or on a packet (the reading one).
class FailingSink final : public AnalysisSink {
 public:
  FailingSink(int fail_at_close, int fail_at_packet)
      : fail_at_close_(fail_at_close), fail_at_packet_(fail_at_packet) {}
  void on_packet(const Packet&) override {
    if (++packets_ == fail_at_packet_) throw std::runtime_error("the packet sink failed");
  }
  void on_session_close(const Session&) override {
    if (++closes_ == fail_at_close_) throw std::runtime_error("the report sink failed");
  }

 private:
  int fail_at_close_;
  int fail_at_packet_;
  int packets_ = 0;
  int closes_ = 0;
};

fs::path many_sessions() {
  return source_dir() / "captures" / "real" / "imap-fetchmail.pcap";
}

void expect_failure(FailingSink& sink, HandoffStage::Batching batching, const char* message) {
  auto source = open_capture_file(many_sessions().string());
  AnalysisOptions options;
  options.decoding_thread = true;
  options.batching = batching;
  try {
    analyze(*source, sink, options);
    FAIL() << "the analysis did not fail";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), message);
  }
}

TEST(DecodingThread, AFailureOnTheDecodingThreadEndsTheAnalysisWithIt) {
  // Sessions begun, half-run and never begun are all freed: AddressSanitizer checks the leaks.
  for (HandoffStage::Batching batching : {HandoffStage::Batching{}, kTinyBatches}) {
    FailingSink sink(2, -1);
    expect_failure(sink, batching, "the report sink failed");
  }
}

TEST(DecodingThread, AFailureOnTheReadingThreadStopsTheDecodingThread) {
  for (HandoffStage::Batching batching : {HandoffStage::Batching{}, kTinyBatches}) {
    FailingSink sink(-1, 40);
    expect_failure(sink, batching, "the packet sink failed");
  }
}

// A source whose packets live in chunks it shares, like PcapFileReader's; counts the chunks
// still alive (held by it or by the stage's batches).
class ChunkedSource final : public PacketSource {
 public:
  static constexpr std::size_t kChunkBytes = 16 * 1024;

  bool next(Packet&) override { return false; }
  std::string name() const override { return "chunks"; }
  std::string format() const override { return "pcap"; }
  std::string link_types() const override { return "EN10MB"; }
  SharedBytes shared_bytes() const override { return {chunk_, *chunk_}; }

  // A fresh chunk of lines, as the reader's next read would give.
  std::span<const std::uint8_t> next_chunk() {
    auto* bytes = new std::vector<std::uint8_t>(kChunkBytes, 'x');
    for (std::size_t i = 63; i < bytes->size(); i += 64)
      (*bytes)[i] = '\n';
    ++alive;
    chunk_.reset(bytes, [this](std::vector<std::uint8_t>* b) {
      --alive;
      delete b;
    });
    return *chunk_;
  }

  std::atomic<int> alive{0};

 private:
  std::shared_ptr<std::vector<std::uint8_t>> chunk_;
};

TEST(DecodingThread, BatchesHoldOnlyAFewOfTheReadersChunks) {
  // 4 MiB of one session's bytes, handed over without a copy, 1 KiB at a time. Batches of at
  // most 4 KiB, one waiting: whatever the decoding thread's pace, only the chunks of the few
  // batches in flight may be held (a batch that counted only copied bytes held hundreds).
  ChunkedSource source;
  AnalysisSink sink;
  int most_alive = 0;
  {
    HandoffStage stage(sink, HandoffStage::Batching{4096, 4096, 1}, &source);
    SessionStart start;
    start.id = 1;
    start.protocol = Protocol::kSmtp;
    start.server.port = 25;
    SessionHandle session = stage.open(start, {});
    std::uint64_t offset = 0;
    for (int c = 0; c < 256; ++c) {
      std::span<const std::uint8_t> chunk = source.next_chunk();
      for (std::size_t at = 0; at < chunk.size(); at += 1024) {
        SegmentOrigin origin{static_cast<std::uint64_t>(c + 1), {}, offset, 54};
        stage.data(session, Direction::kClientToServer, chunk.subspan(at, 1024), origin);
        offset += 1024;
        most_alive = std::max(most_alive, source.alive.load());
      }
    }
    stage.close(session, {}, true);
    stage.flush();
  }
  EXPECT_LE(most_alive, 6);
  EXPECT_GE(most_alive, 1);
}

}  // namespace
}  // namespace mailscope
