#pragma once

#include <imgui.h>

namespace mailscope::gui {

// A button that shows its state: filled with `on_colour` (and dark text) when on, plain when
// off. Returns true when clicked. The state must be readable from the back of a classroom.
bool toggle_button(const char* label, bool on, const ImVec4& on_colour,
                   const ImVec4& on_text = ImVec4(0.05f, 0.05f, 0.05f, 1.0f));

}  // namespace mailscope::gui
