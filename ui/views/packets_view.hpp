#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The packets of the selected session (or of the whole capture), numbered as in Wireshark,
// and a hex/ASCII dump of the selected one with the TCP payload set apart from the headers
// and a credential's bytes highlighted (masked unless revealed).
void draw_packets_view(ViewContext& ctx);

}  // namespace mailscope::gui
