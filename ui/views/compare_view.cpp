#include "views/compare_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "views/journey_scene.hpp"
#include "widgets/padlock.hpp"

namespace mailscope::gui {
namespace {

constexpr const char* kPaneIds[2] = {"compare-left", "compare-right"};

const CaptureModel* model_of(const ViewContext& ctx, const ComparePane& pane) {
  return pane.second_capture ? ctx.second_model : &ctx.model;
}

std::uint64_t serial_of(const ViewContext& ctx, const ComparePane& pane) {
  return pane.second_capture ? ctx.second_capture_serial : ctx.ui.capture_serial;
}

// The session a pane shows, as an index into its model's sessions (none: every session, or a
// number this capture does not have).
std::optional<std::size_t> session_index(const CaptureModel& model, const ComparePane& pane) {
  if (pane.session == 0) return std::nullopt;
  const SessionEntry* entry = model.session_by_number(pane.session);
  return entry ? std::optional(model.index_of(*entry)) : std::nullopt;
}

bool analysed(const CaptureModel* model) {
  return model && model->state != AnalysisState::kRunning && model->state != AnalysisState::kIdle;
}

// Rebuilds both panes' paths and timelines (together: they share one clock) when a capture,
// its analysis or a pane's session changed; at most twice a second while one is analysed.
void refresh(ViewContext& ctx) {
  CompareState& c = ctx.ui.compare;
  const CaptureModel* models[2] = {model_of(ctx, c.panes[0]), model_of(ctx, c.panes[1])};
  bool stale = false;
  bool new_capture = false;
  for (int i = 0; i < 2; ++i) {
    const ComparePane& p = c.panes[i];
    if (!models[i]) continue;
    new_capture |= p.for_capture != serial_of(ctx, p) || p.for_session != p.session;
    stale |= p.for_generation != models[i]->generation;
  }
  const bool running = !analysed(models[0]) || !analysed(models[1]);
  const double now = ImGui::GetTime();
  if ((new_capture || stale) && (new_capture || !running || now - c.built_at >= 0.5)) {
    c.built_at = now;
    std::vector<TimelineSource> sources;
    static const CaptureModel kEmpty;
    for (int i = 0; i < 2; ++i) {
      const CaptureModel& model = models[i] ? *models[i] : kEmpty;
      sources.push_back({&model, session_index(model, c.panes[i])});
    }
    std::vector<Timeline> timelines = build_timelines(sources);
    for (int i = 0; i < 2; ++i) {
      ComparePane& p = c.panes[i];
      p.path = build_path_model(*sources[i].model, sources[i].session);
      p.timeline = std::move(timelines[i]);
      p.for_capture = serial_of(ctx, p);
      p.for_generation = sources[i].model->generation;
      p.for_session = p.session;
    }
    c.clock = merged_clock({&c.panes[0].timeline, &c.panes[1].timeline});
    if (new_capture) {
      c.playback.playing = false;
      c.playback.position = 0;
    }
    c.playback.position = std::min(c.playback.position, c.clock.duration);
  }
  // --at and --play wait for both analyses and the timelines built from them.
  if (!running && !stale && !new_capture) {
    if (c.start_at) {
      c.playback.scrub(c.clock, *c.start_at);
      c.playback.playing = false;
      c.start_at.reset();
    }
    if (c.start_playing) {
      if (!c.playback.playing) c.playback.toggle(c.clock);
      c.start_playing = false;
    }
  }
}

struct Verdict {
  std::string title;   // "without TLS", "with TLS"
  std::string detail;  // "TLS on 1 of 3 sessions"
  bool sealed = false;
};

// What a pane's sessions say at a glance: any session in clear, and the mail went without TLS.
Verdict verdict_of(const PathModel& path) {
  std::size_t sessions = 0;
  std::size_t sealed = 0;
  for (const LinkInfo& link : path.links) {
    for (const SessionOnPath& s : link.sessions) {
      ++sessions;
      sealed += s.transport != Transport::kPlaintext;
    }
  }
  Verdict v;
  if (sessions == 0) {
    v.title = "no mail session";
    return v;
  }
  v.sealed = sealed == sessions;
  v.title = v.sealed ? "with TLS" : "without TLS";
  if (sessions == 1) {
    v.detail = v.sealed ? "sealed by TLS" : "in clear";
  } else {
    v.detail = "TLS on " + std::to_string(sealed) + " of " + std::to_string(sessions) + " sessions";
  }
  return v;
}

// The capture's file name without its folder: what fits above a pane.
std::string short_name(const std::string& display_name) {
  const auto slash = display_name.find_last_of('/');
  return slash == std::string::npos ? display_name : display_name.substr(slash + 1);
}

std::string session_label(const SessionEntry& entry) {
  std::string label = "#";
  label += std::to_string(entry.number);
  label += "  ";
  label += protection_label(entry.summary);
  return label;
}

// Above a pane: the verdict in large type, with a padlock, then the capture's name and a
// choice of session.
void draw_pane_header(ViewContext& ctx, ComparePane& pane, const CaptureModel& model,
                      const char* id) {
  const Palette& pal = ctx.palette;
  const Verdict v = verdict_of(pane.path);
  const ImVec4 colour = v.sealed ? pal.sealed
                        : pane.path.links[0].sessions.empty() &&
                                pane.path.links[1].sessions.empty() &&
                                pane.path.links[2].sessions.empty()
                            ? pal.text_muted
                            : pal.exposed;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImFont* heading = ctx.fonts.heading;
  const float size = heading->FontSize * 1.25f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  draw_padlock(dl, ImVec2(at.x, at.y + size * 0.08f), size * 0.9f, v.sealed, to_u32(colour));
  const ImVec2 title_at(at.x + size * 0.95f, at.y);
  dl->AddText(heading, size, title_at, to_u32(colour), v.title.c_str());
  const float title_w = heading->CalcTextSizeA(size, FLT_MAX, 0, v.title.c_str()).x;
  std::string rest = "  ";  // (not "  " + detail: GCC 12 warns of a memcpy overlap there)
  rest += v.detail;
  dl->AddText(heading, heading->FontSize,
              ImVec2(title_at.x + title_w, at.y + size - heading->FontSize * 1.05f),
              to_u32(pal.text_muted), rest.c_str());
  ImGui::Dummy(ImVec2(ImGui::GetContentRegionAvail().x, size * 1.1f));
  ctx.log.item(std::string(id) + "-title");
  ctx.log.set(std::string(id) == "compare-left" ? "compare_left" : "compare_right",
              {{"title", v.title},
               {"detail", v.detail},
               {"capture", model.display_name},
               {"session", pane.session},
               {"flights", pane.timeline.flights.size()},
               {"notebook", pane.timeline.notebook.size()}});

  // The capture, and which of its sessions plays: every one, or one.
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(short_name(model.display_name).c_str());
  ImGui::SameLine();
  const SessionEntry* chosen = pane.session ? model.session_by_number(pane.session) : nullptr;
  const std::string preview = chosen ? session_label(*chosen) : std::string("every session");
  ImGui::SetNextItemWidth(
      std::min(ImGui::GetContentRegionAvail().x * 0.6f, ImGui::GetFontSize() * 20));
  if (ImGui::BeginCombo((std::string("##") + id + "-session").c_str(), preview.c_str())) {
    if (ImGui::Selectable("every session", pane.session == 0)) pane.session = 0;
    for (const SessionEntry& e : model.sessions) {
      if (ImGui::Selectable(session_label(e).c_str(), pane.session == e.number)) {
        pane.session = e.number;
      }
    }
    ImGui::EndCombo();
  }
  ctx.log.item(std::string(id) + "-session");
}

}  // namespace

void draw_compare_view(ViewContext& ctx) {
  CompareState& c = ctx.ui.compare;
  refresh(ctx);
  const CaptureModel* models[2] = {model_of(ctx, c.panes[0]), model_of(ctx, c.panes[1])};
  handle_playback_keys(c.playback, c.clock);
  const bool grows = !analysed(models[0]) || !analysed(models[1]);
  c.playback.advance(c.clock, ImGui::GetIO().DeltaTime, grows);

  ImGui::BeginChild(
      "compare", ImVec2(0, 0), false,
      ImGuiWindowFlags_NoNavInputs | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar);
  ImGui::Spacing();
  // One capture clock for both: the timelines keep the same capture time at the same moment.
  draw_playback_controls(ctx, c.playback, c.clock, "compare", &c.clock);
  ImGui::SameLine();
  const char* close = "Close the comparison";
  const float close_w = ImGui::CalcTextSize(close).x + ImGui::GetStyle().FramePadding.x * 2;
  ImGui::SetCursorPosX(
      std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - close_w));
  if (ImGui::Button(close)) ctx.requests.close_compare = true;
  ctx.log.item("compare-close");
  draw_scrub_bar(ctx, c.playback, c.clock, {&c.panes[0].timeline, &c.panes[1].timeline}, "compare");
  ImGui::Spacing();

