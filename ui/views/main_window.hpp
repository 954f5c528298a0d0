#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The one window: menu bar, banner, the sessions table on top, the selected session's detail
// (conversation, packets, TLS, journey) beside the findings, and the status bar. When the
// capture could not be read, a message in place of the panes says why; the app stays open.
void draw_main_window(ViewContext& ctx);

}  // namespace mailscope::gui
