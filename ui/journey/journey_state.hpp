#pragma once

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
};

}  // namespace mailscope::gui