  const float gap = ImGui::GetFontSize() * 1.2f;
  const float width = (ImGui::GetContentRegionAvail().x - gap) / 2;
  const float height = ImGui::GetContentRegionAvail().y;
  for (int i = 0; i < 2; ++i) {
    if (i == 1) ImGui::SameLine(0, gap);
    ComparePane& pane = c.panes[i];
    ImGui::BeginChild(kPaneIds[i], ImVec2(width, height), false,
                      ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar |
                          ImGuiWindowFlags_NoNavInputs);
    if (!models[i]) {
      ImGui::TextDisabled("No capture to compare with.");
    } else if (models[i]->state == AnalysisState::kFailed) {
      ImGui::TextColored(ctx.palette.warning, "%s could not be opened: %s",
                         models[i]->display_name.c_str(), models[i]->error.c_str());
    } else {
      draw_pane_header(ctx, pane, *models[i], kPaneIds[i]);
      JourneyScene scene{*models[i], pane.path, pane.timeline, c.playback.position, kPaneIds[i]};
      scene.compact = true;
      // A session's label: play from its first packet.
      if (const auto clicked = draw_journey_scene(ctx, scene)) {
        for (const Flight& f : pane.timeline.flights) {
          if (f.session == *clicked) {
            c.playback.scrub(c.clock, f.start);
            c.playback.playing = false;
            break;
          }
        }
      }
    }
    ImGui::EndChild();
  }
  // Between the panes: a rule, so each reads as its own picture.
  const ImVec2 top = ImGui::GetItemRectMin();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(top.x - gap / 2, top.y),
                                      ImVec2(top.x - gap / 2, top.y + height),
                                      to_u32(ctx.palette.text_muted), 1.5f);
  ImGui::EndChild();
  ctx.log.set("compare", {{"position", c.playback.position},
                          {"playing", c.playback.playing},
                          {"speed", c.playback.speed()},
                          {"duration", c.clock.duration},
                          {"flights", c.clock.flights.size()}});
}

}  // namespace mailscope::gui
