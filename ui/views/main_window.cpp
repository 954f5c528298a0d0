#include "views/main_window.hpp"

#include <imgui.h>

#include "views/banner_view.hpp"
#include "views/compare_view.hpp"
#include "views/conversation_view.hpp"
#include "views/file_browser_view.hpp"
#include "views/findings_view.hpp"
#include "views/journey_view.hpp"
#include "views/live_view.hpp"
#include "views/menu_bar_view.hpp"
#include "views/packets_view.hpp"
#include "views/sessions_view.hpp"
#include "views/status_bar_view.hpp"
#include "views/tls_view.hpp"
#include "widgets/splitter.hpp"

namespace mailscope::gui {
namespace {

const char* tab_name(DetailTab tab) {
  switch (tab) {
    case DetailTab::kConversation:
      return "conversation";
    case DetailTab::kPackets:
      return "packets";
    case DetailTab::kTls:
      return "tls";
    case DetailTab::kJourney:
      return "journey";
  }
  return "?";
}

void tab(ViewContext& ctx, const char* label, DetailTab which, void (*draw)(ViewContext&)) {
  ImGuiTabItemFlags flags = 0;
  if (ctx.ui.tab_forced && ctx.ui.tab == which) flags |= ImGuiTabItemFlags_SetSelected;
  const bool open = ImGui::BeginTabItem(label, nullptr, flags);
  ctx.log.item(std::string("tab-") + tab_name(which));
  if (!open) return;
  if (!ctx.ui.tab_forced) ctx.ui.tab = which;
  ImGui::BeginChild("tab-content", ImVec2(0, 0), false);
  draw(ctx);
  ImGui::EndChild();
  ImGui::EndTabItem();
}

void draw_detail_tabs(ViewContext& ctx) {
  if (!ImGui::BeginTabBar("detail")) return;
  tab(ctx,
      ctx.ui.sniffers_eye ? "Conversation (sniffer's eye)###conversation"
                          : "Conversation###conversation",
      DetailTab::kConversation, draw_conversation_view);
  tab(ctx, "Packets", DetailTab::kPackets, draw_packets_view);
  tab(ctx, "TLS", DetailTab::kTls, draw_tls_view);
  tab(ctx, "Journey", DetailTab::kJourney, draw_journey_view);
  ImGui::EndTabBar();
  ctx.ui.tab_forced = false;
  ctx.log.set("tab", tab_name(ctx.ui.tab));
}

void draw_failure(ViewContext& ctx) {
  const Palette& p = ctx.palette;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  ImGui::BeginChild("failure", avail, true);
  ImGui::SetCursorPos(ImVec2(avail.x * 0.12f, avail.y * 0.22f));
  ImGui::BeginGroup();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextColored(p.warning, "\u26a0 This capture could not be opened");
  ImGui::PopFont();
  ImGui::Spacing();
  ImGui::PushTextWrapPos(avail.x * 0.85f);
  ImGui::TextUnformatted(ctx.model.error.c_str());
  ImGui::Spacing();
  ImGui::TextDisabled(
      "mailscope reads pcap and pcapng files, as written by tcpdump -w, Wireshark or dumpcap.");
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (ImGui::Button("Open another capture\u2026")) ctx.ui.file_browser.open_requested = true;
  ctx.log.item("failure-open");
  ImGui::SameLine();
  if (ImGui::Button("Open the bundled tour")) ctx.requests.open_tour = true;
  ctx.log.item("failure-tour");
  ImGui::EndGroup();
  ImGui::EndChild();
  ctx.log.set("error", ctx.model.error);
}

void draw_panes(ViewContext& ctx, float height) {
  LayoutState& layout = ctx.ui.layout;
  const float gap = ImGui::GetStyle().ItemSpacing.y;
  // As tall as its rows need (a short capture leaves the room to the conversation), at most
  // the share the splitter gives it.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float row = ImGui::GetTextLineHeight() + style.CellPadding.y * 2;
  const float needed = ImGui::GetFrameHeightWithSpacing() +
                       row * static_cast<float>(ctx.model.sessions.size() + 2) +
                       style.ItemSpacing.y;
  const float sessions_height =
      std::max(row * 5, std::min(needed, height * layout.sessions_height));
  ImGui::BeginChild("sessions-pane", ImVec2(0, sessions_height), false);
  draw_sessions_view(ctx);
  ImGui::EndChild();
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  splitter("##split-sessions", true, layout.sessions_height, height, 0.12f, 0.7f);
  ImGui::PopStyleVar();

  const float lower_height = std::max(
      1.0f, height - sessions_height - gap * 2 - std::max(6.0f, ImGui::GetFontSize() * 0.35f));
  const float width = ImGui::GetContentRegionAvail().x;
  const float findings_width = width * layout.findings_width;
  ImGui::BeginChild("detail-pane", ImVec2(width - findings_width - 10, lower_height), false);
  draw_detail_tabs(ctx);
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  float ratio = 1.0f - layout.findings_width;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
  ImGui::BeginChild("split-findings-holder", ImVec2(10, lower_height), false);
  splitter("##split-findings", false, ratio, width, 0.35f, 0.85f);
  ImGui::EndChild();
  ImGui::PopStyleVar();
  layout.findings_width = 1.0f - ratio;
  ImGui::SameLine(0, 0);
  ImGui::BeginChild("findings-pane", ImVec2(0, lower_height), false);
  draw_findings_view(ctx);
  ImGui::EndChild();
}

// The renderer clears the window to the panes' colour (ui/main.cpp): glClear is nearly free,
// while a software renderer shades every pixel a window background covers. So the panes paint
// no background, and the frame around them (between `p0` and `p1`) gets the window's colour
// here, behind everything, with the rounded corners the panes' background would have drawn.
void paint_around_panes(ImVec2 p0, ImVec2 p1) {
  const ImVec2 w0 = ImGui::GetWindowPos();
  const ImVec2 w1(w0.x + ImGui::GetWindowWidth(), w0.y + ImGui::GetWindowHeight());
  const ImU32 window_bg = ImGui::GetColorU32(ImGuiCol_WindowBg);
  ImDrawList* behind = ImGui::GetBackgroundDrawList();
  behind->AddRectFilled(w0, ImVec2(w1.x, p0.y), window_bg);
  behind->AddRectFilled(ImVec2(w0.x, p1.y), w1, window_bg);
  behind->AddRectFilled(ImVec2(w0.x, p0.y), ImVec2(p0.x, p1.y), window_bg);
  behind->AddRectFilled(ImVec2(p1.x, p0.y), ImVec2(w1.x, p1.y), window_bg);
  const float r = ImGui::GetStyle().ChildRounding;
  if (r <= 0) return;
  const ImU32 panes_bg = ImGui::GetColorU32(ImGuiCol_ChildBg);
  const ImVec2 corner[4] = {p0, ImVec2(p1.x - 2 * r, p0.y), ImVec2(p0.x, p1.y - 2 * r),
                            ImVec2(p1.x - 2 * r, p1.y - 2 * r)};
  const ImDrawFlags round[4] = {ImDrawFlags_RoundCornersTopLeft, ImDrawFlags_RoundCornersTopRight,
                                ImDrawFlags_RoundCornersBottomLeft,
                                ImDrawFlags_RoundCornersBottomRight};
  for (int i = 0; i < 4; ++i) {
    const ImVec2 far(corner[i].x + 2 * r, corner[i].y + 2 * r);
    behind->AddRectFilled(corner[i], far, window_bg);
    behind->AddRectFilled(corner[i], far, panes_bg, r, round[i]);
  }
}

}  // namespace

void draw_main_window(ViewContext& ctx) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  // No background of its own: the renderer clears the window first (ui/main.cpp), and covering
  // it again would cost a software renderer a whole screen of pixels a frame.
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
      ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground;
  ImGui::Begin("mailscope", nullptr, kFlags);
  draw_menu_bar_view(ctx);
  draw_banner_view(ctx);
  ImGui::Separator();

