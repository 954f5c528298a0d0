// What a frame costs a software renderer (docs/performance.md, "The desktop app's frames"): the
// frame statistics --measure-frames prints, and how many times over the window's triangles
// cover it. Mesa's llvmpipe under Xvfb shades every pixel of every layer, so panes painted over
// one another cost frames; the window keeps to about one layer.
#include <gtest/gtest.h>

#include <chrono>

#include "app/command_line.hpp"
#include "app/frame_stats.hpp"
#include "headless/headless_gui.hpp"

namespace mailscope::gui::testing {
namespace {

TEST(FrameStats, SummarisesFrameTimesInMilliseconds) {
  FrameStats stats;
  EXPECT_EQ(stats.summary()["frames"], 0);
  EXPECT_EQ(stats.summary()["fps"], 0.0);
  for (int i = 1; i <= 20; ++i) {
    FrameStats::Frame f;
    f.period = i == 20 ? 0.1 : 0.02;  // one slow frame
    f.build = 0.001;
    f.render = 0.015;
    f.present = 0.002;
    f.vertices = 100u * static_cast<unsigned>(i);
    f.overdraw = 0.5;
    stats.add(f);
  }
  const nlohmann::json s = stats.summary();
  EXPECT_EQ(s["frames"], 20);
  EXPECT_NEAR(s["seconds"].get<double>(), 19 * 0.02 + 0.1, 1e-9);
  EXPECT_NEAR(s["fps"].get<double>(), 20 / 0.48, 1e-6);
  EXPECT_NEAR(s["frame_ms"]["p50"].get<double>(), 20.0, 1e-9);
  EXPECT_NEAR(s["frame_ms"]["p95"].get<double>(), 20.0, 1e-9);
  EXPECT_NEAR(s["frame_ms"]["max"].get<double>(), 100.0, 1e-9);
  EXPECT_NEAR(s["frame_ms"]["mean"].get<double>(), 24.0, 1e-9);
  EXPECT_NEAR(s["build_ms"]["mean"].get<double>(), 1.0, 1e-9);
  EXPECT_NEAR(s["render_ms"]["mean"].get<double>(), 15.0, 1e-9);
  EXPECT_NEAR(s["present_ms"]["mean"].get<double>(), 2.0, 1e-9);
  EXPECT_EQ(s["vertices"], 2000);  // the largest frame
  EXPECT_EQ(s["overdraw"], 0.5);
}

TEST(FrameStats, OverdrawCountsCoveredPixelsInsideTheClipRectangles) {
  ImGuiContext* context = ImGui::CreateContext();
  ImDrawList list(ImGui::GetDrawListSharedData());
  list._ResetForNewFrame();
  list.Flags = ImDrawListFlags_None;  // no anti-aliased fringes: exact areas
  list.PushClipRect(ImVec2(0, 0), ImVec2(100, 100));
  list.AddRectFilled(ImVec2(0, 0), ImVec2(100, 50), IM_COL32_WHITE);    // half the window
  list.AddRectFilled(ImVec2(50, 0), ImVec2(150, 100), IM_COL32_WHITE);  // half of it clipped
  list.PopClipRect();
  ImDrawList* lists[] = {&list};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  EXPECT_NEAR(overdraw_of(data, 100, 100), 1.0, 1e-6);
  EXPECT_EQ(overdraw_of(data, 0, 0), 0.0);
  ImGui::DestroyContext(context);
}

TEST(FrameStats, ShadedBlocksCountTheBlocksEachTriangleTouches) {
  ImGuiContext* context = ImGui::CreateContext();
  ImDrawList list(ImGui::GetDrawListSharedData());
  list._ResetForNewFrame();
  list.Flags = ImDrawListFlags_None;
  list._OwnerName = "window/box";
  list.PushClipRect(ImVec2(0, 0), ImVec2(1000, 1000));
  list.AddRectFilled(ImVec2(0, 0), ImVec2(64, 64), IM_COL32_WHITE);  // 16 x 16 blocks
  ImDrawList* lists[] = {&list};
  ImDrawData data;
  data.Valid = true;
  data.CmdLists = lists;
  data.CmdListsCount = 1;
  // Two triangles: each its half of the 256 blocks, both the diagonal's (and the blocks that
  // touch it at a corner).
  const std::uint64_t box = shaded_blocks_of(data, 1000, 1000);
  EXPECT_GE(box, 256u + 16u);
  EXPECT_LE(box, 256u + 16u * 3u);
  // A sliver covering 64 pixels along the same diagonal touches as many blocks as the diagonal.
  list.AddTriangleFilled(ImVec2(0, 0), ImVec2(64, 64), ImVec2(64, 62), IM_COL32_WHITE);
  EXPECT_GE(shaded_blocks_of(data, 1000, 1000) - box, 16u);
  EXPECT_EQ(shaded_blocks_of(data, 1000, 1000, "/box"), shaded_blocks_of(data, 1000, 1000));
  EXPECT_EQ(shaded_blocks_of(data, 1000, 1000, "/journey_"), 0u);
  list.PopClipRect();
  ImGui::DestroyContext(context);
}

// The frame loop's 60-a-second cap (ui/main.cpp): frames run on a schedule of absolute slots,
// so one that overran its slot is followed at once and the next one catches up.
class FramePacing : public ::testing::Test {
 protected:
  using Clock = FramePacer::Clock;
  static constexpr auto kPeriod = std::chrono::microseconds(16'667);
  // Frames taking `work(i)`, paced: the frames per second the loop reaches.
  template <typename Work>
  static double frames_per_second(int frames, Work work) {
    FramePacer pacer(kPeriod);
    Clock::time_point now{};
    const Clock::time_point first = now;
    for (int i = 0; i < frames; ++i) {
      now += work(i);               // the frame's own work
      now = pacer.next_start(now);  // the sleep (none when it is already late)
    }
    return frames / std::chrono::duration<double>(now - first).count();
  }
};

TEST_F(FramePacing, AFrameThatMissedItsSlotIsNotFollowedByASleep) {
  using std::chrono::milliseconds;
  // 12 and 20 ms in turn: 16 on average, so 60 a second. (Sleeping 16.7 ms from each frame's
  // start gave 54.5: every 20 ms frame took its time and the 12 ms one the whole period.)
  EXPECT_NEAR(frames_per_second(600, [](int i) { return milliseconds(i % 2 ? 20 : 12); }), 60.0,
              0.2);
  // 17 ms every frame: as fast as the frames allow, no sleep added (58.8, not 30 or 50).
  EXPECT_NEAR(frames_per_second(600, [](int) { return milliseconds(17); }), 1000.0 / 17, 0.1);
  // Fast frames are held to 60 a second.
  EXPECT_NEAR(frames_per_second(600, [](int) { return milliseconds(3); }), 60.0, 0.1);
}

TEST_F(FramePacing, ALongStallStartsANewScheduleInsteadOfABurst) {
  FramePacer pacer(kPeriod);
  Clock::time_point now{};
  now = pacer.next_start(now);
  now += std::chrono::milliseconds(200);  // a stall (a file dialog, a swap under load)
  now = pacer.next_start(now);            // late: the next frame starts at once
  const Clock::time_point after_stall = now;
  now += std::chrono::milliseconds(2);  // then quick frames: one a period again, no catching up
  EXPECT_EQ(pacer.next_start(now), after_stall + kPeriod);
}

TEST(FrameStats, CommandLineMeasuresFramesAndPlays) {
  const char* ok[] = {"mailscope-gui", "--view", "journey", "--play", "--measure-frames", "2.5"};
  const ParsedCommandLine parsed = parse_command_line(6, ok);
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(parsed));
  EXPECT_TRUE(std::get<GuiOptions>(parsed).play);
  EXPECT_EQ(std::get<GuiOptions>(parsed).measure_frames, 2.5);
  for (const char* bad : {"0", "-1", "soon"}) {
    const char* args[] = {"mailscope-gui", "--measure-frames", bad};
    EXPECT_TRUE(std::holds_alternative<UsageError>(parse_command_line(3, args))) << bad;
  }
  const char* both[] = {"mailscope-gui", "--measure-frames", "1", "--screenshot", "x.png"};
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse_command_line(5, both)));
}

