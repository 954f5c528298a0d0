#include "widgets/splitter.hpp"

#include <imgui.h>

#include <algorithm>

namespace mailscope::gui {

void splitter(const char* id, bool vertical_drag, float& ratio, float total, float min_ratio,
              float max_ratio) {
  const float thickness = std::max(6.0f, ImGui::GetFontSize() * 0.35f);
  const ImVec2 size = vertical_drag ? ImVec2(ImGui::GetContentRegionAvail().x, thickness)
                                    : ImVec2(thickness, ImGui::GetContentRegionAvail().y);
  ImGui::InvisibleButton(id, size);
  const bool active = ImGui::IsItemActive();
  if (ImGui::IsItemHovered() || active) {
    ImGui::SetMouseCursor(vertical_drag ? ImGuiMouseCursor_ResizeNS : ImGuiMouseCursor_ResizeEW);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const ImVec2 centre((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
    const ImU32 colour =
        ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : ImGuiCol_SeparatorHovered);
    if (vertical_drag) {
      ImGui::GetWindowDrawList()->AddLine(ImVec2(min.x, centre.y), ImVec2(max.x, centre.y), colour,
                                          2.0f);
    } else {
      ImGui::GetWindowDrawList()->AddLine(ImVec2(centre.x, min.y), ImVec2(centre.x, max.y), colour,
                                          2.0f);
    }
  }
  if (active && total > 0) {
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    ratio = std::clamp(ratio + (vertical_drag ? delta.y : delta.x) / total, min_ratio, max_ratio);
  }
}

}  // namespace mailscope::gui
