#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "app/ui_state.hpp"

namespace mailscope::gui {

// What `mailscope-gui` was asked to do.
struct GuiOptions {
  std::optional<std::string> file;  // none: the bundled tour
  // The side-by-side comparison (--compare): `file` and `second_file` (none: the bundled tour
  // without and with TLS), or two sessions of `file`.
  bool compare = false;
  std::optional<std::string> second_file;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> compare_sessions;
  std::optional<std::string> screenshot;  // write this PNG once the capture is shown, then exit
  std::optional<std::string> report;      // write what each frame drew here (JSON, for tests)
  DetailTab tab = DetailTab::kConversation;
  bool sniffers_eye = false;
  bool select_first_finding = false;     // --view findings
  std::optional<std::uint64_t> session;  // "#N" to select
  std::optional<double> at;              // --at: the journey's playback position, paused
  bool play = false;                     // --play: the journey starts playing once analysed
  std::optional<double> measure_frames;  // --measure-frames: seconds of frames to time, then exit
  bool reveal = false;
  ThemeKind theme = ThemeKind::kDark;
  bool presentation = false;
  std::optional<float> font_size;
  int width = 1600;
  int height = 900;
  std::uint64_t packet_memory = 256ull << 20;
  int test_pause_ms = 0;
  std::optional<std::string> live_interface;  // --live: start capturing there
  std::optional<std::string> live_filter;
  int live_seconds = 0;  // 0: until Stop
};

struct HelpRequested {
  std::string text;
};
struct UsageError {
  std::string message;
};
using ParsedCommandLine = std::variant<GuiOptions, HelpRequested, UsageError>;

ParsedCommandLine parse_command_line(int argc, const char* const* argv);

}  // namespace mailscope::gui
