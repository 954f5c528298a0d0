// The Live panel's state logic (ui/app/live_capture.*, ui/views/live_view.*) without a network:
// errors as the panel shows them, a recorded "live" source that fills the model, counts and is
// saved, Stop, and the panel drawn headless. Then a real capture on the loopback interface:
// an SMTP AUTH PLAIN exchange over 127.0.0.1 must show up as a session with its credential
// (skipped, with the reason, where capturing is not permitted).
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "app/command_line.hpp"
#include "app/live_capture.hpp"
#include "capture/packet_source.hpp"
#include "headless/headless_gui.hpp"
#include "journey/path_model.hpp"
#include "journey/timeline.hpp"
#include "support/live_exchange.hpp"
#include "support/worker_run.hpp"

namespace mailscope::gui::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kTour = std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour.pcapng";

// Plays a capture file as if it were captured live, with made-up kernel drops.
LiveOpener replay(const std::string& file, std::uint64_t kernel_drops = 0) {
  return [file, kernel_drops](const LiveOptions&) {
    OpenedLiveSource opened;
    opened.source = open_capture_file(file);
    opened.stats = [kernel_drops] {
      LiveStats s;
      s.dropped_by_kernel = kernel_drops;
      return s;
    };
    return opened;
  };
}

// A source with nothing to read that waits, as a quiet interface does, until told to stop.
class QuietSource final : public PacketSource {
 public:
  explicit QuietSource(const std::atomic<bool>* stop) : stop_(stop) {}
  bool next(Packet&) override {
    while (!stop_->load())
      std::this_thread::sleep_for(5ms);
    return false;
  }
  std::string name() const override { return "quiet0"; }
  std::string format() const override { return "live"; }
  std::string link_types() const override { return "EN10MB"; }

 private:
  const std::atomic<bool>* stop_;
};

LiveSnapshot snapshot_of(const LiveCapture& live, const AnalysisWorker& worker) {
  auto lock = worker.lock();
  return live.snapshot(worker, worker.model());
}

LiveSnapshot wait_until_stopped(const LiveCapture& live, const AnalysisWorker& worker) {
  for (int i = 0; i < 2000; ++i) {
    LiveSnapshot s = snapshot_of(live, worker);
    if (s.status != LiveStatus::kRunning) {
      wait_until_analysed(worker);
      return snapshot_of(live, worker);
    }
    std::this_thread::sleep_for(5ms);
  }
  return snapshot_of(live, worker);
}

// Opens the window's Live panel and captures on lo (tcp port `port`); the panel's error when
// it cannot start.
std::string start_on_loopback(HeadlessGui& gui, std::uint16_t port) {
  LiveCapture& live = gui.app().live();
  live.panel().open = true;
  live.panel().interface = "lo";
  live.panel().filter = "tcp port " + std::to_string(port);
  if (live.start(gui.app().worker())) return {};
  return snapshot_of(live, gui.app().worker()).error;
}

TEST(LivePanel, PermissionErrorIsOneSentenceWithTheSetcapLineForThisBinary) {
  const std::string sentence = permission_message("eth0", "/opt/mailscope/mailscope-gui");
  EXPECT_NE(sentence.find("no permission to capture on eth0"), std::string::npos) << sentence;
  EXPECT_NE(sentence.find("sudo setcap cap_net_raw,cap_net_admin=eip "
                          "/opt/mailscope/mailscope-gui"),
            std::string::npos)
      << sentence;
  EXPECT_EQ(sentence.find('\n'), std::string::npos);
  EXPECT_EQ(explain_live_error("no interface named x0", "x0", "/bin/gui"), "no interface named x0");

  // As LiveSource throws it, and as the panel shows it.
  AnalysisWorker worker;
  LiveCapture live(
      [](const LiveOptions& o) -> OpenedLiveSource {
        throw CaptureError("no permission to capture on " + o.interface + ": run as root");
      },
      "/usr/bin/mailscope-gui");
  live.panel().interface = "eth0";
  EXPECT_FALSE(live.start(worker));
  const LiveSnapshot s = snapshot_of(live, worker);
  EXPECT_EQ(s.status, LiveStatus::kFailed);
  EXPECT_EQ(s.error, permission_message("eth0", "/usr/bin/mailscope-gui"));
  EXPECT_EQ(s.permission_command,
            "sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/mailscope-gui");
  EXPECT_FALSE(s.can_save);
}

