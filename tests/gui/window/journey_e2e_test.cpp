// The journey's controls in the real window under Xvfb, driven by xdotool: Space plays and
// pauses, the arrow keys step, the buttons change the speed, and the other views follow.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <thread>

#include "support/gui_process.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class JourneyEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_program("xdotool")) GTEST_SKIP() << "xdotool not found (Debian package xdotool)";
    dir_ = fs::temp_directory_path() /
           ("mailscope-gui-journey-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    report_ = (dir_ / "report.json").string();
  }
  void TearDown() override {
    app_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  Report await(const std::function<bool(const Report&)>& done, const char* what) {
    auto r = wait_for_report(report_, done, 30s);
    if (!r || !done(*r)) {
      ADD_FAILURE() << "timed out waiting for: " << what
                    << "\nlast report: " << (r ? r->dump().substr(0, 2000) : std::string("none"));
      return r.value_or(Report::object());
    }
    return *r;
  }
  static double position(const Report& r) {
    return r.contains("journey") ? r["journey"]["position"].get<double>() : -1.0;
  }
  static bool playing(const Report& r) {
    return r.contains("journey") && r["journey"]["playing"].get<bool>();
  }
  // A key held for a few frames, then released (ImGui 1.86 samples keys once a frame).
  void press(const std::string& key) {
    ASSERT_EQ(shell("xdotool keydown " + key + " && sleep 0.15 && xdotool keyup " + key), 0);
  }
  void click(const std::string& id) {
    auto r = read_report(report_);
    ASSERT_TRUE(r);
    auto rect = item(*r, id);
    ASSERT_TRUE(rect) << id << " is not on screen";
    ASSERT_EQ(shell("xdotool mousemove " + std::to_string(int(rect->cx())) + " " +
                    std::to_string(int(rect->cy())) + " click 1"),
              0);
  }

  fs::path dir_;
  std::string report_;
  std::unique_ptr<GuiProcess> app_;
};

TEST_F(JourneyEndToEnd, SpacePlaysAndPausesArrowsStepAndTheSessionFollows) {
  app_ = std::make_unique<GuiProcess>(
      std::vector<std::string>{"--report", report_, "--view", "journey", "--at", "0",
                               std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour.pcapng"},
      (dir_ / "app.log").string());
  ASSERT_TRUE(app_->started());
  Report r = await([](const Report& r) { return r.value("settled", false); }, "settled");
  EXPECT_EQ(r["tab"], "journey");
  EXPECT_FALSE(playing(r));
  EXPECT_EQ(position(r), 0.0);

  click("journey-faster");  // 2x, so the first flights go by quickly
  await([](const Report& r) { return r["journey"]["speed"] == 2.0; }, "2x");
  press("space");
  r = await([](const Report& r) { return playing(r) && position(r) > 3.0; },
            "playing on its own, past the first flight");
  EXPECT_EQ(r["selected_session"], 1) << "the other views follow the flight on the wire";
  press("space");
  r = await([](const Report& r) { return !playing(r); }, "paused");
  const double paused_at = position(r);
  std::this_thread::sleep_for(300ms);
  r = *read_report(report_);
  EXPECT_EQ(position(r), paused_at) << "paused means paused";

  press("Right");
  r = await([&](const Report& r) { return position(r) > paused_at; }, "a step forward");
  const double stepped = position(r);
  EXPECT_FALSE(playing(r));
  EXPECT_EQ(r["selected_packet"], r["journey_flight"]["packet"]);
  press("Left");
  await([&](const Report& r) { return position(r) < stepped; }, "a step back");
}

}  // namespace
}  // namespace mailscope::gui::testing
