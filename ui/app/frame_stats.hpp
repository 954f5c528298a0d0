#pragma once

#include <imgui.h>

#include <cstdint>
#include <nlohmann/json.hpp>
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
    std::uint64_t vertices = 0;
    std::uint64_t indices = 0;
    double overdraw = 0;  // pixels the triangles cover (clipped), per pixel of the window
  };

  void add(const Frame& frame) { frames_.push_back(frame); }
  std::size_t count() const { return frames_.size(); }

  // {"frames", "seconds", "fps", "frame_ms": {mean, p50, p95, max}, "build_ms": {...},
  //  "render_ms": {...}, "present_ms": {...}, "vertices", "indices", "overdraw"} (the largest of
  //  any frame); zeros when no frame was measured.
  nlohmann::json summary() const;

 private:
  std::vector<Frame> frames_;
};

// How many times over the triangles of `draw_data` cover a window of `width` x `height`: a
// software renderer's cost grows with it (every covered pixel runs the fragment shader).
double overdraw_of(const ImDrawData& draw_data, float width, float height);

}  // namespace mailscope::gui