TEST(LivePanel, CommandLineStartsALiveCapture) {
  const char* argv[] = {"mailscope-gui", "--live",         "lo", "--live-filter",
                        "tcp port 25",   "--live-seconds", "3"};
  auto parsed = parse_command_line(7, argv);
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(parsed));
  const GuiOptions& o = std::get<GuiOptions>(parsed);
  EXPECT_EQ(o.live_interface, "lo");
  EXPECT_EQ(o.live_filter, "tcp port 25");
  EXPECT_EQ(o.live_seconds, 3);
  const char* bad[] = {"mailscope-gui", "--live-seconds", "0"};
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse_command_line(3, bad)));
  const char* missing[] = {"mailscope-gui", "--live"};
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse_command_line(2, missing)));
}

TEST(LivePanel, TheRunningBinaryIsNamed) {
  const std::string self = running_binary_path();
  EXPECT_TRUE(fs::path(self).is_absolute()) << self;
  EXPECT_TRUE(fs::exists(self)) << self;
}

TEST(LivePanel, NoSuchInterfaceIsAMessageInThePanel) {
  AnalysisWorker worker;
  LiveCapture live;
  live.panel().interface = "no-such-if0";
  EXPECT_FALSE(live.start(worker));
  const LiveSnapshot s = snapshot_of(live, worker);
  EXPECT_EQ(s.status, LiveStatus::kFailed);
  EXPECT_TRUE(s.error.find("no interface named no-such-if0") != std::string::npos ||
              s.error.find("no permission") != std::string::npos)
      << s.error;
}

TEST(LivePanel, AFilterThatDoesNotCompileIsAMessageInThePanel) {
  AnalysisWorker worker;
  LiveCapture live;
  live.panel().interface = "lo";
  live.panel().filter = "tcp port";
  EXPECT_FALSE(live.start(worker));
  const LiveSnapshot s = snapshot_of(live, worker);
  EXPECT_EQ(s.status, LiveStatus::kFailed);
  if (s.error.find("no permission") != std::string::npos) {
    GTEST_SKIP() << "capturing is not permitted here, so the filter is never compiled: " << s.error;
  }
  EXPECT_NE(s.error.find("the filter \"tcp port\" does not compile"), std::string::npos) << s.error;
}

TEST(LivePanel, NoInterfaceChosenSaysSo) {
  AnalysisWorker worker;
  LiveCapture live;
  live.panel().interface.clear();
  EXPECT_FALSE(live.start(worker));
  EXPECT_EQ(snapshot_of(live, worker).error, "Choose an interface to capture on.");
}

TEST(LivePanel, WhatArrivesFillsTheModelIsCountedAndCanBeSaved) {
  AnalysisWorker worker;
  LiveCapture live(replay(kTour, 3), "/bin/gui");
  live.panel().interface = "replay0";
  EXPECT_FALSE(live.save("/tmp/never.pcapng"));  // nothing captured yet
  ASSERT_TRUE(live.start(worker));
  const std::string recording = live.recording_path();
  EXPECT_TRUE(fs::exists(recording));
  const LiveSnapshot s = wait_until_stopped(live, worker);
  ASSERT_EQ(s.status, LiveStatus::kStopped);
  std::uint64_t packets = 0;
  {
    auto lock = worker.lock();
    const CaptureModel& m = worker.model();
    EXPECT_EQ(m.state, AnalysisState::kDone);  // the end of a live capture, not a cancel
    EXPECT_EQ(m.display_name, "live capture on replay0");
    EXPECT_EQ(m.sessions.size(), 3u);
    EXPECT_EQ(m.credentials.size(), 2u);
    packets = m.packets.count();
  }
  EXPECT_GT(packets, 0u);
  EXPECT_EQ(s.packets, packets);
  EXPECT_GT(s.bytes, packets * 40);
  EXPECT_EQ(s.sessions, 3u);
  EXPECT_EQ(s.kernel_drops, 3u);  // reported, never hidden
  EXPECT_TRUE(s.can_save);

  const fs::path out =
      fs::temp_directory_path() / ("mailscope-live-save-" + std::to_string(::getpid()) + ".pcapng");
  ASSERT_TRUE(live.save(out.string())) << snapshot_of(live, worker).message;
  EXPECT_EQ(snapshot_of(live, worker).message,
            "Saved " + std::to_string(packets) + " packets to " + out.string());
  // What was saved reads back as the same capture.
  AnalysisWorker again;
  again.open(file_input(out.string()));
  ASSERT_EQ(wait_until_analysed(again), AnalysisState::kDone);
  {
    auto lock = again.lock();
    EXPECT_EQ(again.model().packets.count(), packets);
    EXPECT_EQ(again.model().sessions.size(), 3u);
    EXPECT_EQ(again.model().credentials.size(), 2u);
  }
  fs::remove(out);
  EXPECT_FALSE(live.save("/nonexistent-dir/x.pcapng"));
  EXPECT_TRUE(snapshot_of(live, worker).message_is_error);
}

