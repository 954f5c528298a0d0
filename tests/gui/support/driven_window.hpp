#pragma once

// A test fixture for the real window under Xvfb, driven by xdotool as a user would: the app
// writes --report each frame (where it drew what), so clicks land on named items and what
// changed is read back from the same report. Shared by the end-to-end tests of every view.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/gui_process.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {

class DrivenWindow : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_program("xdotool")) GTEST_SKIP() << "xdotool not found (Debian package xdotool)";
    dir_ = std::filesystem::temp_directory_path() /
           ("mailscope-gui-e2e-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    report_ = (dir_ / "report.json").string();
  }
  void TearDown() override {
    app_.reset();
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  void start(std::vector<std::string> args) {
    args.insert(args.begin(), {"--report", report_});
    app_ = std::make_unique<GuiProcess>(args, (dir_ / "app.log").string());
    ASSERT_TRUE(app_->started());
    // With no window manager, keys go to the window under the pointer, or nowhere: once a CI
    // run's tap of ctrl+o never reached the app (it drew no frame for it). The window is given
    // the keyboard focus explicitly, and the test goes on once X says it has it.
    await([](const Report&) { return true; }, "the app's first frame");
    const std::string focus = "xdotool windowfocus --sync \"$(xdotool search --pid " +
                              std::to_string(app_->pid()) + " | head -n 1)\"";
    ASSERT_EQ(shell(focus), 0) << focus;
  }

  // Waits for a report that satisfies `done`; fails the test (with the last report) if none.
  Report await(const std::function<bool(const Report&)>& done, const char* what,
               std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    auto r = wait_for_report(report_, done, timeout);
    if (!r || !done(*r)) {
      ADD_FAILURE() << "timed out waiting for: " << what
                    << "\nlast report: " << (r ? r->dump().substr(0, 2000) : std::string("none"))
                    << "\napp log:\n"
                    << app_->log();
      return r.value_or(Report::object());
    }
    return *r;
  }
  Report await_settled(const char* what) {
    return await([](const Report& r) { return r.value("settled", false); }, what);
  }

  // A real X click at the centre of a named item of the last frame. Then a few frames go by:
  // ImGui reads the pointer's position once a frame, so a second click sent before the app
  // drew again would land where the pointer is by then (a person is never that fast).
  void click(const std::string& id) {
    auto r = read_report(report_);
    ASSERT_TRUE(r);
    auto rect = item(*r, id);
    ASSERT_TRUE(rect) << id << " is not on screen";
    const std::string command = "xdotool mousemove " + std::to_string(int(rect->cx())) + " " +
                                std::to_string(int(rect->cy())) + " click 1";
    ASSERT_EQ(shell(command), 0) << command;
    const int frame = (*r)["frame"];
    await([frame](const Report& now) { return now["frame"].get<int>() >= frame + 3; },
          "the app to draw after the click");
  }
  // A quick tap, the way ImGui 1.86 alone would lose it (the app's key queue must not).
  void tap(const std::string& keys) { ASSERT_EQ(shell("xdotool key " + keys), 0); }
  // A key held for a few frames, then released (ImGui 1.86 samples keys once a frame).
  void press(const std::string& key) {
    ASSERT_EQ(shell("xdotool keydown " + key + " && sleep 0.15 && xdotool keyup " + key), 0);
  }
  void type(const std::string& text) {
    ASSERT_EQ(shell("xdotool type --delay 15 '" + text + "'"), 0);
  }

  std::filesystem::path dir_;
  std::string report_;
  std::unique_ptr<GuiProcess> app_;
};

}  // namespace mailscope::gui::testing
