#pragma once

namespace mailscope::gui {

// A bar the user drags to share space between two panes. `ratio` is the first pane's share of
// `total` pixels, kept within [min_ratio, max_ratio]. Horizontal bar (panes above and below)
// when `vertical_drag`, else a vertical one (panes left and right).
void splitter(const char* id, bool vertical_drag, float& ratio, float total, float min_ratio,
              float max_ratio);

}  // namespace mailscope::gui
