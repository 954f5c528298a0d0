#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// File (open, recent, tour, quit), View (theme, presentation, text size, sniffer's eye) and
// Secrets (reveal or mask all), with their keyboard shortcuts.
void draw_menu_bar_view(ViewContext& ctx);

}  // namespace mailscope::gui
