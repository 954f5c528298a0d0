#include "widgets/padlock.hpp"

#include <cmath>
#include <numbers>

namespace mailscope::gui {

void draw_padlock(ImDrawList* list, ImVec2 top_left, float height, bool closed, ImU32 colour) {
  const float h = height;
  const float w = h * 0.78f;
  const float body_top = top_left.y + h * 0.45f;
  const ImVec2 body_min(top_left.x, body_top);
  const ImVec2 body_max(top_left.x + w, top_left.y + h);
  const float thickness = std::max(1.5f, h * 0.12f);

  // Shackle: a half circle on two legs. Open, it is lifted and swung so its right leg leaves
  // the body, which reads as "unlocked" even at text size.
  const float radius = w * 0.30f;
  const float lift = closed ? 0.0f : h * 0.16f;
  const float cx = top_left.x + w * 0.5f + (closed ? 0.0f : w * 0.22f);
  const float arc_y = top_left.y + radius + thickness * 0.5f - lift;
  const float leg_bottom = body_top;
  const float left_x = cx - radius;
  const float right_x = cx + radius;
  list->PathLineTo(ImVec2(left_x, closed ? leg_bottom : leg_bottom - lift * 0.2f));
  list->PathLineTo(ImVec2(left_x, arc_y));
  list->PathArcTo(ImVec2(cx, arc_y), radius, std::numbers::pi_v<float>,
                  2.0f * std::numbers::pi_v<float>, 12);
  list->PathLineTo(ImVec2(right_x, closed ? leg_bottom : arc_y + h * 0.10f));
  list->PathStroke(colour, 0, thickness);

  list->AddRectFilled(body_min, body_max, colour, h * 0.10f);
  // Keyhole, in the background colour so it reads on both themes.
  const ImU32 hole = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const ImVec2 key(top_left.x + w * 0.5f, body_top + (h - (body_top - top_left.y)) * 0.42f);
  list->AddCircleFilled(key, h * 0.07f, hole, 8);
  list->AddRectFilled(ImVec2(key.x - h * 0.03f, key.y),
                      ImVec2(key.x + h * 0.03f, key.y + h * 0.16f), hole);
}

void padlock(bool closed, ImU32 colour) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  draw_padlock(ImGui::GetWindowDrawList(), ImVec2(pos.x, pos.y + h * 0.04f), h * 0.92f, closed,
               colour);
  ImGui::Dummy(ImVec2(h * 0.78f + (closed ? 0.0f : h * 0.22f), h));
}

}  // namespace mailscope::gui
