#pragma once

#include <imgui.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mailscope::gui {

// Frame times of the real window, for `--measure-frames SECONDS` (docs/performance.md, "The
// desktop app's frames"): how long each frame took from one swap to the next, how much of it
// was ImGui building the frame (CPU), and how much was the GL renderer drawing and presenting it.
class FrameStats {
 public:
  struct Frame {
    double period = 0;   // seconds since the previous frame's swap
    double build = 0;    // NewFrame .. Render: the views (CPU)
    double render = 0;   // RenderDrawData .. glFinish: the GL driver drawing the frame
    double present = 0;  // SwapBuffers: the frame handed to the window system
    double work = 0;     // the frame's start to its swap: what the pacing does not wait
    double cpu = 0;      // the process' CPU time in the period, all threads (the renderer's too)
    std::uint64_t vertices = 0;
    std::uint64_t indices = 0;
    double overdraw = 0;       // pixels the triangles cover (clipped), per pixel of the window
    std::uint64_t blocks = 0;  // 4x4 blocks the triangles touch (shaded_blocks_of); 0: not counted
  };

  void add(const Frame& frame) { frames_.push_back(frame); }
  std::size_t count() const { return frames_.size(); }

  // {"frames", "seconds", "fps", "frame_ms": {mean, p50, p95, max}, "build_ms": {...},
  //  "render_ms": {...}, "present_ms": {...}, "work_ms": {...}, "cpu_ms": {...}, "vertices",
  //  "indices", "overdraw", "blocks"} (the largest of any frame); zeros when no frame was
  //  measured.
  nlohmann::json summary() const;

 private:
  std::vector<Frame> frames_;
};

// How many times over the triangles of `draw_data` cover a window of `width` x `height`: a
// software renderer's cost grows with it (every covered pixel runs the fragment shader).
double overdraw_of(const ImDrawData& draw_data, float width, float height);

// How many 4x4 pixel blocks the triangles of `draw_data` touch, each triangle counted apart
// (inside its clip rectangle and the window): llvmpipe runs its fragment shader once per block
// a triangle touches, however few of the block's pixels it covers, so a sliver across a box
// costs as much as filling its path. Only the draw lists whose window name contains
// `window_name_part`, if given ("/journey_": the journey's own child window).
std::uint64_t shaded_blocks_of(const ImDrawData& draw_data, float width, float height,
                               const char* window_name_part = nullptr);

// The frame loop's pace: frames start at most every `period`, on a schedule of absolute times
// (first + n * period). A frame that took longer than its share is followed at once, and the
// next one has what is left of its own slot; so frames of 12 and 20 ms alternating make 60 a
// second. (Waiting a whole period from each frame's start instead makes every frame that misses
// its slot by a little cost the next one's spare time: 54 a second from the same frames.) A
// frame more than a whole period behind its slot starts a new schedule: no burst to catch up.
class FramePacer {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FramePacer(Clock::duration period) : period_(period) {}

  // After a frame's work, at `now`: when the next frame is to start (`now` or later).
  Clock::time_point next_start(Clock::time_point now) {
    if (!slot_) {
      slot_ = now;
    } else {
      *slot_ += period_;
      if (now - *slot_ > period_) slot_ = now;
    }
    return *slot_ > now ? *slot_ : now;
  }

 private:
  Clock::duration period_;
  std::optional<Clock::time_point> slot_;  // when the next frame is due to start
};

}  // namespace mailscope::gui
