#include "app/embedded_assets.hpp"

extern "C" {
extern const std::uint8_t mailscope_asset_font_sans[];
extern const std::uint64_t mailscope_asset_font_sans_size;
extern const std::uint8_t mailscope_asset_font_mono[];
extern const std::uint64_t mailscope_asset_font_mono_size;
extern const std::uint8_t mailscope_asset_tour[];
extern const std::uint64_t mailscope_asset_tour_size;
extern const std::uint8_t mailscope_asset_tour_protected[];
extern const std::uint64_t mailscope_asset_tour_protected_size;
}

namespace mailscope::gui {

std::span<const std::uint8_t> embedded_font_sans() {
  return {mailscope_asset_font_sans, mailscope_asset_font_sans_size};
}
std::span<const std::uint8_t> embedded_font_mono() {
  return {mailscope_asset_font_mono, mailscope_asset_font_mono_size};
}
std::span<const std::uint8_t> embedded_tour() {
  return {mailscope_asset_tour, mailscope_asset_tour_size};
}
std::span<const std::uint8_t> embedded_protected_tour() {
  return {mailscope_asset_tour_protected, mailscope_asset_tour_protected_size};
}

}  // namespace mailscope::gui
