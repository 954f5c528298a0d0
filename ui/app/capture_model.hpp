#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/finding_list.hpp"
#include "app/packet_store.hpp"
#include "app/session_detail.hpp"
#include "model/capture_info.hpp"
#include "model/credential.hpp"
#include "model/finding.hpp"
#include "model/session.hpp"

namespace mailscope::gui {

// One mail session with everything the views show of it.
struct SessionEntry {
  Session summary;                       // latest state; summary.id is the analysis' own id
  SessionDetail detail;                  // events and stream segments, in stream order
  std::vector<std::uint64_t> packets;    // packet numbers of the session, ascending
  std::vector<std::size_t> credentials;  // indexes into CaptureModel::credentials
  std::vector<std::size_t> findings;     // indexes into CaptureModel::findings
  std::uint64_t number = 0;              // "#n" as the CLI and the JSON report number it
};

enum class AnalysisState : std::uint8_t { kIdle, kRunning, kDone, kCancelled, kFailed };

// What one opened capture turned into. The analysis worker writes it under its lock; the views
// only read it (under the same lock, for the length of a frame).
struct CaptureModel {
  std::string display_name;  // "tour.pcapng (bundled tour)" or the path as given
  std::string path;          // what the frame reader reopens
  AnalysisState state = AnalysisState::kIdle;
  std::string error;                    // why the capture could not be read (kFailed)
  CaptureInfo info;                     // complete once the analysis ended
  std::vector<SessionEntry> sessions;   // in the order the analysis opened them
  std::vector<Credential> credentials;  // Credential::session is the analysis' own id
  FindingList findings;                 // Finding::session likewise
  PacketStore packets;
  std::uint64_t generation = 0;  // bumped on every change, so views can cache derived orderings

  explicit CaptureModel(std::uint64_t packet_byte_budget = PacketStore::kDefaultByteBudget)
      : packets(packet_byte_budget) {}

  // By the analysis' own session id; nullptr when unknown.
  const SessionEntry* session(std::uint64_t id) const;
  SessionEntry* session(std::uint64_t id);
  // By the number the user sees ("#3"); nullptr when there is none.
  const SessionEntry* session_by_number(std::uint64_t number) const;
  // The credential an event points at (Event::credential is the ordinal within its session).
  const Credential* credential(const SessionEntry& entry, int ordinal) const;
  std::size_t index_of(const SessionEntry& entry) const { return &entry - sessions.data(); }

  // Numbers sessions 1..n in the order of their first packet, as order_by_first_packet does
  // for the CLI's report, so "#3" names the same session in the GUI, the text and the JSON.
  void number_sessions();

  std::unordered_map<std::uint64_t, std::size_t> index_by_id;
};

}  // namespace mailscope::gui
