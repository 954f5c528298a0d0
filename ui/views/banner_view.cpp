#include "views/banner_view.hpp"

#include <imgui.h>

#include "app/live_capture.hpp"
#include "presentation/session_text.hpp"
#include "widgets/padlock.hpp"
#include "widgets/toggle_button.hpp"

namespace mailscope::gui {

void draw_banner_view(ViewContext& ctx) {
  if (FrameTimeline* timeline = FrameTimeline::shared()) timeline->begin_frame();
  const Palette& p = ctx.palette;
  BannerState& cache = ctx.ui.banner;
  const bool stale = cache.for_capture != ctx.ui.capture_serial ||
                     (cache.for_generation != ctx.model.generation &&
                      (ctx.model.state != AnalysisState::kRunning ||
                       ImGui::GetTime() - cache.time >= kRefreshWhileRunning));
  if (stale) {
    const LeakSummary leaks = summarize_leaks(ctx.model);
    cache.leaked = leaks.sessions_leaking > 0;
    cache.headline = leak_headline(leaks);
    cache.for_generation = ctx.model.generation;
    cache.for_capture = ctx.ui.capture_serial;
    cache.time = ImGui::GetTime();
  }
  const bool leaked = cache.leaked;
  std::string headline = cache.headline;
  if (ctx.model.state == AnalysisState::kRunning) {
    const bool live = ctx.live_state && ctx.live_state->status == LiveStatus::kRunning;
    headline = (live ? "Capturing live\u2026 " : "Reading the capture\u2026 ") + headline;
  }

  const bool failed = ctx.model.state == AnalysisState::kFailed;
  if (failed)
    headline = "\u26a0 Nothing to show: " + ctx.model.display_name + " could not be read.";

  ImGui::PushFont(ctx.fonts.heading);
  if (!failed) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    draw_padlock(ImGui::GetWindowDrawList(), ImVec2(pos.x, pos.y + h * 0.05f), h * 0.9f, !leaked,
                 to_u32(leaked ? p.exposed : p.sealed));
    ImGui::Dummy(ImVec2(h * 1.05f, h));
    ImGui::SameLine();
  }
  if (failed) {
    ImGui::TextColored(p.warning, "%s", headline.c_str());
  } else if (ctx.model.sessions.empty()) {
    ImGui::TextUnformatted(headline.c_str());
  } else {
    ImGui::TextColored(leaked ? p.exposed : p.sealed, "%s", headline.c_str());
  }
  ImGui::PopFont();
  ctx.log.set("headline", headline);

  // Switches, each saying what it does and its state.
  const bool visible = ctx.ui.reveal.any();
  const char* secrets_label = ctx.ui.reveal.all ? "Secrets: ALL VISIBLE \u2014 click to mask"
                              : visible         ? "Secrets: SOME VISIBLE \u2014 click to mask all"
                                                : "Secrets: masked \u2014 click to reveal all";
  if (toggle_button(secrets_label, visible, p.exposed, ImVec4(1, 1, 1, 1))) {
    if (visible) {
      ctx.ui.reveal = {};
    } else {
      ctx.ui.reveal.all = true;
    }
  }
  ctx.log.item("reveal-all");
  ctx.log.set("secrets", ctx.ui.reveal.all ? "all visible" : visible ? "some visible" : "masked");
  ImGui::SameLine();
  if (toggle_button(ctx.ui.sniffers_eye ? "Sniffer's eye: ON" : "Sniffer's eye: off",
                    ctx.ui.sniffers_eye, p.sealed)) {
    ctx.ui.sniffers_eye = !ctx.ui.sniffers_eye;
    if (ctx.ui.sniffers_eye && ctx.ui.tab != DetailTab::kConversation) {
      ctx.ui.tab = DetailTab::kConversation;
      ctx.ui.tab_forced = true;
    }
  }
  ctx.log.item("sniffers-eye");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Show the session's raw bytes exactly as they crossed the wire (Ctrl+E)");
  }
  ImGui::SameLine();
  if (toggle_button(ctx.ui.display.presentation ? "Presentation: ON" : "Presentation: off",
                    ctx.ui.display.presentation, p.info)) {
    ctx.requests.toggle_presentation = true;
  }
  ctx.log.item("presentation");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Larger type and high contrast for a projector (F5). Ctrl + / Ctrl - size.");
  }
  ImGui::SameLine();
  ImGui::TextDisabled("  %s", ctx.model.display_name.c_str());
}

}  // namespace mailscope::gui
