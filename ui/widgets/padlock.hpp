#pragma once

#include <imgui.h>

namespace mailscope::gui {

// A padlock drawn with ImDrawList: the fonts have no padlock glyph (U+1F512 lies outside the
// 16-bit range Debian's ImGui is built for). Closed: TLS protects the bytes; open: they cross
// in clear. Takes the height of one text line at the cursor, like a glyph would.
void padlock(bool closed, ImU32 colour);

// The same icon at an explicit place and height (for larger headings).
void draw_padlock(ImDrawList* list, ImVec2 top_left, float height, bool closed, ImU32 colour);

}  // namespace mailscope::gui
