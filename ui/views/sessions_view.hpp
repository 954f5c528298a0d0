#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The sessions table: one row a mail session, with its protocol, hop, endpoints, transport
// (closed or open padlock) and what it leaked. Sortable by every column, filterable by text.
void draw_sessions_view(ViewContext& ctx);

// The rows the table shows for `filter` and `only_leaks`, in model order (the table sorts
// them afterwards). Exposed for the tests.
bool session_matches(const CaptureModel& model, const SessionEntry& entry, std::string_view filter,
                     bool only_leaks);

}  // namespace mailscope::gui