TEST(LivePanel, TheRecordingGoesAwayWithTheLastOneWhoNeedsIt) {
  AnalysisWorker worker;
  auto live = std::make_unique<LiveCapture>(replay(kTour), "/bin/gui");
  live->panel().interface = "replay0";
  ASSERT_TRUE(live->start(worker));
  const std::string recording = live->recording_path();
  wait_until_stopped(*live, worker);
  worker.open(file_input(kTour));  // the worker lets go of it
  wait_until_analysed(worker);
  EXPECT_TRUE(fs::exists(recording));  // the panel still may save it
  live.reset();
  EXPECT_FALSE(fs::exists(recording));
}

TEST(LivePanel, StopEndsAQuietCaptureAndTheUiNeverWaitsForIt) {
  AnalysisWorker worker;
  LiveCapture live(
      [](const LiveOptions& o) {
        return OpenedLiveSource{std::make_unique<QuietSource>(o.stop), [] { return LiveStats{}; }};
      },
      "/bin/gui");
  live.panel().interface = "quiet0";
  ASSERT_TRUE(live.start(worker));
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(live.running(worker));
  // The analysis thread waits inside the source: the model lock must be free for the UI.
  for (int i = 0; i < 20; ++i) {
    const auto before = std::chrono::steady_clock::now();
    auto lock = worker.lock();
    EXPECT_LT(std::chrono::steady_clock::now() - before, 100ms);
    EXPECT_EQ(worker.model().state, AnalysisState::kRunning);
    EXPECT_EQ(live.snapshot(worker, worker.model()).status, LiveStatus::kRunning);
    lock.unlock();
    std::this_thread::sleep_for(5ms);
  }
  live.panel().start_requested = true;  // ignored while running
  live.panel().stop_requested = true;
  live.carry_out(worker);
  const LiveSnapshot s = wait_until_stopped(live, worker);
  EXPECT_EQ(s.status, LiveStatus::kStopped);
  EXPECT_EQ(s.packets, 0u);
  EXPECT_TRUE(s.can_save);
  auto lock = worker.lock();
  EXPECT_EQ(worker.model().state, AnalysisState::kDone);
}

TEST(LivePanel, OpeningAFileStopsTheCapture) {
  AnalysisWorker worker;
  LiveCapture live(
      [](const LiveOptions& o) {
        return OpenedLiveSource{std::make_unique<QuietSource>(o.stop), [] { return LiveStats{}; }};
      },
      "/bin/gui");
  live.panel().interface = "quiet0";
  ASSERT_TRUE(live.start(worker));
  worker.open(file_input(kTour));  // returns: the quiet source noticed the stop
  EXPECT_FALSE(live.running(worker));
  EXPECT_EQ(wait_until_analysed(worker), AnalysisState::kDone);
}

TEST(LivePanel, ThePanelDrawsAndShowsAnError) {
  GuiOptions options = headless_options();
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled());
  EXPECT_FALSE(gui.frame().contains("live_panel"));  // closed until asked for
  gui.app().live().panel().open = true;
  gui.frame();
  gui.frame();
  const Report& r = gui.frame();
  ASSERT_TRUE(r.contains("live"));
  EXPECT_EQ(r["live"]["status"], "idle");
  EXPECT_EQ(r["live"]["filter"], default_mail_filter());
  EXPECT_TRUE(item(r, "live-start").has_value());
  EXPECT_TRUE(item(r, "live-drops").has_value());
  EXPECT_TRUE(gui.app().live().panel().interfaces_listed);  // pcap_findalldevs, once opened

  gui.app().live().panel().interface = "no-such-if0";
  ASSERT_TRUE(gui.click("live-start"));
  gui.frame();
  const Report& after = gui.frame();
  EXPECT_EQ(after["live"]["status"], "failed");
  const std::string error = after["live"]["error"];
  EXPECT_TRUE(error.find("no interface named no-such-if0") != std::string::npos ||
              error.find("no permission") != std::string::npos)
      << error;
  EXPECT_TRUE(item(after, "live-error").has_value());
}

