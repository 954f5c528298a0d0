#include "app/capture_model.hpp"

#include <algorithm>
#include <numeric>

namespace mailscope::gui {

const SessionEntry* CaptureModel::session(std::uint64_t id) const {
  auto it = index_by_id.find(id);
  return it == index_by_id.end() ? nullptr : &sessions[it->second];
}

SessionEntry* CaptureModel::session(std::uint64_t id) {
  auto it = index_by_id.find(id);
  return it == index_by_id.end() ? nullptr : &sessions[it->second];
}

const SessionEntry* CaptureModel::session_by_number(std::uint64_t number) const {
  for (const SessionEntry& e : sessions) {
    if (e.number == number) return &e;
  }
  return nullptr;
}

const Credential* CaptureModel::credential(const SessionEntry& entry, int ordinal) const {
  for (std::size_t i : entry.credentials) {
    if (credentials[i].ordinal == ordinal) return &credentials[i];
  }
  return nullptr;
}

void CaptureModel::number_sessions() {
  std::vector<std::size_t> order(sessions.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // A packet belongs to one connection, so first packets never tie.
  std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
    return sessions[a].summary.first_packet < sessions[b].summary.first_packet;
  });
  for (std::size_t rank = 0; rank < order.size(); ++rank)
    sessions[order[rank]].number = rank + 1;
}

}  // namespace mailscope::gui
