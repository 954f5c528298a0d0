#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The top of the window: in one sentence, which sessions leaked what; beneath it the switches
// a trainer uses live (secrets masked or visible, sniffer's eye, presentation mode), each
// showing its state.
void draw_banner_view(ViewContext& ctx);

}  // namespace mailscope::gui