// The integration: a real capture on lo while a client logs in over 127.0.0.1.
TEST(LiveLoopback, AnSmtpLoginOverLoopbackAppearsInTheModel) {
  constexpr std::uint16_t kPort = 2531;
  AnalysisWorker worker;
  LiveCapture live;
  live.panel().interface = "lo";
  live.panel().filter = "tcp port " + std::to_string(kPort);
  if (!live.start(worker)) {
    const std::string error = snapshot_of(live, worker).error;
    if (error.find("no permission") != std::string::npos) {
      GTEST_SKIP() << "capturing on lo is not permitted for this user: " << error;
    }
    FAIL() << error;
  }
  std::this_thread::sleep_for(300ms);  // libpcap is listening once start() returned; be kind
  ASSERT_EQ(smtp_auth_plain_on_loopback(kPort), "");
  // Sessions fill in while the capture still runs.
  bool seen_while_running = false;
  for (int i = 0; i < 400 && !seen_while_running; ++i) {
    auto lock = worker.lock();
    seen_while_running = !worker.model().credentials.empty();
    if (!seen_while_running) {
      lock.unlock();
      std::this_thread::sleep_for(10ms);
    }
  }
  EXPECT_TRUE(seen_while_running);
  EXPECT_TRUE(live.running(worker));
  live.stop(worker);
  const LiveSnapshot s = wait_until_stopped(live, worker);
  EXPECT_EQ(s.status, LiveStatus::kStopped);
  EXPECT_GE(s.packets, 8u);
  EXPECT_EQ(s.sessions, 1u);
  EXPECT_EQ(s.kernel_drops, 0u);
  auto lock = worker.lock();
  const CaptureModel& m = worker.model();
  EXPECT_EQ(m.state, AnalysisState::kDone);
  EXPECT_EQ(m.info.format, "live");
  ASSERT_EQ(m.sessions.size(), 1u);
  EXPECT_EQ(m.sessions[0].summary.server.port, kPort);
  EXPECT_EQ(m.sessions[0].number, 1u);
  ASSERT_EQ(m.credentials.size(), 1u);
  EXPECT_EQ(m.credentials[0].username, "alice");
  EXPECT_EQ(m.credentials[0].secret, "live-secret");
  EXPECT_EQ(m.credentials[0].result, AuthResult::kAccepted);
  EXPECT_EQ(m.packets.count(), s.packets);
}

