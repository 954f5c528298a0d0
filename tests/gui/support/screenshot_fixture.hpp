#pragma once

// A test fixture that runs `mailscope-gui --screenshot OUT.png --report OUT.json ...` and loads
// the picture and the report; the files stay in a folder of their own when a test fails.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/gui_process.hpp"
#include "support/png_image.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {

struct Shot {
  Image image;
  Report report;
};

class ScreenshotFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("mailscope-gui-shots-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);  // kept for a look when a test fails
  }

  // Runs the app with `args` after the screenshot options; `name` names its files.
  std::optional<Shot> shoot(std::vector<std::string> args, const std::string& name = "shot",
                            const std::string& working_dir = {}) {
    const std::string png = (dir_ / (name + ".png")).string();
    const std::string json = (dir_ / (name + ".json")).string();
    args.insert(args.begin(), {"--screenshot", png, "--report", json});
    const int status =
        run_gui(args, (dir_ / (name + ".log")).string(), std::chrono::seconds(90), working_dir);
    EXPECT_EQ(status, 0) << "mailscope-gui failed; log in " << dir_;
    auto image = load_png(png);
    auto report = read_report(json);
    if (!image || !report) {
      ADD_FAILURE() << "no screenshot or report in " << dir_;
      return std::nullopt;
    }
    return Shot{std::move(*image), std::move(*report)};
  }

  std::filesystem::path dir_;
};

}  // namespace mailscope::gui::testing
