#include "style/theme.hpp"

#include <algorithm>

namespace mailscope::gui {
namespace {

ImVec4 rgb(int hex, float alpha = 1.0f) {
  return ImVec4(static_cast<float>((hex >> 16) & 0xff) / 255.0f,
                static_cast<float>((hex >> 8) & 0xff) / 255.0f,
                static_cast<float>(hex & 0xff) / 255.0f, alpha);
}

Palette dark_palette(bool high_contrast) {
  Palette p;
  p.text = high_contrast ? rgb(0xffffff) : rgb(0xe6e8ee);
  p.text_muted = high_contrast ? rgb(0xc4c8d2) : rgb(0x9aa1b1);
  p.exposed = high_contrast ? rgb(0xff5c5c) : rgb(0xf06a6a);
  p.exposed_row = high_contrast ? rgb(0x7a1010, 0.85f) : rgb(0x6b2020, 0.55f);
  p.sealed = high_contrast ? rgb(0x4cf08a) : rgb(0x5fd38d);
  p.warning = high_contrast ? rgb(0xffc640) : rgb(0xf0b549);
  p.info = high_contrast ? rgb(0x7cc4ff) : rgb(0x6fb0ea);
  p.client = high_contrast ? rgb(0x8fd0ff) : rgb(0x7db8f0);
  p.server = high_contrast ? rgb(0xf0b0ff) : rgb(0xd39cf0);
  p.secret_text = rgb(0x1b1400);
  p.secret_background = high_contrast ? rgb(0xffd400) : rgb(0xf5c542);
  p.ciphertext = high_contrast ? rgb(0x3fbf72) : rgb(0x3e9e66);
  p.header_bytes = high_contrast ? rgb(0xa0a6b4) : rgb(0x737b8c);
  p.selection = high_contrast ? rgb(0x2f6fd6, 0.85f) : rgb(0x3b6fc2, 0.6f);
  p.banner_background = high_contrast ? rgb(0x000000) : rgb(0x23262e);
  return p;
}

Palette light_palette(bool high_contrast) {
  Palette p;
  p.text = high_contrast ? rgb(0x000000) : rgb(0x1d2129);
  p.text_muted = high_contrast ? rgb(0x3a3f4a) : rgb(0x5d6575);
  p.exposed = high_contrast ? rgb(0xb00000) : rgb(0xc62828);
  p.exposed_row = high_contrast ? rgb(0xffb3b3, 0.9f) : rgb(0xffcdcd, 0.8f);
  p.sealed = high_contrast ? rgb(0x006b2a) : rgb(0x1e7d3e);
  p.warning = high_contrast ? rgb(0x8a5200) : rgb(0xa86400);
  p.info = high_contrast ? rgb(0x00449e) : rgb(0x1f5fb8);
  p.client = high_contrast ? rgb(0x00449e) : rgb(0x1f5fb8);
  p.server = high_contrast ? rgb(0x6a1b9a) : rgb(0x7b3fa0);
  p.secret_text = rgb(0x1b1400);
  p.secret_background = high_contrast ? rgb(0xffd400) : rgb(0xffd54f);
  p.ciphertext = high_contrast ? rgb(0x1f7a3f) : rgb(0x3f8f5a);
  p.header_bytes = high_contrast ? rgb(0x4a505c) : rgb(0x8a91a0);
  p.selection = high_contrast ? rgb(0x7fb0ff, 0.9f) : rgb(0xa9c8f5, 0.9f);
  p.banner_background = high_contrast ? rgb(0xffffff) : rgb(0xeef1f6);
  return p;
}

}  // namespace

Palette apply_theme(ThemeKind kind, bool high_contrast, float font_size) {
  ImGuiStyle style;
  const bool dark = kind == ThemeKind::kDark;
  if (dark) {
    ImGui::StyleColorsDark(&style);
  } else {
    ImGui::StyleColorsLight(&style);
  }
  Palette p = dark ? dark_palette(high_contrast) : light_palette(high_contrast);

  // Spacing grows with the type, so presentation mode is not just bigger letters in a crowd.
  const float unit = std::max(1.0f, font_size / 17.0f);
  style.WindowPadding = ImVec2(8 * unit, 6 * unit);
  style.FramePadding = ImVec2(7 * unit, 4 * unit);
  style.ItemSpacing = ImVec2(8 * unit, 5 * unit);
  style.CellPadding = ImVec2(6 * unit, 3 * unit);
  style.ScrollbarSize = 15 * unit;
  style.GrabMinSize = 12 * unit;
  style.WindowRounding = 0;
  style.ChildRounding = 3;
  style.FrameRounding = 3;
  style.TabRounding = 3;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.FrameBorderSize = high_contrast ? 1.0f : 0.0f;
  style.TabBorderSize = high_contrast ? 1.0f : 0.0f;

  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = p.text;
  c[ImGuiCol_TextDisabled] = p.text_muted;
  if (dark) {
    const ImVec4 window = high_contrast ? rgb(0x000000) : rgb(0x181a20);
    const ImVec4 panel = high_contrast ? rgb(0x0b0b0b) : rgb(0x1e2128);
    c[ImGuiCol_WindowBg] = window;
    c[ImGuiCol_ChildBg] = panel;
    c[ImGuiCol_PopupBg] = high_contrast ? rgb(0x101010) : rgb(0x23262e);
    c[ImGuiCol_MenuBarBg] = high_contrast ? rgb(0x101010) : rgb(0x23262e);
    c[ImGuiCol_Border] = high_contrast ? rgb(0x9aa0ad) : rgb(0x363b47);
    c[ImGuiCol_FrameBg] = high_contrast ? rgb(0x1a1a1a) : rgb(0x2a2e38);
    c[ImGuiCol_FrameBgHovered] = rgb(0x343a48);
    c[ImGuiCol_FrameBgActive] = rgb(0x3c4456);
    c[ImGuiCol_TableHeaderBg] = high_contrast ? rgb(0x202020) : rgb(0x272b35);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = high_contrast ? rgb(0xffffff, 0.06f) : rgb(0xffffff, 0.03f);
    c[ImGuiCol_TableBorderStrong] = high_contrast ? rgb(0x9aa0ad) : rgb(0x3a3f4c);
    c[ImGuiCol_TableBorderLight] = high_contrast ? rgb(0x5a606d) : rgb(0x2e323d);
    c[ImGuiCol_Button] = high_contrast ? rgb(0x203a66) : rgb(0x2d3b55);
    c[ImGuiCol_ButtonHovered] = rgb(0x3a5483);
    c[ImGuiCol_ButtonActive] = rgb(0x4766a0);
    c[ImGuiCol_Tab] = high_contrast ? rgb(0x1a1a1a) : rgb(0x252a34);
    c[ImGuiCol_TabHovered] = rgb(0x3a5483);
    c[ImGuiCol_TabActive] = high_contrast ? rgb(0x2f4f86) : rgb(0x34476b);
    c[ImGuiCol_TitleBg] = panel;
    c[ImGuiCol_TitleBgActive] = panel;
  } else {
    const ImVec4 window = high_contrast ? rgb(0xffffff) : rgb(0xf6f7f9);
    const ImVec4 panel = high_contrast ? rgb(0xffffff) : rgb(0xffffff);
    c[ImGuiCol_WindowBg] = window;
    c[ImGuiCol_ChildBg] = panel;
    c[ImGuiCol_PopupBg] = rgb(0xffffff);
    c[ImGuiCol_MenuBarBg] = high_contrast ? rgb(0xe8e8e8) : rgb(0xe9ecf1);
    c[ImGuiCol_Border] = high_contrast ? rgb(0x000000, 0.7f) : rgb(0xc9ced8);
    c[ImGuiCol_FrameBg] = high_contrast ? rgb(0xffffff) : rgb(0xe9ecf1);
    c[ImGuiCol_TableHeaderBg] = high_contrast ? rgb(0xdcdcdc) : rgb(0xe3e7ee);
    c[ImGuiCol_TableRowBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_TableRowBgAlt] = high_contrast ? rgb(0x000000, 0.06f) : rgb(0x000000, 0.025f);
    c[ImGuiCol_TableBorderStrong] = high_contrast ? rgb(0x000000, 0.7f) : rgb(0xc4c9d3);
    c[ImGuiCol_TableBorderLight] = high_contrast ? rgb(0x000000, 0.35f) : rgb(0xdde1e8);
    c[ImGuiCol_Button] = high_contrast ? rgb(0xc8d8f5) : rgb(0xdbe5f6);
    c[ImGuiCol_ButtonHovered] = rgb(0xb9cff2);
    c[ImGuiCol_ButtonActive] = rgb(0x9dbbeb);
    c[ImGuiCol_Tab] = high_contrast ? rgb(0xdcdcdc) : rgb(0xe3e7ee);
    c[ImGuiCol_TabHovered] = rgb(0xb9cff2);
    c[ImGuiCol_TabActive] = high_contrast ? rgb(0xa9c4f0) : rgb(0xc7d9f5);
  }
  c[ImGuiCol_Header] = p.selection;
  c[ImGuiCol_HeaderHovered] = ImVec4(p.selection.x, p.selection.y, p.selection.z, 0.45f);
  c[ImGuiCol_HeaderActive] = p.selection;
  c[ImGuiCol_CheckMark] = p.text;
  c[ImGuiCol_PlotHistogram] = p.info;
  ImGui::GetStyle() = style;
  return p;
}

}  // namespace mailscope::gui
