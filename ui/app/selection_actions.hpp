#pragma once

#include "app/capture_model.hpp"
#include "app/ui_state.hpp"

namespace mailscope::gui {

// The ways a click changes the selection, shared by the views so a session picked in the
// table and one picked through a finding end up in the same state.

void select_session(UiState& ui, const SessionEntry& entry);
void select_event(UiState& ui, const SessionEntry& entry, std::size_t event_index);
// A finding selects its session, the conversation row and the packet it points at, and
// brings the conversation (or the packet list, if that is open) to them.
void select_finding(UiState& ui, const CaptureModel& model, const Finding& finding);
// The event at `packet` that a finding or a packet click should point at: the line carrying a
// credential first, else the first line the packet completed; nullopt when there is none.
std::optional<std::size_t> event_at_packet(const SessionEntry& entry, std::uint64_t packet);

// The session to show when a capture opens: the first one that leaked a secret, else the first
// that leaked a message, else the first. What a trainer wants on screen without a click.
const SessionEntry* first_session_to_show(const CaptureModel& model);

}  // namespace mailscope::gui
