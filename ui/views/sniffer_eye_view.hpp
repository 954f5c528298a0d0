#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The sniffer's eye: a session's bytes exactly as they crossed the wire, packet after packet.
// Plain text stays readable, TLS ciphertext shows as the noise it is to a sniffer, and a secret
// is highlighted (masked unless revealed) where it sits in the bytes.
void draw_sniffer_eye_view(ViewContext& ctx, const SessionEntry& entry);

// How one byte looks in the sniffer's eye: printable ASCII as itself, anything else as "·".
// Exposed for the tests.
char32_t sniffer_glyph(std::uint8_t byte);

}  // namespace mailscope::gui
