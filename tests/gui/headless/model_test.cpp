// The analysis worker and the model the views read: the same sessions, numbers, credentials
// and findings as the CLI, every event and stream segment kept, frames kept within a budget
// and read back beyond it, cancel and unreadable files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include "app/analysis_worker.hpp"
#include "app/embedded_assets.hpp"
#include "capture/packet_source.hpp"
#include "presentation/secret_display.hpp"
#include "presentation/stream_map.hpp"
#include "proto/base64.hpp"
#include "support/big_capture.hpp"
#include "support/capture_truth.hpp"
#include "support/worker_run.hpp"

namespace mailscope::gui::testing {
namespace {

std::string scratch_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("mailscope-gui-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

class WorkerOnCaptures : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkerOnCaptures, NumbersSessionsCredentialsAndFindingsLikeTheCli) {
  const std::string path = source_path(GetParam());
  const AnalysisResult truth = analyse_with_core(path);
  AnalysisWorker worker;
  worker.open(file_input(path));
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone);
  auto lock = worker.lock();
  const CaptureModel& model = worker.model();
  ASSERT_EQ(model.sessions.size(), truth.sessions.size());
  for (const Session& expected : truth.sessions) {
    const SessionEntry* entry = model.session_by_number(expected.id);
    ASSERT_NE(entry, nullptr) << "session #" << expected.id;
    EXPECT_EQ(entry->summary.client, expected.client) << "#" << expected.id;
    EXPECT_EQ(entry->summary.server, expected.server) << "#" << expected.id;
    EXPECT_EQ(entry->summary.transport, expected.transport) << "#" << expected.id;
    std::size_t credentials = 0;
    for (const Credential& c : truth.credentials)
      credentials += c.session == expected.id;
    EXPECT_EQ(entry->credentials.size(), credentials) << "#" << expected.id;
    std::size_t findings = 0;
    for (const Finding& f : truth.findings)
      findings += f.session == expected.id;
    EXPECT_EQ(entry->findings.size(), findings) << "#" << expected.id;
  }
  EXPECT_EQ(model.credentials.size(), truth.credentials.size());
  EXPECT_EQ(model.info.packets, truth.capture.packets);
  EXPECT_EQ(model.packets.count(), truth.capture.packets);
}

INSTANTIATE_TEST_SUITE_P(Captures, WorkerOnCaptures,
                         ::testing::Values("captures/tour.pcapng", "captures/imap-login.pcap",
                                           "captures/smtp-starttls.pcap",
                                           "captures/pop3-user-pass.pcap",
                                           "captures/smtp-auth-retry.pcap",
                                           "captures/link-mixed.pcapng"));

TEST(GuiModel, KeepsEveryEventSegmentAndPacketOfASession) {
  AnalysisWorker worker;
  worker.open(file_input(source_path("captures/tour.pcapng")));
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone);
  auto lock = worker.lock();
  const SessionEntry* smtp = worker.model().session_by_number(1);
  ASSERT_NE(smtp, nullptr);
  bool auth_login = false;
  for (const Event& e : smtp->detail.events)
    auth_login |= e.text == "AUTH LOGIN";
  EXPECT_TRUE(auth_login);
  EXPECT_FALSE(smtp->detail.segments.empty());
  EXPECT_TRUE(std::is_sorted(smtp->packets.begin(), smtp->packets.end()));
  EXPECT_EQ(smtp->packets.front(), smtp->summary.first_packet);
  EXPECT_EQ(smtp->packets.back(), smtp->summary.last_packet);
  for (std::uint64_t n : smtp->packets) {
    EXPECT_EQ(worker.model().packets.record(n)->session, smtp->summary.id) << "packet " << n;
  }
  // After STARTTLS the relay's rows are TLS records a sniffer sees only the size of.
  const SessionEntry* relay = worker.model().session_by_number(2);
  ASSERT_NE(relay, nullptr);
  std::size_t encrypted = 0;
  for (const Event& e : relay->detail.events) {
    encrypted += e.kind == Event::Kind::kTlsRecord && e.encrypted;
  }
  EXPECT_GT(encrypted, 3u);
}

