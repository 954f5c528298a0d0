#pragma once

#include "views/view_context.hpp"

namespace mailscope::gui {

// The selected session as a dialogue: one row a command, a reply, a message's content or a TLS
// record, as the sniffer reads it. Credential lines are highlighted, masked unless revealed, and
// decoded beside the raw line; after STARTTLS (or under implicit TLS) the rows become
// "encrypted record, N bytes". With the sniffer's eye on, the raw bytes replace the rows.
void draw_conversation_view(ViewContext& ctx);

// The header above the dialogue (and the packets and TLS views): which session, how it was
// protected, its credentials with their reveal buttons.
void draw_session_header(ViewContext& ctx, const SessionEntry& entry);

}  // namespace mailscope::gui
