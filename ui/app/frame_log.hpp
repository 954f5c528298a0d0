#pragma once

#include <imgui.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mailscope::gui {

// What one frame showed, for the tests: each view adds the rows it drew, with the text it drew
// them with, and the places a test may click ("session-row-3", "reveal-1-0"). The app writes it
// as JSON beside a screenshot (--report), so a test checks the picture against what the app
// meant to draw, and an end-to-end test clicks by name rather than by guessed coordinates.
// Disabled (and free) unless a report was asked for.
class FrameLog {
 public:
  explicit FrameLog(bool enabled = false) : enabled_(enabled) {}

  bool enabled() const { return enabled_; }
  void begin_frame(std::uint64_t frame);

  // A row drawn in list `list` ("sessions", "conversation", ...).
  void row(std::string_view list, nlohmann::json row);
  // A fact of the frame ("reveal_all": false, "tab": "packets", ...).
  void set(std::string_view key, nlohmann::json value);
  // The rectangle of the last item drawn, under a name a test can click.
  void item(std::string_view id);
  void rect(std::string_view id, ImVec2 min, ImVec2 max);

  const nlohmann::json& json() const { return frame_; }

 private:
  bool enabled_;
  nlohmann::json frame_ = nlohmann::json::object();
};

// One line per frame, for the big-capture benchmark (tests/bench/gui_big_file.py): when the
// frame began, how long the views took to build it (CPU, model lock held), what the analysis
// was doing and how far it had got. While frames follow one another (an analysis runs, input
// keeps coming) the gap between two lines is the frame time a user feels, renderer included.
// Asked for with the environment variable MAILSCOPE_GUI_FRAME_TIMES=FILE, a measurement hook
// like --report; without it nothing is timed or written.
//
// Line: "<ms since the first frame> <views ms> <state> <fraction read> <packets> <sessions>".
class FrameTimeline {
 public:
  static constexpr const char* kEnvironmentVariable = "MAILSCOPE_GUI_FRAME_TIMES";

  // The timeline the environment asks for, or nullptr.
  static std::unique_ptr<FrameTimeline> from_environment();
  // The app's one timeline (the environment's, read once), or nullptr. The banner, the first
  // view of a frame, begins its frame; the status bar, the last, ends it.
  static FrameTimeline* shared();

  explicit FrameTimeline(const std::string& path);
  ~FrameTimeline();
  FrameTimeline(const FrameTimeline&) = delete;
  FrameTimeline& operator=(const FrameTimeline&) = delete;

  bool ok() const { return file_ != nullptr; }
  // As the views begin a frame, and as they end it (writes the line): the analysis state
  // ("running", "done", ...) the frame showed.
  void begin_frame();
  void end_frame(std::string_view state, double fraction, std::uint64_t packets,
                 std::size_t sessions);

 private:
  std::FILE* file_ = nullptr;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point frame_start_;
  bool started_ = false;
};

// Writes `json` to `path` through a temporary file and a rename, so a reader polling the file
// never sees half of it.
bool write_json_atomically(const std::string& path, const nlohmann::json& json);

}  // namespace mailscope::gui
