#include "views/journey_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/live_capture.hpp"
#include "app/selection_actions.hpp"
#include "views/journey_scene.hpp"

namespace mailscope::gui {
namespace {

// Rebuilds the path and the timeline when the capture or its analysis changed.
void refresh(ViewContext& ctx) {
  JourneyState& j = ctx.ui.journey;
  const bool new_capture = j.for_capture != ctx.ui.capture_serial;
  // While sessions stream in, rebuilding every frame would cost more than it shows.
  const double now = ImGui::GetTime();
  const bool stale = new_capture || j.for_generation != ctx.model.generation;
  if (stale &&
      (new_capture || ctx.model.state != AnalysisState::kRunning || now - j.built_at >= 0.5)) {
    j.built_at = now;
    j.path = build_path_model(ctx.model);
    j.timeline = build_timeline(ctx.model);
    j.for_generation = ctx.model.generation;
    j.for_capture = ctx.ui.capture_serial;
    if (new_capture) {
      // A live capture plays as it comes in: the audience sees each packet as it is sent.
      j.playback.playing = ctx.live_state && ctx.live_state->status == LiveStatus::kRunning;
      j.playback.position = 0;
      j.followed.reset();
    }
    j.playback.position = std::min(j.playback.position, j.timeline.duration);
  }
  // --at: once the capture is analysed, the journey opens paused at that moment.
  if (j.start_at && ctx.model.state != AnalysisState::kRunning &&
      j.for_generation == ctx.model.generation) {
    j.playback.scrub(j.timeline, *j.start_at);
    j.playback.playing = false;
    j.start_at.reset();
  }
  // --play: likewise, then it plays.
  if (j.start_playing && ctx.model.state != AnalysisState::kRunning &&
      j.for_generation == ctx.model.generation) {
    if (!j.playback.playing) j.playback.toggle(j.timeline);
    j.start_playing = false;
  }
}

// The other views follow the playback: the current flight's session, line and packet.
void follow(ViewContext& ctx) {
  JourneyState& j = ctx.ui.journey;
  const auto current = j.timeline.current_at(j.playback.position);
  if (current == j.followed) return;
  j.followed = current;
  if (!current) return;
  const Flight& f = j.timeline.flights[*current];
  const SessionEntry& entry = ctx.model.sessions[f.session];
  select_event(ctx.ui, entry, f.events.front());
  ctx.ui.selection.scroll_to_event = true;
  ctx.ui.selection.scroll_to_packet = true;
  ctx.ui.selection.scroll_to_session = true;
}

}  // namespace

void draw_journey_view(ViewContext& ctx) {
  refresh(ctx);
  JourneyState& j = ctx.ui.journey;
  handle_playback_keys(j.playback, j.timeline);
  // While the capture grows (a live capture, an analysis streaming in), the playback waits at
  // its live edge for what comes next instead of stopping at the end.
  const bool grows = ctx.model.state == AnalysisState::kRunning;
  j.playback.advance(j.timeline, ImGui::GetIO().DeltaTime, grows);
  // Space and the arrows belong to the playback here: keyboard navigation would also press the
  // focused button with Space and move the focus with the arrows.
  ImGui::BeginChild("journey", ImVec2(0, 0), false,
                    ImGuiWindowFlags_NoNavInputs | ImGuiWindowFlags_NoBackground);
  ImGui::Spacing();
  draw_playback_controls(ctx, j.playback, j.timeline, "journey", &j.timeline);
  draw_scrub_bar(ctx, j.playback, j.timeline, {&j.timeline}, "journey");
  ImGui::Spacing();
  follow(ctx);
  if (j.timeline.flights.empty()) {
    ImGui::TextDisabled(grows ? "Waiting for a mail session to play\u2026"
                              : "No mail session in this capture to play.");
  }
  const JourneyScene scene{ctx.model,           j.path,    j.timeline,
                           j.playback.position, "journey", ctx.ui.selection.session};
  // A session's label: select it and play from its first packet.
  if (const auto clicked = draw_journey_scene(ctx, scene)) {
    select_session(ctx.ui, ctx.model.sessions[*clicked]);
    for (std::size_t fi = 0; fi < j.timeline.flights.size(); ++fi) {
      if (j.timeline.flights[fi].session == *clicked) {
        j.playback.scrub(j.timeline, j.timeline.flights[fi].start);
        j.playback.playing = false;
        j.followed = fi;
        break;
      }
    }
  }
  ImGui::EndChild();
  ctx.log.set("journey", {{"position", j.playback.position},
                          {"playing", j.playback.playing},
                          {"speed", j.playback.speed()},
                          {"duration", j.timeline.duration},
                          {"live_edge", j.timeline.live_edge()},
                          {"grows", grows},
                          {"flights", j.timeline.flights.size()}});
}

}  // namespace mailscope::gui
