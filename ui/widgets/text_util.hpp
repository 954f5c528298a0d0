#pragma once

#include <string>
#include <string_view>

namespace mailscope::gui {

// `text` on one table row: control characters (a stray CR, a tab, a NUL from the wire) become
// spaces so the row keeps one line's height, which the list clipper relies on.
std::string one_line(std::string_view text);

}  // namespace mailscope::gui
