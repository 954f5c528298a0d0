#pragma once

#include <imgui.h>

#include <memory>
#include <string>

#include "app/gui_app.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {

// The whole application drawn without a window: a Dear ImGui context with no platform or
// renderer backend, fed a display size, a clock and a mouse. The views, the worker and the
// frame log are the real ones; only pixels are missing. (The window tests cover those.)
class HeadlessGui {
 public:
  explicit HeadlessGui(GuiOptions options, ImVec2 display = ImVec2(1600, 900));
  ~HeadlessGui();
  HeadlessGui(const HeadlessGui&) = delete;
  HeadlessGui& operator=(const HeadlessGui&) = delete;

  // One frame; returns what it drew.
  const Report& frame();
  // Frames until the capture is analysed and the window settled (false on timeout).
  bool run_until_settled(double timeout_seconds = 60);
  // Clicks the item the last frame drew under `id` (move, press, release: three frames).
  bool click(const std::string& id);
  void scroll_at(const std::string& id, float wheel);

  const Report& report() const { return report_; }
  GuiApp& app() { return *app_; }
  double last_frame_ms() const { return last_frame_ms_; }

 private:
  ImGuiContext* context_ = nullptr;
  std::unique_ptr<GuiApp> app_;
  Report report_;
  ImVec2 mouse_{-1, -1};
  bool mouse_down_ = false;
  float wheel_ = 0;
  double last_frame_ms_ = 0;
};

// Options for a headless run of `capture` (empty: the bundled tour).
GuiOptions headless_options(const std::string& capture = {});

}  // namespace mailscope::gui::testing
