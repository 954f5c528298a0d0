#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "journey/journey_state.hpp"

namespace mailscope::gui {

// What the user pointed at. Views read it to highlight, and write it when clicked.
struct Selection {
  std::uint64_t session = 0;         // the analysis' own session id; 0: none
  std::optional<std::size_t> event;  // index into that session's events
  std::uint64_t packet = 0;          // 1-based packet number; 0: none
  // One-shot requests from a click elsewhere (a finding): bring the item into sight once.
  bool scroll_to_event = false;
  bool scroll_to_packet = false;
  bool scroll_to_session = false;
};

// Secrets are masked unless revealed: one credential at a time or all at once.
struct RevealState {
  bool all = false;
  std::set<std::pair<std::uint64_t, int>> one_by_one;  // (session id, credential ordinal)

  bool shows(std::uint64_t session, int ordinal) const {
    return all || one_by_one.contains({session, ordinal});
  }
  bool any() const { return all || !one_by_one.empty(); }
  void toggle(std::uint64_t session, int ordinal) {
    if (!one_by_one.erase({session, ordinal})) one_by_one.insert({session, ordinal});
  }
};

enum class DetailTab : std::uint8_t { kConversation, kPackets, kTls, kJourney };
enum class ThemeKind : std::uint8_t { kDark, kLight };

struct DisplaySettings {
  ThemeKind theme = ThemeKind::kDark;
  bool presentation = false;  // larger type and high contrast, for a projector
  float font_size = 17.0f;    // pixels; Ctrl + / Ctrl - change it
  static constexpr float kNormalSize = 17.0f;
  static constexpr float kPresentationSize = 22.0f;
  static constexpr float kMinSize = 11.0f;
  static constexpr float kMaxSize = 44.0f;
};

// The sessions table's filter and the order it last computed (recomputed when the model, the
// filter or the sort changes).
struct SessionsTableState {
  std::string filter;
  bool only_leaks = false;
  std::vector<std::size_t> rows;  // indexes into CaptureModel::sessions, as shown
  std::uint64_t rows_generation = ~std::uint64_t{0};
  std::string rows_filter;
  bool rows_only_leaks = false;
  bool sort_dirty = true;
  double rows_time = -1;  // ImGui time of the last refresh
};

struct PacketsViewState {
  bool all_packets = false;  // every packet of the capture, not only the selected session's
  // For the selected session: the first line each packet completed, and the stream bytes it
  // carried (direction, length), so the list can say what a packet held.
  struct Carried {
    std::uint8_t direction = 0;
    std::uint32_t length = 0;
  };
  std::unordered_map<std::uint64_t, std::size_t> event_at;
  std::unordered_map<std::uint64_t, Carried> carried;
  std::uint64_t for_session = 0;
  std::uint64_t for_generation = ~std::uint64_t{0};
};

struct FindingsViewState {
  bool only_selected_session = false;
  std::vector<std::size_t> rows;  // indexes into CaptureModel::findings, as shown
  std::uint64_t rows_generation = ~std::uint64_t{0};
  std::uint64_t rows_session = 0;
  double rows_time = -1;
};

// While an analysis streams in, a list's order is recomputed at most this often: sorting
// thousands of rows every frame would slow the window and the analysis for nothing.
inline constexpr double kRefreshWhileRunning = 0.5;  // seconds

// The banner's headline counts every session: with hundreds of thousands that is work worth
// keeping from one frame to the next (recounted as the lists are re-sorted, above).
struct BannerState {
  std::string headline;
  bool leaked = false;
  std::uint64_t for_generation = ~std::uint64_t{0};
  std::uint64_t for_capture = ~std::uint64_t{0};
  double time = -1;  // ImGui time of the last count
};

// The sniffer's eye lays a session's bytes out in display lines; that layout is kept until the
// session, the width or the bytes change.
struct SnifferEyeState {
  struct Line {
    std::uint32_t segment = 0;  // index into the session's segments
    std::uint32_t begin = 0;    // byte range inside that segment
    std::uint32_t end = 0;
  };
  std::vector<Line> lines;
  std::uint64_t for_session = 0;
  std::uint64_t for_generation = ~std::uint64_t{0};
  int for_columns = 0;
  bool complete = false;  // false while some frames are still being read back
  // The line to bring into sight once laid out: the selected packet's (the password's, when a
  // session opens on its credential).
  std::optional<std::size_t> scroll_to_line;
};

struct FileBrowserState {
  struct Entry {
    std::string name;
    bool directory = false;
    std::uint64_t size = 0;
  };
  bool open_requested = false;  // the menu asked for it; the popup opens next frame
  std::string directory;        // what the listing shows
  std::string path_input;       // what the user typed or picked
  bool show_all_files = false;  // not only .pcap, .pcapng, .cap
  bool for_compare = false;     // the file picked opens beside the main capture
  std::vector<Entry> entries;   // the listing, read when the directory or the filter changes
  std::string listed_directory;
  bool listed_all_files = false;
  std::string error;
};

// Requests from the views to the application, carried out between two frames.
struct AppRequests {
  std::optional<std::string> open_path;
  bool open_tour = false;
  bool cancel_analysis = false;
  bool quit = false;
  int font_steps = 0;  // +1 bigger, -1 smaller
  bool reset_font = false;
  bool toggle_presentation = false;
  // The side-by-side comparison (views/compare_view.*).
  bool compare_tours = false;  // the bundled tour without and with TLS
  std::optional<std::pair<std::uint64_t, std::uint64_t>> compare_sessions;  // #N, #M
  bool close_compare = false;
};

// How the window is split; the splitters change it.
struct LayoutState {
  float sessions_height = 0.30f;  // of the space between the banner and the status bar
  float findings_width = 0.33f;   // of the width below the sessions table
};

// Everything the user set up in the window, in one plain struct the views share.
struct UiState {
  Selection selection;
  DetailTab tab = DetailTab::kConversation;
  bool tab_forced = false;  // select `tab` in the tab bar on the next frame
  RevealState reveal;
  bool sniffers_eye = false;  // raw bytes as they crossed, instead of decoded lines
  DisplaySettings display;
  LayoutState layout;
  SessionsTableState sessions_table;
  PacketsViewState packets_view;
  FindingsViewState findings_view;
  BannerState banner;
  SnifferEyeState sniffer_eye;
  FileBrowserState file_browser;
  JourneyState journey;
  CompareState compare;  // two journeys side by side, in place of the panes
  std::vector<std::string> recent_files;
  std::uint64_t capture_serial = 0;  // the capture the selection belongs to
  bool error_dismissed = false;
};

}  // namespace mailscope::gui
