#pragma once

#include <cstdint>
#include <string>

#include "app/capture_model.hpp"

namespace mailscope::gui {

// What a CaptureModel holds in memory, by structure, counted from the containers' capacities
// and the heap blocks behind them (glibc malloc: 8 bytes of header, 16-byte granules, 32 bytes
// at least). Its figures are an estimate of the heap, not of the process: no allocator
// fragmentation, no code, no fonts. docs/performance.md, "The desktop app on a 1 GiB capture",
// gives them per session; tests/gui/headless/big_capture_test.cpp pins them.
struct ModelMemory {
  std::uint64_t sessions = 0;
  std::uint64_t events = 0;
  std::uint64_t segments = 0;
  std::uint64_t packets = 0;

  std::uint64_t event_records = 0;  // the fixed part of each event
  std::uint64_t event_strings = 0;  // text and detail
  std::uint64_t segment_records = 0;
  std::uint64_t packet_numbers = 0;   // SessionEntry::packets
  std::uint64_t session_entries = 0;  // sizeof(SessionEntry) in the vector, and the id index
  std::uint64_t session_fields = 0;   // Session's strings and vectors: names, capabilities, ...
  std::uint64_t credentials = 0;      // CaptureModel::credentials and the sessions' indexes
  std::uint64_t findings = 0;         // CaptureModel::findings and the sessions' indexes
  std::uint64_t packet_records = 0;   // PacketStore::record_memory()
  std::uint64_t frame_bytes = 0;      // PacketStore::bytes_used()

  std::uint64_t per_session() const;  // everything but packet records and frame bytes
  std::uint64_t total() const;
  // One line per structure, with its share per session: for the docs and the test's log.
  std::string table() const;
};

ModelMemory model_memory(const CaptureModel& model);

// The heap block malloc hands out for `bytes` (0 for 0).
std::uint64_t heap_block(std::uint64_t bytes);

}  // namespace mailscope::gui