// The whole window with the journey playing, at 1920x1080: about one layer of pixels. (Before
// the panes stopped painting over one another it was 4.3 layers, and llvmpipe drew 6-10 frames
// a second instead of 20-30 on the same machine.)
TEST(FrameCost, TheJourneyWindowCoversItsPixelsAboutOnce) {
  GuiOptions options = headless_options();
  options.tab = DetailTab::kJourney;
  options.presentation = true;
  options.play = true;
  HeadlessGui gui(options, ImVec2(1920, 1080));
  ASSERT_TRUE(gui.run_until_settled());
  for (int i = 0; i < 60; ++i)
    gui.frame();
  EXPECT_TRUE(gui.report()["journey"]["playing"]) << "--play: it plays once analysed";
  EXPECT_GT(gui.report()["journey"]["position"].get<double>(), 1.0);
  const double overdraw = overdraw_of(*ImGui::GetDrawData(), 1920, 1080);
  RecordProperty("journey_overdraw", std::to_string(overdraw));
  EXPECT_GT(overdraw, 0.3) << "the frame drew something";
  EXPECT_LT(overdraw, 0.9) << "a layer too many: every pixel costs a software renderer";
}

// The journey's own pixels at 1920x1080, in the blocks llvmpipe shades: its boxes, circles and
// the eavesdropper are filled without ImGui's fan of slivers (views/journey_scene.cpp,
// fill_convex). With ImGui's fans it was 59,100 blocks (at
// 20 s of the tour), without them 51,600.
TEST(FrameCost, TheJourneysFilledShapesAreNotSlivers) {
  GuiOptions options = headless_options();
  options.tab = DetailTab::kJourney;
  options.presentation = true;
  options.at = 20.0;
  HeadlessGui gui(options, ImVec2(1920, 1080));
  ASSERT_TRUE(gui.run_until_settled());
  gui.frame();
  const std::uint64_t blocks = shaded_blocks_of(*ImGui::GetDrawData(), 1920, 1080, "/journey_");
  RecordProperty("journey_blocks", std::to_string(blocks));
  EXPECT_GT(blocks, 10'000u) << "the journey drew something";
  EXPECT_LT(blocks, 55'000u) << "slivers again: each one costs llvmpipe a row of blocks";
}

}  // namespace
}  // namespace mailscope::gui::testing
