#pragma once

#include "app/live_capture.hpp"
#include "views/view_context.hpp"

namespace mailscope::gui {

// The Live panel (File → Live capture…): interface, filter, Start/Stop, the counters (packets,
// bytes, sessions, kernel drops), "Save as pcapng", and the reason a capture could not start.
// A window of its own over the main one; what it captures fills the main window's views.
void draw_live_view(ViewContext& ctx, LiveCapture& live, const LiveSnapshot& snapshot);

// "12.3 KiB", "4.0 MiB": the bytes counter.
std::string human_bytes(std::uint64_t bytes);

}  // namespace mailscope::gui
