#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "capture/packet.hpp"
#include "model/types.hpp"

namespace mailscope::gui {

// What the packet list shows of one captured frame. Kept for every packet (about 40 bytes
// each); the frame bytes themselves only while they fit in the store's budget.
struct PacketRecord {
  Timestamp time;
  std::uint32_t wire_length = 0;
  std::uint32_t captured_length = 0;
  std::uint64_t session = 0;  // internal session id, 0 when the packet carries no mail
  std::uint64_t bytes_at = kNotKept;
  int link_type = 0;

  static constexpr std::uint64_t kNotKept = ~std::uint64_t{0};
};

// The frames of one capture, numbered 1.. as Wireshark does. Bytes are copied into fixed-size
// chunks (never moved once written, so a span handed out stays valid while the store lives)
// until `byte_budget` is used up; later frames are listed but their bytes must be read back
// from the file (FrameReader) when a view wants them.
class PacketStore {
 public:
  static constexpr std::uint64_t kDefaultByteBudget = 256ull << 20;  // 256 MiB

  explicit PacketStore(std::uint64_t byte_budget = kDefaultByteBudget)
      : byte_budget_(byte_budget) {}

  void add(const Packet& packet);
  void assign_session(std::uint64_t number, std::uint64_t session);

  std::uint64_t count() const { return records_.size(); }
  // nullptr when `number` is 0 or past the end.
  const PacketRecord* record(std::uint64_t number) const;
  // Empty when the frame's bytes were not kept (or the frame is empty).
  std::span<const std::uint8_t> kept_bytes(std::uint64_t number) const;
  bool bytes_kept(std::uint64_t number) const;
  std::uint64_t bytes_used() const { return bytes_used_; }
  std::uint64_t byte_budget() const { return byte_budget_; }

 private:
  static constexpr std::size_t kChunkSize = 8u << 20;

  std::uint64_t byte_budget_;
  std::uint64_t bytes_used_ = 0;
  std::vector<PacketRecord> records_;
  std::vector<std::unique_ptr<std::uint8_t[]>> chunks_;
  std::size_t chunk_fill_ = kChunkSize;  // bytes used in the last chunk (full: allocate anew)
};

}  // namespace mailscope::gui
