#pragma once

#include <imgui.h>

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

// Writes `json` to `path` through a temporary file and a rename, so a reader polling the file
// never sees half of it.
bool write_json_atomically(const std::string& path, const nlohmann::json& json);

}  // namespace mailscope::gui
