#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// Two journeys side by side on one clock, in place of the panes: the main capture and the one
// opened beside it (ctx.second_model), or two sessions of the main capture. One set of
// controls (play/pause, step, speed, scrub, next finding; Space and the arrows) plays both;
// each pane says whether its mail travelled without or with TLS, and has its own
// eavesdropper's notebook. The timelines start together, each at its own first session, and
// stay aligned by capture time (build_timelines, docs/journey.md).
void draw_compare_view(ViewContext& ctx);

}  // namespace mailscope::gui
