#pragma once

#include <imgui.h>

namespace mailscope::gui {

// The fonts the views use, all from the DejaVu files compiled into the binary.
struct FontSet {
  ImFont* text = nullptr;     // DejaVu Sans: the interface
  ImFont* mono = nullptr;     // DejaVu Sans Mono: protocol lines, hex dump, sniffer's eye
  ImFont* heading = nullptr;  // DejaVu Sans, larger: the summary banner and empty-state titles
  float size = 0;
};

// Clears `atlas` and loads the fonts at `size` pixels: Latin-1 and Latin Extended-A (German,
// French, ...), punctuation (• — …), arrows and the few symbols the views draw (✓ ✗ ⚠).
// Rebuilding at a new size rather than scaling keeps the letters sharp on a projector; the
// caller re-uploads the texture.
FontSet load_fonts(ImFontAtlas& atlas, float size);

}  // namespace mailscope::gui
