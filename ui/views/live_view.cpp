#include "views/live_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

namespace mailscope::gui {
namespace {

const char* status_name(LiveStatus s) {
  switch (s) {
    case LiveStatus::kIdle:
      return "idle";
    case LiveStatus::kRunning:
      return "running";
    case LiveStatus::kStopped:
      return "stopped";
    case LiveStatus::kFailed:
      return "failed";
  }
  return "?";
}

std::string interface_label(const InterfaceInfo& i) {
  std::string label = i.name;
  if (i.loopback) label += "  (loopback)";
  if (!i.up) label += "  (down)";
  if (!i.description.empty()) label += "  \u2014 " + i.description;
  return label;
}

void counter(ViewContext& ctx, const char* id, const char* label, const std::string& value,
             const ImVec4* colour = nullptr) {
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", label);
  ImGui::PushFont(ctx.fonts.heading);
  if (colour) {
    ImGui::TextColored(*colour, "%s", value.c_str());
  } else {
    ImGui::TextUnformatted(value.c_str());
  }
  ImGui::PopFont();
  ImGui::EndGroup();
  ctx.log.item(id);
}

void draw_source_row(ViewContext& ctx, LivePanelState& p, bool running) {
  const float label_width = ImGui::GetFontSize() * 5.5f;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Interface");
  ImGui::SameLine(label_width);
  ImGui::BeginDisabled(running);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
  if (ImGui::BeginCombo("##live-interface",
                        p.interface.empty() ? "(none found)" : p.interface.c_str())) {
    for (const InterfaceInfo& i : p.interfaces) {
      if (ImGui::Selectable(interface_label(i).c_str(), i.name == p.interface)) {
        p.interface = i.name;
      }
    }
    ImGui::EndCombo();
  }
  ctx.log.item("live-interface");
  ImGui::SameLine();
  if (ImGui::Button("Refresh")) p.refresh_requested = true;
  ctx.log.item("live-refresh");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Filter");
  ImGui::SameLine(label_width);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 24);
  ImGui::InputTextWithHint("##live-filter", "a tcpdump filter, e.g. tcp port 587", &p.filter);
  ctx.log.item("live-filter");
  ImGui::SameLine();
  if (ImGui::Button("Mail ports")) p.filter = default_mail_filter();
  ctx.log.item("live-mail-ports");
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("The default: TCP on 25, 465, 587, 2525, 110, 995, 143 and 993");
  }
  ImGui::EndDisabled();
}

