#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "journey/path_model.hpp"
#include "journey/timeline.hpp"

namespace mailscope::gui {

// What the journey view keeps between frames: the playback controls, and the path and timeline
// it derived from the model (rebuilt when the model changes).
struct JourneyState {
  Playback playback;
  PathModel path;
  Timeline timeline;
  std::uint64_t for_generation = ~std::uint64_t{0};
  std::uint64_t for_capture = ~std::uint64_t{0};
  double built_at = -1;  // ImGui time of the last rebuild: at most twice a second while the
                         // analysis (or a live capture) streams in
  // The flight whose session and packet the other views were last pointed at, so a user's own
  // click elsewhere is not overridden until the playback moves on.
  std::optional<std::size_t> followed;
  std::optional<double> start_at;  // --at SECONDS: where the first capture opens, paused
  bool start_playing = false;      // --play: it plays once the capture is analysed
};

// One side of the side-by-side comparison (views/compare_view.*): a capture, all its sessions
// or one, and the path and timeline derived from it.
struct ComparePane {
  bool second_capture = false;  // the capture opened next to the main one; else the main one
  std::uint64_t session = 0;    // the session shown ("#N"); 0: every session
  PathModel path;
  Timeline timeline;
  std::uint64_t for_capture = ~std::uint64_t{0};
  std::uint64_t for_generation = ~std::uint64_t{0};
  std::uint64_t for_session = ~std::uint64_t{0};
};

// Two journeys side by side on one clock, for the "without TLS / with TLS" moment of a
// training: the same controls play, step and scrub both (docs/journey.md).
struct CompareState {
  bool active = false;
  std::array<ComparePane, 2> panes;
  Playback playback;
  Timeline clock;        // both panes' flights (merged_clock), what the controls step through
  double built_at = -1;  // ImGui time of the last rebuild (twice a second while analysing)
  std::optional<double> start_at;  // --at SECONDS, once both captures are analysed
  bool start_playing = false;      // --play
};

}  // namespace mailscope::gui
