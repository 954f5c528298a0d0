#include "app/selection_actions.hpp"

namespace mailscope::gui {

void select_session(UiState& ui, const SessionEntry& entry) {
  if (ui.selection.session == entry.summary.id) return;
  ui.selection = {};
  ui.selection.session = entry.summary.id;
  ui.sniffer_eye.for_session = 0;
}

void select_event(UiState& ui, const SessionEntry& entry, std::size_t event_index) {
  select_session(ui, entry);
  ui.selection.event = event_index;
  if (event_index < entry.detail.events.size()) {
    ui.selection.packet = entry.detail.events.packet(event_index);
  }
}

std::optional<std::size_t> event_at_packet(const SessionEntry& entry, std::uint64_t packet) {
  const auto& events = entry.detail.events;
  std::optional<std::size_t> first;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events.packet(i) != packet) continue;
    if (events.credential(i) >= 0) return i;
    if (!first) first = i;
  }
  return first;
}

void select_finding(UiState& ui, const CaptureModel& model, const Finding& finding) {
  const SessionEntry* entry = model.session(finding.session);
  if (!entry) return;
  select_session(ui, *entry);
  ui.selection.event = event_at_packet(*entry, finding.packet);
  ui.selection.packet = finding.packet;
  ui.selection.scroll_to_event = true;
  ui.selection.scroll_to_packet = true;
  ui.selection.scroll_to_session = true;
  ui.sniffer_eye.for_session = 0;  // lay out again, and scroll to the packet
  if (ui.tab != DetailTab::kPackets) {
    ui.tab = DetailTab::kConversation;
    ui.tab_forced = true;
  }
}

const SessionEntry* first_session_to_show(const CaptureModel& model) {
  const SessionEntry* best = nullptr;
  int best_rank = 4;
  for (const SessionEntry& e : model.sessions) {
    const int rank = !e.credentials.empty() ? 0 : !e.summary.messages.empty() ? 1 : 2;
    if (rank < best_rank || (rank == best_rank && best && e.number < best->number)) {
      best = &e;
      best_rank = rank;
    }
  }
  return best;
}

}  // namespace mailscope::gui
