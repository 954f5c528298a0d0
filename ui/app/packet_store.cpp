#include "app/packet_store.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace mailscope::gui {

void PacketStore::add(const Packet& packet) {
  const std::uint64_t number = count_ + 1;
  if (count_ % kRecordsPerBlock == 0)
    blocks_.push_back(std::make_unique<Stored[]>(kRecordsPerBlock));
  Stored& r = blocks_.back()[count_ % kRecordsPerBlock];
  r.seconds = packet.time.seconds;
  r.nanoseconds = packet.time.nanoseconds;
  r.wire_length = packet.wire_length;
  r.captured_length = static_cast<std::uint32_t>(packet.data.size());
  r.session = 0;
  if (link_types_.empty() || link_types_.back().second != packet.link_type) {
    link_types_.emplace_back(number, packet.link_type);
  }
  ++count_;

  const std::size_t size = packet.data.size();
  if (!keeping_) return;
  if (size > kChunkSize || bytes_used_ + size > byte_budget_) {
    keeping_ = false;
    return;
  }
  if (size > 0) {
    if (chunk_fill_ + size > kChunkSize) {
      // A frame never straddles two chunks: the rest of the old chunk is left unused.
      chunks_.push_back(std::make_unique<std::uint8_t[]>(kChunkSize));
      chunk_fill_ = 0;
    }
    std::memcpy(chunks_.back().get() + chunk_fill_, packet.data.data(), size);
  }
  kept_.push_back(chunks_.empty() ? 0 : (chunks_.size() - 1) * kChunkSize + chunk_fill_);
  chunk_fill_ += size;
  bytes_used_ += size;
}

void PacketStore::assign_session(std::uint64_t number, std::uint64_t session) {
  if (number == 0 || number > count_) return;
  // Ids past 32 bits (4 billion sessions) do not occur; such a packet shows as "not mail".
  const auto id = session <= std::numeric_limits<std::uint32_t>::max()
                      ? static_cast<std::uint32_t>(session)
                      : 0u;
  blocks_[(number - 1) / kRecordsPerBlock][(number - 1) % kRecordsPerBlock].session = id;
}

const PacketStore::Stored* PacketStore::stored(std::uint64_t number) const {
  if (number == 0 || number > count_) return nullptr;
  return &blocks_[(number - 1) / kRecordsPerBlock][(number - 1) % kRecordsPerBlock];
}

std::optional<PacketRecord> PacketStore::record(std::uint64_t number) const {
  const Stored* s = stored(number);
  if (!s) return std::nullopt;
  PacketRecord r;
  r.time = {s->seconds, s->nanoseconds};
  r.wire_length = s->wire_length;
  r.captured_length = s->captured_length;
  r.session = s->session;
  auto run = std::upper_bound(link_types_.begin(), link_types_.end(), number,
                              [](std::uint64_t n, const auto& run) { return n < run.first; });
  r.link_type = std::prev(run)->second;  // the first run starts at packet 1
  return r;
}

bool PacketStore::bytes_kept(std::uint64_t number) const {
  const Stored* s = stored(number);
  return s && number <= kept_.size() && s->captured_length > 0;
}

std::span<const std::uint8_t> PacketStore::kept_bytes(std::uint64_t number) const {
  if (!bytes_kept(number)) return {};
  const std::uint64_t at = kept_[number - 1];
  const std::uint8_t* chunk = chunks_[at / kChunkSize].get();
  return {chunk + at % kChunkSize, stored(number)->captured_length};
}

std::uint64_t PacketStore::record_memory() const {
  return blocks_.size() * kRecordsPerBlock * sizeof(Stored) +
         kept_.capacity() * sizeof(std::uint64_t) + link_types_.capacity() * sizeof(link_types_[0]);
}

}  // namespace mailscope::gui