void draw_counters(ViewContext& ctx, const LiveSnapshot& s) {
  const Palette& pal = ctx.palette;
  const float column = ImGui::GetFontSize() * 7.5f;
  const float x = ImGui::GetCursorPosX();
  counter(ctx, "live-packets", "Packets", std::to_string(s.packets));
  ImGui::SameLine(x + column);
  counter(ctx, "live-bytes", "Bytes", human_bytes(s.bytes));
  ImGui::SameLine(x + column * 2);
  counter(ctx, "live-sessions", "Mail sessions", std::to_string(s.sessions));
  ImGui::SameLine(x + column * 3);
  const std::uint64_t drops = s.kernel_drops + s.interface_drops;
  counter(ctx, "live-drops", "Kernel drops", std::to_string(drops),
          drops > 0 ? &pal.exposed : &pal.sealed);
  if (drops > 0) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(pal.exposed,
                       "\u26a0 The kernel dropped %llu packet(s) and the interface %llu: the "
                       "analysis misses them. Narrow the filter or close other programs.",
                       static_cast<unsigned long long>(s.kernel_drops),
                       static_cast<unsigned long long>(s.interface_drops));
    ImGui::PopTextWrapPos();
  }
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  char out[32];
  if (bytes < 1024) {
    std::snprintf(out, sizeof out, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024ull * 1024) {
    std::snprintf(out, sizeof out, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else if (bytes < 1024ull * 1024 * 1024) {
    std::snprintf(out, sizeof out, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  } else {
    std::snprintf(out, sizeof out, "%.2f GiB",
                  static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  }
  return out;
}

void draw_live_view(ViewContext& ctx, LiveCapture& live, const LiveSnapshot& s) {
  LivePanelState& p = live.panel();
  if (!p.open) return;
  const Palette& pal = ctx.palette;
  const float em = ImGui::GetFontSize();
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  // Bottom right, over the end of the findings: the sessions table and the conversation stay
  // in sight.
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - em * 1.5f,
                                 viewport->WorkPos.y + viewport->WorkSize.y - em * 3),
                          ImGuiCond_Appearing, ImVec2(1, 1));
  const bool visible =
      ImGui::Begin("Live capture###live", &p.open,
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
  ctx.log.set("live_panel", p.open);
  if (!visible) {
    ImGui::End();
    return;
  }
  const bool running = s.status == LiveStatus::kRunning;
  draw_source_row(ctx, p, running);

  ImGui::Spacing();
  if (running) {
    if (ImGui::Button("\u25a0 Stop", ImVec2(em * 7, 0))) p.stop_requested = true;
    ctx.log.item("live-stop");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(pal.exposed, "\u25cf Capturing on %s \u00b7 %.0f s", s.interface.c_str(),
                       s.seconds);
  } else {
    ImGui::BeginDisabled(p.interface.empty());
    if (ImGui::Button("\u25b6 Start", ImVec2(em * 7, 0))) p.start_requested = true;
    ImGui::EndDisabled();
    ctx.log.item("live-start");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (s.status == LiveStatus::kStopped) {
      ImGui::TextDisabled("Stopped: %.1f s on %s", s.seconds, s.interface.c_str());
    } else {
      ImGui::TextDisabled("Sessions fill the main window as packets arrive.");
    }
  }

  if (!s.error.empty()) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(em * 34);
    ImGui::TextColored(pal.exposed, "\u26a0 %s", s.error.c_str());
    ImGui::PopTextWrapPos();
    ctx.log.item("live-error");
    if (!s.permission_command.empty()) {
      if (ImGui::Button("Copy the setcap command")) {
        ImGui::SetClipboardText(s.permission_command.c_str());
      }
      ctx.log.item("live-copy-setcap");
    }
  }

  ImGui::Separator();
  draw_counters(ctx, s);
  ImGui::Separator();

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Save as");
  ImGui::SameLine(em * 5.5f);
  ImGui::SetNextItemWidth(em * 24);
  ImGui::InputTextWithHint("##live-save-path", "where to write the pcapng file", &p.save_path);
  ctx.log.item("live-save-path");
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.can_save);
  if (ImGui::Button("Save as pcapng")) p.save_requested = true;
  ImGui::EndDisabled();
  ctx.log.item("live-save");
  if (!s.can_save && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip(running ? "Stop the capture first" : "Nothing captured yet");
  }
  if (!s.message.empty()) {
    ImGui::PushTextWrapPos(em * 34);
    if (s.message_is_error) {
      ImGui::TextColored(pal.exposed, "%s", s.message.c_str());
    } else {
      ImGui::TextColored(pal.sealed, "%s", s.message.c_str());
    }
    ImGui::PopTextWrapPos();
  }

  if (ctx.log.enabled()) {
    ctx.log.set("live", {{"status", status_name(s.status)},
                         {"interface", s.interface},
                         {"selected_interface", p.interface},
                         {"filter", p.filter},
                         {"packets", s.packets},
                         {"bytes", s.bytes},
                         {"sessions", s.sessions},
                         {"kernel_drops", s.kernel_drops},
                         {"interface_drops", s.interface_drops},
                         {"error", s.error},
                         {"message", s.message}});
  }
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 size = ImGui::GetWindowSize();
  ctx.log.rect("live-window", pos, ImVec2(pos.x + size.x, pos.y + size.y));
  ImGui::End();
}

}  // namespace mailscope::gui
