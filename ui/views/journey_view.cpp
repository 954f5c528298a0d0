#include "views/journey_view.hpp"

#include <imgui.h>

namespace mailscope::gui {

void draw_journey_view(ViewContext& ctx) {
  ImGui::Spacing();
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::TextUnformatted("The journey of a message");
  ImGui::PopFont();
  ImGui::TextDisabled(
      "Coming in a later version: the path from the sender's mail client to the reader's, with "
      "each session drawn on its hop (submission, relay, retrieval).");
  ctx.log.set("journey", "placeholder");
}

}  // namespace mailscope::gui
