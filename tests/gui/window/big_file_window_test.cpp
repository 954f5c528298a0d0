// The real mailscope-gui under Xvfb on a capture that takes a while to read: frames keep
// coming while the analysis runs, each showing the progress further on, and the views build
// each frame in a few milliseconds. The frame times come from MAILSCOPE_GUI_FRAME_TIMES, the
// hook tests/bench/gui_big_file.py measures a 1 GiB capture with (docs/performance.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/big_capture.hpp"
#include "support/capture_truth.hpp"
#include "support/gui_process.hpp"

namespace mailscope::gui::testing {
namespace {

namespace fs = std::filesystem;

struct FrameLine {
  double at_ms = 0;
  double views_ms = 0;
  std::string state;
  double fraction = 0;
  std::uint64_t packets = 0;
  std::size_t sessions = 0;
};

std::vector<FrameLine> read_frame_times(const fs::path& path) {
  std::vector<FrameLine> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    FrameLine f;
    if (fields >> f.at_ms >> f.views_ms >> f.state >> f.fraction >> f.packets >> f.sessions) {
      out.push_back(f);
    }
  }
  return out;
}

TEST(BigFileWindow, FramesKeepComingWhileTheAnalysisRuns) {
  const fs::path dir =
      fs::temp_directory_path() / ("mailscope-gui-bigfile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string capture = (dir / "big.pcap").string();
  ASSERT_GT(write_repeated_capture(source_path("captures/tour.pcapng"), capture, 400), 25000u);
  const fs::path times = dir / "frames.txt";
  // A pause after every 8192 packets stretches the reading over a couple of seconds.
  GuiProcess gui({"--screenshot", (dir / "shot.png").string(), "--test-pause-ms", "200", capture},
                 (dir / "app.log").string(), {{"MAILSCOPE_GUI_FRAME_TIMES", times.string()}});
  ASSERT_TRUE(gui.started());
  ASSERT_EQ(gui.wait(std::chrono::seconds(120)), 0) << gui.log();

  const std::vector<FrameLine> frames = read_frame_times(times);
  ASSERT_FALSE(frames.empty()) << "no frame times written to " << times;
  EXPECT_EQ(frames.back().state, "done");
  EXPECT_EQ(frames.back().packets, 26400u);
  EXPECT_EQ(frames.back().sessions, 1200u);
  std::vector<FrameLine> running;
  std::copy_if(frames.begin(), frames.end(), std::back_inserter(running),
               [](const FrameLine& f) { return f.state == "running"; });
  ASSERT_GE(running.size(), 5u) << "the window did not draw while the analysis ran";
  double worst_gap = 0;
  double worst_views = 0;
  std::set<double> progress;
  for (std::size_t i = 0; i < running.size(); ++i) {
    if (i > 0) {
      EXPECT_GE(running[i].at_ms, running[i - 1].at_ms);
      EXPECT_GE(running[i].fraction, running[i - 1].fraction) << "the progress went back";
      worst_gap = std::max(worst_gap, running[i].at_ms - running[i - 1].at_ms);
    }
    worst_views = std::max(worst_views, running[i].views_ms);
    progress.insert(running[i].fraction);
  }
  EXPECT_GE(progress.size(), 3u) << "the progress bar did not move";
  // Generous (sanitizers, software GL, a busy two-core machine): a frame that waits for the
  // analysis to finish would take the whole load, several seconds here.
  EXPECT_LT(worst_gap, 1500.0);
  EXPECT_LT(worst_views, 500.0);
  std::printf("%zu frames while loading, worst gap %.0f ms, worst views %.1f ms\n", running.size(),
              worst_gap, worst_views);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mailscope::gui::testing
