// The real window's frames under Xvfb (docs/performance.md, "The desktop app's frames"):
// --measure-frames prints what the renderer did, and the window cleared to the panes' colour
// looks as it did when every pane painted its own background.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "support/gui_process.hpp"
#include "support/png_image.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class FrameRate : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mailscope-gui-frames-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }
  fs::path dir_;
};

// The last line of `log` that is a JSON object.
std::optional<nlohmann::json> last_json_line(const std::string& log) {
  std::istringstream in(log);
  std::optional<nlohmann::json> found;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("{")) found = nlohmann::json::parse(line, nullptr, false);
  }
  if (found && found->is_discarded()) return std::nullopt;
  return found;
}

TEST_F(FrameRate, MeasureFramesTimesTheJourneyPlayingAt1920x1080) {
  GuiProcess gui(
      {"--size", "1920x1080", "--presentation", "--view", "journey", "--play", "--measure-frames",
       "2", std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour.pcapng"},
      (dir_ / "app.log").string());
  ASSERT_TRUE(gui.started());
  ASSERT_EQ(gui.wait(90s), 0) << gui.log();
  const auto stats = last_json_line(gui.log());
  ASSERT_TRUE(stats) << gui.log();
  const nlohmann::json& s = *stats;
  std::printf("frames under Xvfb: %s\n", s.dump().c_str());
  RecordProperty("journey_fps_1920x1080", std::to_string(s["fps"].get<double>()));
  EXPECT_EQ(s["size"], nlohmann::json::array({1920, 1080}));
  EXPECT_FALSE(s["renderer"].get<std::string>().empty());
  EXPECT_GE(s["frames"].get<int>(), 3) << "it drew continuously while the journey played";
  EXPECT_NEAR(s["seconds"].get<double>(), 2.0, 1.0);
  EXPECT_GT(s["vertices"].get<int>(), 1000);
  EXPECT_LT(s["overdraw"].get<double>(), 0.9);
  // Measured through the same 60-a-second pacing as the audience sees.
  EXPECT_LE(s["fps"].get<double>(), 61.0);
  EXPECT_GE(s["frame_ms"]["p50"].get<double>(), 16.0);
  EXPECT_GT(s["cpu_ms"]["mean"].get<double>(), 0.0) << "the renderer's threads' time too";
  EXPECT_LE(s["work_ms"]["p50"].get<double>(), s["frame_ms"]["p50"].get<double>() + 0.5);
#ifndef MAILSCOPE_SANITIZED
  EXPECT_LT(s["build_ms"]["mean"].get<double>(), 16.0) << "the views' own share of a frame";
#endif
}

TEST_F(FrameRate, MeasureFramesTimesTheComparisonPlaying) {
  GuiProcess gui(
      {"--size", "1920x1080", "--presentation", "--compare", "--play", "--measure-frames", "2"},
      (dir_ / "app.log").string());
  ASSERT_TRUE(gui.started());
  ASSERT_EQ(gui.wait(90s), 0) << gui.log();
  const auto stats = last_json_line(gui.log());
  ASSERT_TRUE(stats) << gui.log();
  std::printf("comparison frames under Xvfb: %s\n", stats->dump().c_str());
  RecordProperty("compare_fps_1920x1080", std::to_string((*stats)["fps"].get<double>()));
  EXPECT_GE((*stats)["frames"].get<int>(), 3);
  EXPECT_LT((*stats)["overdraw"].get<double>(), 0.9);
}

TEST_F(FrameRate, TheWindowClearedToThePanesColourKeepsItsFrame) {
  auto shoot = [&](const std::string& name,
                   std::vector<std::string> args) -> std::optional<std::pair<Image, Report>> {
    const std::string png = (dir_ / (name + ".png")).string();
    const std::string json = (dir_ / (name + ".json")).string();
    args.insert(args.begin(), {"--screenshot", png, "--report", json});
    EXPECT_EQ(run_gui(args, (dir_ / (name + ".log")).string()), 0);
    auto image = load_png(png);
    auto report = read_report(json);
    if (!image || !report) return std::nullopt;
    return std::pair(std::move(*image), std::move(*report));
  };
  // The window's own colour around the panes: the left and right margins, the status bar; also
  // around the page that says a file could not be opened.
  auto expect_frame = [](const Image& image, const Rgb& background) {
    const float w = static_cast<float>(image.width);
    const float h = static_cast<float>(image.height);
    EXPECT_EQ(dominant_colour(image, Rect{0, h * 0.3f, 3, h * 0.8f}), background);
    EXPECT_EQ(dominant_colour(image, Rect{w - 3, h * 0.3f, w, h * 0.8f}), background);
    EXPECT_EQ(dominant_colour(image, Rect{0, h - 4, w, h}), background);
  };
  auto failed = shoot("failed", {std::string(MAILSCOPE_SOURCE_DIR) + "/README.md"});
  ASSERT_TRUE(failed);
  expect_frame(failed->first, rgb_of(failed->second["palette"]["background"]));
  auto shot = shoot("journey", {"--view", "journey", "--at", "47",
                                std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour.pcapng"});
  ASSERT_TRUE(shot);
  const Image* image = &shot->first;
  const Report* report = &shot->second;
  const Rgb background = rgb_of((*report)["palette"]["background"]);
  const Rgb panel = rgb_of((*report)["palette"]["panel"]);
  ASSERT_NE(background, panel);
  expect_frame(*image, background);
  // The panes' colour inside them, rounded corners and all: a corner pixel is the window's.
  EXPECT_EQ(dominant_colour(*image, whole(*image)), panel);
  const auto scrub = item(*report, "journey-scrub");
  ASSERT_TRUE(scrub);
  EXPECT_EQ(dominant_colour(*image, Rect{scrub->x0, scrub->y1 + 2, scrub->x1, scrub->y1 + 6}),
            panel);
}

}  // namespace
}  // namespace mailscope::gui::testing