// The whole window while capturing on lo: the leaking session is selected as soon as it
// leaks, while the capture still runs, and the panel's Stop ends it.
TEST(LiveLoopback, TheWindowShowsTheLeakWhileStillCapturing) {
  constexpr std::uint16_t kPort = 2534;
  HeadlessGui gui(headless_options());
  ASSERT_TRUE(gui.run_until_settled());
  if (const std::string error = start_on_loopback(gui, kPort); !error.empty()) {
    if (is_permission_error(error)) GTEST_SKIP() << "capturing on lo is not permitted: " << error;
    FAIL() << error;
  }
  gui.frame();
  ASSERT_EQ(smtp_auth_plain_on_loopback(kPort), "");
  bool shown = false;
  for (int i = 0; i < 500 && !shown; ++i) {
    const Report& r = gui.frame();
    shown = r["live"]["status"] == "running" && r["selected_session"] == 1 &&
            r["selected_packet"].get<int>() > 0;
    if (!shown) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(shown) << gui.report().dump().substr(0, 2000);
  EXPECT_TRUE(item(gui.report(), "live-status-stop").has_value());
  ASSERT_TRUE(gui.click("live-stop"));
  bool stopped = false;
  for (int i = 0; i < 500 && !stopped; ++i) {
    const Report& r = gui.frame();
    stopped = r["live"]["status"] == "stopped" && r["analysis"] == "done";
    if (!stopped) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(stopped);
  EXPECT_EQ(gui.report()["live"]["sessions"], 1);
  EXPECT_EQ(all_text(gui.report()).find("live-secret"), std::string::npos);  // masked
}

// The journey of a live capture: a login over lo is played on the journey as it is captured.
// The session sits on its hop (an authenticated SMTP session is a submission), its lines travel
// as flights, the eavesdropper writes the password down (masked), and the playback, started by
// the capture, waits at the live edge instead of stopping while the capture runs.
TEST(LiveLoopback, TheJourneyPlaysTheSessionWhileStillCapturing) {
  constexpr std::uint16_t kPort = 2536;
  GuiOptions options = headless_options();
  options.tab = DetailTab::kJourney;
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled());
  if (const std::string error = start_on_loopback(gui, kPort); !error.empty()) {
    if (is_permission_error(error)) GTEST_SKIP() << "capturing on lo is not permitted: " << error;
    FAIL() << error;
  }
  gui.frame();
  ASSERT_TRUE(gui.frame().contains("journey"));
  EXPECT_EQ(gui.report()["journey"]["flights"], 0);
  EXPECT_TRUE(gui.report()["journey"]["playing"]) << "a live capture plays as it comes in";
  ASSERT_EQ(smtp_auth_plain_on_loopback(kPort), "");
  // Frames until the whole exchange is on the journey (rebuilt twice a second while live).
  bool seen = false;
  for (int i = 0; i < 600 && !seen; ++i) {
    const Report& r = gui.frame();
    seen = r["live"]["status"] == "running" && r["journey"]["flights"].get<int>() >= 7 &&
           !rows(r, "journey-notebook").empty();
    if (!seen) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(seen) << gui.report().dump().substr(0, 3000);
  const Report& r = gui.report();
  EXPECT_TRUE(r["journey"]["grows"]);
  ASSERT_EQ(rows(r, "journey-links").size(), 1u);
  EXPECT_EQ(rows(r, "journey-links")[0]["hop"], "(1) submission");
  EXPECT_EQ(rows(r, "journey-links")[0]["session"], 1);
  EXPECT_EQ(rows(r, "journey-links")[0]["label"], "SMTP \u00b7 port 2536 \u00b7 plaintext");
  EXPECT_EQ(rows(r, "journey-notebook")[0]["secret"], true);
  // The model and the timeline the view drew from, checked directly.
  {
    auto lock = gui.app().worker().lock();
    const CaptureModel& m = gui.app().worker().model();
    const PathModel path = build_path_model(m);
    ASSERT_EQ(path.links[0].sessions.size(), 1u);
    EXPECT_EQ(path.links[0].sessions[0].number, 1u);
    const Timeline tl = build_timeline(m);
    ASSERT_GE(tl.flights.size(), 7u);
    EXPECT_EQ(tl.flights.front().direction, Direction::kServerToClient) << "the greeting";
    EXPECT_EQ(tl.flights.front().link, 0);
    bool client_line = false;
    for (const Flight& f : tl.flights) {
      EXPECT_EQ(f.link, 0);
      EXPECT_FALSE(f.sealed);
      client_line |= f.direction == Direction::kClientToServer;
    }
    EXPECT_TRUE(client_line);
    ASSERT_EQ(tl.notebook.size(), 1u);
    EXPECT_EQ(tl.notebook[0].kind, NotebookEntry::Kind::kCredential);
  }
  // It plays up to the live edge and waits there, still playing, while the capture runs.
  for (int i = 0; i < 1200; ++i) {
    const Report& f = gui.frame();
    if (f["journey"]["position"].get<double>() >= f["journey"]["live_edge"].get<double>()) break;
  }
  const Report& edge = gui.frame();
  EXPECT_EQ(edge["live"]["status"], "running");
  EXPECT_TRUE(edge["journey"]["playing"]);
  EXPECT_DOUBLE_EQ(edge["journey"]["position"].get<double>(),
                   edge["journey"]["live_edge"].get<double>());
  EXPECT_LT(edge["journey"]["position"].get<double>(), edge["journey"]["duration"].get<double>());
  // Stopped, the capture is a finished one: the playback runs to its end.
  ASSERT_TRUE(gui.click("live-stop"));
  bool ended = false;
  for (int i = 0; i < 1200 && !ended; ++i) {
    const Report& f = gui.frame();
    ended = f["analysis"] == "done" && !f["journey"]["playing"].get<bool>();
    if (!ended) std::this_thread::sleep_for(2ms);
  }
  ASSERT_TRUE(ended);
  EXPECT_DOUBLE_EQ(gui.report()["journey"]["position"].get<double>(),
                   gui.report()["journey"]["duration"].get<double>());
  EXPECT_EQ(all_text(gui.report()).find("live-secret"), std::string::npos);  // masked
}

}  // namespace
}  // namespace mailscope::gui::testing
