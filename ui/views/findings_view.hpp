#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The lessons of the capture: severity and one sentence each, ordered like the CLI's report
// (by session, then packet). A click selects the session, the conversation row and the packet.
void draw_findings_view(ViewContext& ctx);

}  // namespace mailscope::gui
