#include "style/fonts.hpp"

#include "app/embedded_assets.hpp"

namespace mailscope::gui {
namespace {

// Static: the atlas keeps a pointer to the ranges until it is rebuilt.
constexpr ImWchar kGlyphRanges[] = {
    0x0020, 0x00FF,  // Basic Latin, Latin-1 Supplement (ä ö ü ß é è à ç)
    0x0100, 0x017F,  // Latin Extended-A (œ Œ ...)
    0x2000, 0x206F,  // General Punctuation (• — … ‹ ›)
    0x20A0, 0x20CF,  // Currency symbols (€)
    0x2190, 0x21FF,  // Arrows (→ ← ↵ ⇄)
    0x2500, 0x25FF,  // Box drawing, geometric shapes (● ▸ ▾)
    0x2600, 0x26FF,  // Miscellaneous symbols (⚠)
    0x2700, 0x27BF,  // Dingbats (✓ ✗)
    0,
};

ImFont* add(ImFontAtlas& atlas, std::span<const std::uint8_t> ttf, float size) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes live in the binary's read-only data
  config.OversampleH = 2;
  config.OversampleV = 1;
  // ImGui's API takes non-const data but does not write to it when it does not own it.
  void* data = const_cast<std::uint8_t*>(ttf.data());
  return atlas.AddFontFromMemoryTTF(data, static_cast<int>(ttf.size()), size, &config,
                                    kGlyphRanges);
}

}  // namespace

FontSet load_fonts(ImFontAtlas& atlas, float size) {
  atlas.Clear();
  FontSet fonts;
  fonts.size = size;
  fonts.text = add(atlas, embedded_font_sans(), size);
  fonts.mono = add(atlas, embedded_font_mono(), size);
  fonts.heading = add(atlas, embedded_font_sans(), size * 1.3f);
  atlas.Build();
  return fonts;
}

}  // namespace mailscope::gui