  const ImGuiStyle& style = ImGui::GetStyle();
  const float status_height = ImGui::GetFrameHeight() + style.ItemSpacing.y + 2;
  const float panes_height = ImGui::GetContentRegionAvail().y - status_height;
  if (ctx.model.state == AnalysisState::kFailed) {
    ImGui::BeginChild("failure-holder", ImVec2(0, panes_height), false);
    draw_failure(ctx);
    ImGui::EndChild();
    paint_around_panes(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  } else {
    ImGui::BeginChild("panes", ImVec2(0, panes_height), false, ImGuiWindowFlags_NoBackground);
    // Every child window in here (panes, tabs, lists, tables) lies on the panes' colour, which
    // the renderer cleared to: painting it again changes no pixel, but a software renderer
    // (Mesa's llvmpipe under Xvfb) pays for every pixel of every layer, and the nested children
    // covered the window about four times over (docs/performance.md, "The desktop app's
    // frames"). A transparent ChildBg is not drawn at all.
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    if (ctx.ui.compare.active) {
      draw_compare_view(ctx);  // two journeys side by side, in place of the panes
    } else {
      draw_panes(ctx, panes_height);
    }
    ImGui::PopStyleColor();
    ImGui::EndChild();
    paint_around_panes(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  }
  ImGui::Separator();
  draw_status_bar_view(ctx);
  draw_file_browser_view(ctx);
  ImGui::End();
  if (ctx.live && ctx.live_state) draw_live_view(ctx, *ctx.live, *ctx.live_state);
}

}  // namespace mailscope::gui
