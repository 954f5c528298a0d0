#include "views/menu_bar_view.hpp"

#include <imgui.h>

#include "app/live_capture.hpp"

namespace mailscope::gui {

void draw_menu_bar_view(ViewContext& ctx) {
  if (!ImGui::BeginMenuBar()) return;
  UiState& ui = ctx.ui;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open a capture\u2026", "Ctrl+O")) {
      ui.file_browser.open_requested = true;
      ui.file_browser.for_compare = false;
    }
    if (ImGui::BeginMenu("Open recent", !ui.recent_files.empty())) {
      for (const std::string& file : ui.recent_files) {
        if (ImGui::MenuItem(file.c_str())) ctx.requests.open_path = file;
      }
      ImGui::EndMenu();
    }
    if (ImGui::MenuItem("Open the bundled tour")) ctx.requests.open_tour = true;
    if (ctx.live && ImGui::MenuItem("Live capture\u2026", "Ctrl+L")) ctx.live->panel().open = true;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) ctx.requests.quit = true;
    ImGui::EndMenu();
  }
  ctx.log.item("menu-file");
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Dark theme", nullptr, ui.display.theme == ThemeKind::kDark)) {
      ui.display.theme = ThemeKind::kDark;
    }
    if (ImGui::MenuItem("Light theme", nullptr, ui.display.theme == ThemeKind::kLight)) {
      ui.display.theme = ThemeKind::kLight;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Presentation mode", "F5", ui.display.presentation)) {
      ctx.requests.toggle_presentation = true;
    }
    if (ImGui::MenuItem("Larger text", "Ctrl +")) ctx.requests.font_steps = 1;
    if (ImGui::MenuItem("Smaller text", "Ctrl -")) ctx.requests.font_steps = -1;
    if (ImGui::MenuItem("Normal text size", "Ctrl 0")) ctx.requests.reset_font = true;
    ImGui::Separator();
    ImGui::MenuItem("Sniffer's eye", "Ctrl+E", &ui.sniffers_eye);
    ImGui::EndMenu();
  }
  // Two journeys side by side on one clock (views/compare_view.*).
  if (ImGui::BeginMenu("Compare")) {
    if (ImGui::MenuItem("The tour without and with TLS")) ctx.requests.compare_tours = true;
    ctx.log.item("menu-compare-tours");
    if (ImGui::MenuItem("This capture beside another\u2026")) {
      ui.file_browser.open_requested = true;
      ui.file_browser.for_compare = true;
    }
    ctx.log.item("menu-compare-capture");
    // The selected session (or #1) beside the next one.
    const SessionEntry* selected = ctx.model.session(ui.selection.session);
    const std::uint64_t first = selected ? selected->number : 1;
    const std::uint64_t count = ctx.model.sessions.size();
    if (ImGui::MenuItem("Two sessions of this capture", nullptr, false, count >= 2)) {
      ctx.requests.compare_sessions = std::pair(first, first < count ? first + 1 : first - 1);
    }
    ctx.log.item("menu-compare-sessions");
    ImGui::Separator();
    if (ImGui::MenuItem("Close the comparison", nullptr, false, ui.compare.active)) {
      ctx.requests.close_compare = true;
    }
    ctx.log.item("menu-compare-close");
    ImGui::EndMenu();
  }
  ctx.log.item("menu-compare");
  if (ImGui::BeginMenu("Secrets")) {
    if (ImGui::MenuItem("Reveal all secrets", nullptr, ui.reveal.all)) {
      ui.reveal.all = !ui.reveal.all;
    }
    if (ImGui::MenuItem("Mask all secrets", nullptr, false, ui.reveal.any())) ui.reveal = {};
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

}  // namespace mailscope::gui
