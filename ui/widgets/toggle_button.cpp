#include "widgets/toggle_button.hpp"

namespace mailscope::gui {

bool toggle_button(const char* label, bool on, const ImVec4& on_colour, const ImVec4& on_text) {
  if (on) {
    ImGui::PushStyleColor(ImGuiCol_Button, on_colour);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, on_colour);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, on_colour);
    ImGui::PushStyleColor(ImGuiCol_Text, on_text);
  }
  const bool clicked = ImGui::Button(label);
  if (on) ImGui::PopStyleColor(4);
  return clicked;
}

}  // namespace mailscope::gui
