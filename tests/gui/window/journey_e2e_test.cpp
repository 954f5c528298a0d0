// The journey's controls in the real window under Xvfb, driven by xdotool: Space plays and
// pauses, the arrow keys step, the buttons change the speed, and the other views follow.
#include <gtest/gtest.h>

#include <thread>

#include "support/driven_window.hpp"
#include "support/gui_process.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {
namespace {

using namespace std::chrono_literals;

class JourneyEndToEnd : public DrivenWindow {
 protected:
  static double position(const Report& r) {
    return r.contains("journey") ? r["journey"]["position"].get<double>() : -1.0;
  }
  static bool playing(const Report& r) {
    return r.contains("journey") && r["journey"]["playing"].get<bool>();
  }
};

TEST_F(JourneyEndToEnd, SpacePlaysAndPausesArrowsStepAndTheSessionFollows) {
  start({"--view", "journey", "--at", "0",
         std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour.pcapng"});
  Report r = await_settled("settled");
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
