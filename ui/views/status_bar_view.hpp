#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The bottom line: what the capture is (format, link type, packets, time span, warnings),
// and while the analysis runs, its progress with a Cancel button.
void draw_status_bar_view(ViewContext& ctx);

}  // namespace mailscope::gui
