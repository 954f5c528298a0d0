#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journey/path_model.hpp"
#include "journey/timeline.hpp"
#include "views/view_context.hpp"

namespace mailscope::gui {

// One journey as it looks at one moment: a capture's path and timeline at a playback position.
// The journey view (views/journey_view.*) draws one; the comparison (views/compare_view.*) two,
// side by side. The path and the timeline are built in ui/journey/; this only draws them.
struct JourneyScene {
  const CaptureModel& model;
  const PathModel& path;
  const Timeline& timeline;
  double position = 0;
  // Names in the frame log: items "<id>-letter", "<id>-notebook", "<id>-session-N", lists
  // "<id>-links", "<id>-notebook", facts "<id>_flight", "<id>_gap" ('-' as '_').
  std::string id = "journey";
  std::uint64_t selected_session = 0;  // the analysis' session id to highlight; 0: none
  bool compact = false;                // half a window wide: the notebook takes what room there is
};

// The five places, the three links with their sessions, the flight on the wire (an open
// postcard, a sealed envelope, the STARTTLS flap closing), the eavesdropper and its notebook,
// in the space left in the current window. Returns the session (index into model.sessions)
// whose label was clicked this frame.
std::optional<std::size_t> draw_journey_scene(ViewContext& ctx, const JourneyScene& scene);

// Play/pause, step back and on, slower/faster, next finding, and the playback clock (with the
// capture time of `capture_clock`, if given). `id` names the buttons: "<id>-play", ...
void draw_playback_controls(ViewContext& ctx, Playback& playback, const Timeline& clock,
                            const std::string& id, const Timeline* capture_clock = nullptr);

// The scrub bar: each timeline of `rows` a row of ticks (red read, green sealed, yellow a
// finding), the idle gaps of `clock` hatched with how long they really lasted, the playhead a
// bar; click or drag to move `playback`. Logged as "<id>-scrub".
void draw_scrub_bar(ViewContext& ctx, Playback& playback, const Timeline& clock,
                    const std::vector<const Timeline*>& rows, const std::string& id);

// Space plays and pauses, the left and right arrows step.
void handle_playback_keys(Playback& playback, const Timeline& clock);

}  // namespace mailscope::gui
