#pragma once

#include <cstdint>
#include <span>

namespace mailscope::gui {

// The files compiled into the binary (see embedded_assets.c.in).
std::span<const std::uint8_t> embedded_font_sans();       // DejaVuSans.ttf
std::span<const std::uint8_t> embedded_font_mono();       // DejaVuSansMono.ttf
std::span<const std::uint8_t> embedded_tour();            // captures/tour.pcapng
std::span<const std::uint8_t> embedded_protected_tour();  // captures/tour-protected.pcapng

}  // namespace mailscope::gui
