#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "capture/packet.hpp"
#include "model/types.hpp"

namespace mailscope::gui {

// What the packet list shows of one captured frame.
struct PacketRecord {
  Timestamp time;
  std::uint32_t wire_length = 0;
  std::uint32_t captured_length = 0;
  std::uint64_t session = 0;  // internal session id, 0 when the packet carries no mail
  int link_type = 0;
};

// The frames of one capture, numbered 1.. as Wireshark does. A record is kept for every packet
// in 24 bytes (a 1 GiB capture of small packets has 7.6 million), in fixed-size blocks, so the
// store never copies what it holds as it grows (a growing vector would hold twice the records
// for a moment, and up to twice their size for good). Frame bytes are copied into fixed-size
// chunks (never moved once written, so a span handed out stays valid while the store lives)
// for the first frames, until one does not fit in `byte_budget`; the frames after it are
// listed, but their bytes are read back from the file (FrameReader) when a view wants them.
class PacketStore {
 public:
  static constexpr std::uint64_t kDefaultByteBudget = 256ull << 20;  // 256 MiB
  static constexpr std::size_t kRecordsPerBlock = 1u << 16;

  explicit PacketStore(std::uint64_t byte_budget = kDefaultByteBudget)
      : byte_budget_(byte_budget) {}

  void add(const Packet& packet);
  void assign_session(std::uint64_t number, std::uint64_t session);

  std::uint64_t count() const { return count_; }
  // Nothing when `number` is 0 or past the end.
  std::optional<PacketRecord> record(std::uint64_t number) const;
  // Empty when the frame's bytes were not kept (or the frame is empty).
  std::span<const std::uint8_t> kept_bytes(std::uint64_t number) const;
  bool bytes_kept(std::uint64_t number) const;
  std::uint64_t bytes_used() const { return bytes_used_; }
  std::uint64_t byte_budget() const { return byte_budget_; }
  // What the store holds besides the frame bytes: its records and where kept bytes are.
  std::uint64_t record_memory() const;

 private:
  // PacketRecord as stored: the session id in 32 bits (the analysis numbers sessions from 1),
  // the link type in runs (it changes at most between a pcapng file's interfaces).
  struct Stored {
    std::int64_t seconds = 0;
    std::uint32_t nanoseconds = 0;
    std::uint32_t wire_length = 0;
    std::uint32_t captured_length = 0;
    std::uint32_t session = 0;
  };
  static_assert(sizeof(Stored) == 24);
  static constexpr std::size_t kChunkSize = 8u << 20;

  const Stored* stored(std::uint64_t number) const;

  std::uint64_t byte_budget_;
  std::uint64_t bytes_used_ = 0;
  std::uint64_t count_ = 0;
  std::vector<std::unique_ptr<Stored[]>> blocks_;
  // (first packet number, link type) each time the link type changes.
  std::vector<std::pair<std::uint64_t, int>> link_types_;
  // Where the bytes of packet n (1..kept_.size()) start in the chunks: only the first frames
  // are kept, so this covers a prefix of the capture.
  std::vector<std::uint64_t> kept_;
  bool keeping_ = true;  // false once a frame did not fit: no later frame is kept either
  std::vector<std::unique_ptr<std::uint8_t[]>> chunks_;
  std::size_t chunk_fill_ = kChunkSize;  // bytes used in the last chunk (full: allocate anew)
};

}  // namespace mailscope::gui
