#pragma once

#include <imgui.h>

#include "app/ui_state.hpp"

namespace mailscope::gui {

// Colours that carry meaning, named for what they say rather than how they look, so the
// light, dark and high-contrast themes stay consistent. "exposed" is what a sniffer reads,
// "sealed" what TLS hides.
struct Palette {
  ImVec4 text;
  ImVec4 text_muted;
  ImVec4 exposed;      // plaintext sessions, leaked secrets, critical findings
  ImVec4 exposed_row;  // background of a row that carries a secret
  ImVec4 sealed;       // TLS: closed padlock, encrypted records
  ImVec4 warning;
  ImVec4 info;
  ImVec4 client;       // client -> server lines
  ImVec4 server;       // server -> client lines
  ImVec4 secret_text;  // a revealed or masked secret
  ImVec4 secret_background;
  ImVec4 ciphertext;    // bytes a sniffer cannot read
  ImVec4 header_bytes;  // link/IP/TCP headers in the hex dump
  ImVec4 selection;
  ImVec4 banner_background;
};

// Sets ImGui's style for the theme and returns the palette the views draw with.
// `high_contrast`: presentation mode on a projector (pure background, stronger colours, borders).
Palette apply_theme(ThemeKind kind, bool high_contrast, float font_size);

inline ImU32 to_u32(const ImVec4& c) {
  return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace mailscope::gui
