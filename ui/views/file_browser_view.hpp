#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// "Open a capture": a folder listing (captures only, or every file), a path field to type or
// paste into, and the recent files. Opening asks the app to load the file (AppRequests).
void draw_file_browser_view(ViewContext& ctx);

// True for the names the browser lists by default (.pcap, .pcapng, .cap, .dmp).
bool looks_like_capture(std::string_view name);

}  // namespace mailscope::gui
