#include "app/model_recorder.hpp"

#include <algorithm>

namespace mailscope::gui {

SessionEntry& ModelRecorder::entry_for(const Session& session) {
  if (SessionEntry* e = model_.session(session.id)) return *e;
  model_.index_by_id.emplace(session.id, model_.sessions.size());
  SessionEntry& e = model_.sessions.emplace_back();
  e.summary = session;
  // Provisional until the end of the analysis, when number_sessions() orders by first packet.
  e.number = model_.sessions.size();
  return e;
}

void ModelRecorder::on_packet(const Packet& packet) {
  ChangeGuard guard(lock_);
  model_.packets.add(packet);
  model_.info.packets = model_.packets.count();
  ++model_.generation;
}

void ModelRecorder::on_session_packet(const Session& session, std::uint64_t packet_number) {
  ChangeGuard guard(lock_);
  SessionEntry& e = entry_for(session);
  e.packets.push_back(packet_number);
  model_.packets.assign_session(packet_number, session.id);
  ++model_.generation;
}

void ModelRecorder::on_session_open(const Session& session) {
  ChangeGuard guard(lock_);
  entry_for(session).summary = session;
  ++model_.generation;
}

void ModelRecorder::on_session_update(const Session& session) {
  ChangeGuard guard(lock_);
  entry_for(session).summary = session;
  ++model_.generation;
}

void ModelRecorder::on_session_close(const Session& session) {
  ChangeGuard guard(lock_);
  SessionEntry& e = entry_for(session);
  e.summary = session;
  // A closed session grows no more (a late ACK at most): give back what the vectors reserved
  // as they doubled, on average a quarter of them, which over a big capture's hundreds of
  // thousands of sessions is hundreds of MiB.
  e.detail.events.shrink_to_fit();
  e.detail.segments.shrink_to_fit();
  e.packets.shrink_to_fit();
  ++model_.generation;
}

void ModelRecorder::on_event(const Session& session, const Event& event) {
  ChangeGuard guard(lock_);
  entry_for(session).detail.events.push_back(event);
  ++model_.generation;
}

void ModelRecorder::on_segment(const Session& session, const StreamSegment& segment) {
  ChangeGuard guard(lock_);
  entry_for(session).detail.segments.push_back(segment);
  ++model_.generation;
}

void ModelRecorder::on_credential(const Credential& credential) {
  ChangeGuard guard(lock_);
  model_.credentials.push_back(credential);
  if (SessionEntry* e = model_.session(credential.session)) {
    e->credentials.push_back(model_.credentials.size() - 1);
  }
  ++model_.generation;
}

void ModelRecorder::on_finding(const Finding& finding) {
  ChangeGuard guard(lock_);
  model_.findings.push_back(finding);
  if (SessionEntry* e = model_.session(finding.session)) {
    e->findings.push_back(model_.findings.size() - 1);
  }
  ++model_.generation;
}

void ModelRecorder::on_capture_end(const CaptureInfo& info) {
  ChangeGuard guard(lock_);
  model_.info = info;
  for (SessionEntry& e : model_.sessions) {
    // Packets held back during protocol detection arrive late: keep the list ascending.
    std::sort(e.packets.begin(), e.packets.end());
    e.packets.erase(std::unique(e.packets.begin(), e.packets.end()), e.packets.end());
  }
  model_.number_sessions();
  ++model_.generation;
}

}  // namespace mailscope::gui
