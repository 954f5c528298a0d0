// End to end: the real window under Xvfb, driven by xdotool as a user would (mouse clicks,
// key taps, typing). The app's --report says where it drew what, so the clicks land on named
// items rather than guessed coordinates, and what changed is read back from the same report.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/big_capture.hpp"
#include "support/capture_truth.hpp"
#include "support/driven_window.hpp"
#include "support/gui_process.hpp"
#include "support/png_image.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using EndToEnd = DrivenWindow;

// The scenario: open a capture, select a session, reveal a password.
TEST_F(EndToEnd, OpenACaptureSelectASessionRevealThePassword) {
  start({});
  await_settled("the tour");
  const std::string capture = source_path("captures/pop3-user-pass.pcap");
  const AnalysisResult truth = analyse_with_core(capture);
  ASSERT_FALSE(truth.credentials.empty());
  const Credential& expected = truth.credentials.front();

  tap("ctrl+o");
  await([](const Report& r) { return r.value("browser_path_active", false); },
        "the file browser, its path field ready for typing");
  tap("ctrl+a");
  type(capture);
  tap("Return");
  await(
      [&](const Report& r) {
        return r.value("capture", "") == capture && r.value("settled", false);
      },
      "the capture to open");

  click("session-row-" + std::to_string(expected.session));
  Report r = await(
      [&](const Report& r) { return r.value("selected_session", 0) == int(expected.session); },
      "the session to be selected");
  EXPECT_EQ(all_text(r).find(*expected.secret), std::string::npos) << "secret shown unmasked";

  // The Reveal button beside this credential in the session's header.
  click("reveal-" + std::to_string(expected.session) + "-" + std::to_string(expected.ordinal));
  // (Within the frame of the click, what was drawn before the button still shows the old
  // state: wait for a frame drawn wholly after it.)
  r = await(
      [&](const Report& r) {
        return r.value("secrets", "") == "some visible" &&
               all_text(r).find(*expected.secret) != std::string::npos;
      },
      "the password to be revealed");
  bool header_revealed = false;
  for (const auto& row : rows(r, "header_credentials"))
    header_revealed |= row["revealed"].get<bool>();
  EXPECT_TRUE(header_revealed);

  // The recent list remembers the capture.
  std::ifstream recent(fs::path(std::getenv("XDG_CONFIG_HOME")) / "mailscope" / "recent");
  std::string first;
  std::getline(recent, first);
  EXPECT_EQ(first, capture);

  // What X shows is what the report says: the window is there and drawn.
  const std::string shot = (dir_ / "root.png").string();
  if (have_program("import")) {
    ASSERT_EQ(shell("import -window root " + shot), 0);
    auto image = load_png(shot);
    ASSERT_TRUE(image);
    EXPECT_GT(distinct_colours(*image), 200u);
  }
  tap("ctrl+q");
  EXPECT_EQ(app_->wait(10s), 0);
}

TEST_F(EndToEnd, ABrokenFileLeavesTheAppOpen) {
  const std::string garbage = (dir_ / "broken.pcap").string();
  std::ofstream(garbage) << "\x0a\x0d\x0d\x0a but then nothing";
  start({garbage});
  Report r = await([](const Report& r) { return r.value("analysis", "") == "failed"; },
                   "the failure message");
  EXPECT_FALSE(r.value("error", "").empty());
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(app_->running());
  click("failure-tour");
  r = await(
      [](const Report& r) {
        return r.value("capture", "") == "tour.pcapng (bundled tour)" && r.value("settled", false);
      },
      "the tour after the failure");
  EXPECT_EQ(rows(r, "sessions").size(), 3u);
}

// A capture that takes a while: the window keeps drawing (the progress moves, frames go on)
// and Cancel stops the analysis with what was read so far.
TEST_F(EndToEnd, ALongAnalysisShowsProgressAndCancels) {
  const std::string big = (dir_ / "big.pcap").string();
  ASSERT_GT(write_repeated_capture(source_path("captures/tour.pcapng"), big, 1200), 70000u);
  start({"--test-pause-ms", "700", big});  // about 7 s of analysis: time to look and cancel
  Report first = await(
      [](const Report& r) {
        return r.value("analysis", "") == "running" && r.value("packets", 0) > 0;
      },
      "the analysis to run");
  std::this_thread::sleep_for(1000ms);
  Report later = await([&](const Report& r) { return r["frame"] > first["frame"]; }, "frames");
  EXPECT_EQ(later["analysis"], "running");
  EXPECT_GE(later["frame"].get<int>() - first["frame"].get<int>(), 3)
      << "the window stopped drawing while the analysis ran";
  ASSERT_TRUE(item(later, "progress"));
  click("cancel");
  Report done = await([](const Report& r) { return r.value("analysis", "") == "cancelled"; },
                      "the analysis to stop");
  EXPECT_LT(done["packets"].get<int>(), 79200);
  EXPECT_FALSE(rows(done, "sessions").empty());
  EXPECT_TRUE(app_->running());
}

TEST_F(EndToEnd, KeysChangeTheTextSizeAndPresentationMode) {
  start({});
  await_settled("the tour");
  tap("F5");
  Report r = await([](const Report& r) { return r.value("presentation", false); }, "F5");
  EXPECT_EQ(r["font_size"], 22.0);
  tap("ctrl+equal");
  await([](const Report& r) { return r.value("font_size", 0.0) == 24.0; }, "Ctrl +");
  tap("ctrl+minus");
  tap("ctrl+minus");
  await([](const Report& r) { return r.value("font_size", 0.0) == 20.0; }, "Ctrl - twice");
  tap("F5");
  await([](const Report& r) { return !r.value("presentation", true); }, "F5 again");
  tap("ctrl+e");
  await([](const Report& r) { return r.value("sniffers_eye", false); }, "Ctrl+E");
}

}  // namespace
}  // namespace mailscope::gui::testing
