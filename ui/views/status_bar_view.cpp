#include "views/status_bar_view.hpp"

#include <imgui.h>

#include <cstdio>

#include "app/live_capture.hpp"

namespace mailscope::gui {

void draw_status_bar_view(ViewContext& ctx) {
  const CaptureModel& m = ctx.model;
  const Palette& p = ctx.palette;
  std::string state;
  switch (m.state) {
    case AnalysisState::kRunning: {
      if (ctx.live_state && ctx.live_state->status == LiveStatus::kRunning) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(p.exposed, "\u25cf Capturing live on %s \u00b7 %llu packets",
                           ctx.live_state->interface.c_str(),
                           static_cast<unsigned long long>(m.packets.count()));
        ImGui::SameLine();
        if (ImGui::Button("Stop")) ctx.live->panel().stop_requested = true;
        ctx.log.item("live-status-stop");
        state = "running";
        break;
      }
      char overlay[64];
      std::snprintf(overlay, sizeof overlay, "%.0f %% \u00b7 %llu packets", ctx.progress * 100.0,
                    static_cast<unsigned long long>(m.packets.count()));
      ImGui::AlignTextToFramePadding();
      ImGui::TextUnformatted("Analysing");
      ImGui::SameLine();
      ImGui::ProgressBar(static_cast<float>(ctx.progress), ImVec2(ImGui::GetFontSize() * 18, 0),
                         overlay);
      ctx.log.item("progress");
      ImGui::SameLine();
      if (ImGui::Button("Cancel")) ctx.requests.cancel_analysis = true;
      ctx.log.item("cancel");
      ImGui::SameLine();
      state = "running";
      break;
    }
    case AnalysisState::kCancelled:
      ImGui::AlignTextToFramePadding();
      ImGui::TextColored(p.warning, "Analysis cancelled: showing the first %llu packets.",
                         static_cast<unsigned long long>(m.info.packets));
      ImGui::SameLine();
      state = "cancelled";
      break;
    case AnalysisState::kDone:
      state = "done";
      break;
    case AnalysisState::kFailed:
      state = "failed";
      break;
    case AnalysisState::kIdle:
      state = "idle";
      break;
  }
  ctx.log.set("analysis", state);
  ctx.log.set("packets", m.packets.count());
  if (FrameTimeline* timeline = FrameTimeline::shared()) {
    timeline->end_frame(state, ctx.progress, m.packets.count(), m.sessions.size());
  }

  if (m.state == AnalysisState::kDone || m.state == AnalysisState::kCancelled) {
    const double span = m.info.end.as_seconds() - m.info.start.as_seconds();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(
        "%s \u00b7 %s \u00b7 %s \u00b7 %llu packets \u00b7 %.1f s \u00b7 %zu sessions",
        m.display_name.c_str(), m.info.format.c_str(), m.info.link_type.c_str(),
        static_cast<unsigned long long>(m.info.packets), span, m.sessions.size());
    if (!m.info.warnings.empty()) {
      ImGui::SameLine();
      ImGui::TextColored(p.warning, "\u26a0 %zu capture warning%s", m.info.warnings.size(),
                         m.info.warnings.size() == 1 ? "" : "s");
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        for (const std::string& w : m.info.warnings)
          ImGui::BulletText("%s", w.c_str());
        ImGui::EndTooltip();
      }
      ctx.log.set("capture_warnings", m.info.warnings);
    }
  }
}

}  // namespace mailscope::gui
