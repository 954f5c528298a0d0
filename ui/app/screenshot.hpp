#pragma once

#include <string>

namespace mailscope::gui {

// Reads the back buffer just rendered (before the swap) and writes it as a PNG.
// Returns false, with `error` set, when the file cannot be written.
bool write_screenshot(const std::string& path, int width, int height, std::string& error);

}  // namespace mailscope::gui
