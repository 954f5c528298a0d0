#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// Room for the journey view: the path a message takes (client → submission → relay → mailbox
// → reader) with each session drawn on its hop. Filled by a later change; the tab is here so
// the layout does not move when it arrives.
void draw_journey_view(ViewContext& ctx);

}  // namespace mailscope::gui
