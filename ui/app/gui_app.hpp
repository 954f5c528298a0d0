#pragma once

#include <cstdint>
#include <string>

#include "app/analysis_worker.hpp"
#include "app/command_line.hpp"
#include "app/frame_log.hpp"
#include "app/live_capture.hpp"
#include "app/recent_files.hpp"
#include "app/ui_state.hpp"
#include "style/fonts.hpp"
#include "style/theme.hpp"

namespace mailscope::gui {

// The application between two frames: the analysis worker (the data), the UI state, the look,
// and the requests the views make. main.cpp owns the window and the GL context and calls, each
// frame: prepare_frame() before ImGui::NewFrame(), draw_frame() between NewFrame and Render.
class GuiApp {
 public:
  explicit GuiApp(const GuiOptions& options);

  // Opens what the command line named, or the bundled tour.
  void start();
  // A file dropped on the window, or picked elsewhere.
  void open_file(const std::string& path);
  // The side-by-side comparison (views/compare_view.*): `input` beside the main capture, or
  // two sessions (#a, #b) of the main capture; close_comparison() goes back to the panes.
  void compare_with(CaptureInput input);
  void compare_sessions(std::uint64_t a, std::uint64_t b);
  void close_comparison();

  // Applies text size and theme changes. True when the font atlas was rebuilt: the renderer
  // must upload it again.
  bool prepare_frame();
  void draw_frame();

  bool quit_requested() const { return quit_; }
  // The capture is analysed (or failed) and the window has settled: what a screenshot shows.
  bool settled() const;
  bool analysis_running() const;  // of the main capture, or of the comparison's other one
  bool animating() const;         // the journey plays: draw every frame, do not wait for input
  const FrameLog& frame_log() const { return log_; }
  LiveCapture& live() { return live_; }
  AnalysisWorker& worker() { return worker_; }
  AnalysisWorker& second_worker() { return second_; }  // the comparison's other capture
  std::string window_title() const;

 private:
  void on_new_capture();
  bool second_analysis_running() const;
  void apply_first_view(const CaptureModel& model);
  void handle_shortcuts();
  void carry_out(AppRequests requests);
  void set_font_size(float size);

  GuiOptions options_;
  AnalysisWorker worker_;
  AnalysisWorker second_;  // the capture beside the main one in the comparison
  LiveCapture live_;
  RecentFiles recent_;
  UiState ui_;
  FontSet fonts_;
  Palette palette_;
  FrameLog log_;
  float built_font_size_ = 0;
  ThemeKind applied_theme_ = ThemeKind::kDark;
  bool applied_contrast_ = false;
  bool style_applied_ = false;
  bool first_view_pending_ = true;  // command-line view options wait for the first capture
  bool shown_final_state_ = false;  // the first view after the analysis ended is in place
  bool second_running_ = false;     // the comparison's other analysis, in the last frame
  int frames_since_change_ = 0;
  std::uint64_t frame_ = 0;
  bool quit_ = false;
  float font_size_before_presentation_ = DisplaySettings::kNormalSize;
};

}  // namespace mailscope::gui