// The bytes the hex view highlights are the secret as it crossed, no more: as typed for IMAP
// LOGIN, base64-encoded for SMTP AUTH LOGIN.
TEST(GuiModel, SecretBytesMapOntoTheFramesThatCarriedThem) {
  AnalysisWorker worker;
  worker.open(file_input(source_path("captures/tour.pcapng")));
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone);
  auto lock = worker.lock();
  const CaptureModel& model = worker.model();
  ASSERT_EQ(model.credentials.size(), 2u);
  for (const Credential& c : model.credentials) {
    ASSERT_TRUE(c.secret);
    const SessionEntry* entry = model.session(c.session);
    std::string on_wire;
    for (const FrameRange& r :
         frame_ranges(entry->detail.segments, shown_secret_range(*entry, c))) {
      auto frame = model.packets.kept_bytes(r.packet);
      ASSERT_LE(r.end, frame.size());
      on_wire.append(frame.begin() + r.begin, frame.begin() + r.end);
      EXPECT_EQ(r.packet, c.packet);
    }
    EXPECT_EQ(on_wire, c.mechanism == "IMAP-LOGIN" ? *c.secret : encode_base64(*c.secret))
        << c.mechanism;
  }
}

TEST(GuiModel, FramesBeyondTheBudgetAreReadBackFromTheFile) {
  const std::string path = source_path("captures/tour.pcapng");
  WorkerSettings settings;
  settings.packet_byte_budget = 1500;  // a handful of frames
  AnalysisWorker worker(settings);
  worker.open(file_input(path));
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone);

  std::vector<std::vector<std::uint8_t>> truth;
  auto source = open_capture_file(path);
  Packet p;
  while (source->next(p))
    truth.emplace_back(p.data.begin(), p.data.end());

  std::size_t read_back = 0;
  for (std::uint64_t n = 1; n <= truth.size(); ++n) {
    FrameBytes frame;
    for (int attempt = 0; attempt < 500; ++attempt) {
      auto lock = worker.lock();
      frame = worker.frames().get(n);
      if (!frame.pending) break;
      lock.unlock();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_FALSE(frame.pending) << "packet " << n;
    EXPECT_TRUE(
        std::equal(frame.data.begin(), frame.data.end(), truth[n - 1].begin(), truth[n - 1].end()))
        << "packet " << n;
    auto lock = worker.lock();
    read_back += !worker.model().packets.bytes_kept(n);
  }
  EXPECT_GT(read_back, truth.size() / 2);
  auto lock = worker.lock();
  EXPECT_LE(worker.model().packets.bytes_used(), 1500u);
}

TEST(GuiModel, CancelStopsTheAnalysisAndKeepsWhatWasRead) {
  const std::string big = scratch_file("cancel.pcap");
  const std::size_t packets =
      write_repeated_capture(source_path("captures/tour.pcapng"), big, 1000);
  ASSERT_GT(packets, 60000u);
  WorkerSettings settings;
  settings.pause_per_progress = std::chrono::milliseconds(150);
  AnalysisWorker worker(settings);
  worker.open(file_input(big));
  while (worker.progress().packets == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  {
    auto lock = worker.lock();
    EXPECT_EQ(worker.model().state, AnalysisState::kRunning);
  }
  worker.cancel();
  EXPECT_EQ(wait_until_analysed(worker), AnalysisState::kCancelled);
  auto lock = worker.lock();
  EXPECT_GT(worker.model().packets.count(), 0u);
  EXPECT_LT(worker.model().packets.count(), packets);
  EXPECT_FALSE(worker.model().sessions.empty());
  std::filesystem::remove(big);
}

TEST(GuiModel, UnreadableFilesFailWithOneClearLine) {
  const std::string garbage = scratch_file("garbage.pcap");
  std::ofstream(garbage) << "this is not a capture\n";
  AnalysisWorker worker;
  worker.open(file_input(garbage));
  EXPECT_EQ(wait_until_analysed(worker), AnalysisState::kFailed);
  {
    auto lock = worker.lock();
    EXPECT_NE(worker.model().error.find("not a pcap or pcapng"), std::string::npos)
        << worker.model().error;
  }
  worker.open(file_input("/nonexistent/nothing.pcap"));
  EXPECT_EQ(wait_until_analysed(worker), AnalysisState::kFailed);
  auto lock = worker.lock();
  EXPECT_NE(worker.model().error.find("No such file"), std::string::npos) << worker.model().error;
  std::filesystem::remove(garbage);
}

TEST(GuiModel, TheBundledTourIsCapturesTourPcapng) {
  std::ifstream in(source_path("captures/tour.pcapng"), std::ios::binary);
  const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), {});
  const auto embedded = embedded_tour();
  ASSERT_EQ(embedded.size(), file.size());
  EXPECT_TRUE(std::equal(embedded.begin(), embedded.end(), file.begin()));

  AnalysisWorker worker;
  worker.open(bundled_tour_input());
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone);
  auto lock = worker.lock();
  EXPECT_EQ(worker.model().sessions.size(), 3u);
  EXPECT_EQ(worker.model().display_name, "tour.pcapng (bundled tour)");
}

}  // namespace
}  // namespace mailscope::gui::testing
