#include "app/packet_store.hpp"

#include <algorithm>
#include <cstring>

namespace mailscope::gui {

void PacketStore::add(const Packet& packet) {
  PacketRecord r;
  r.time = packet.time;
  r.wire_length = packet.wire_length;
  r.captured_length = static_cast<std::uint32_t>(packet.data.size());
  r.link_type = packet.link_type;
  const std::size_t size = packet.data.size();
  if (size > 0 && size <= kChunkSize && bytes_used_ + size <= byte_budget_) {
    if (chunk_fill_ + size > kChunkSize) {
      // A frame never straddles two chunks: the rest of the old chunk is left unused.
      chunks_.push_back(std::make_unique<std::uint8_t[]>(kChunkSize));
      chunk_fill_ = 0;
    }
    std::memcpy(chunks_.back().get() + chunk_fill_, packet.data.data(), size);
    r.bytes_at = (chunks_.size() - 1) * kChunkSize + chunk_fill_;
    chunk_fill_ += size;
    bytes_used_ += size;
  }
  records_.push_back(r);
}

void PacketStore::assign_session(std::uint64_t number, std::uint64_t session) {
  if (number == 0 || number > records_.size()) return;
  records_[number - 1].session = session;
}

const PacketRecord* PacketStore::record(std::uint64_t number) const {
  if (number == 0 || number > records_.size()) return nullptr;
  return &records_[number - 1];
}

bool PacketStore::bytes_kept(std::uint64_t number) const {
  const PacketRecord* r = record(number);
  return r && r->bytes_at != PacketRecord::kNotKept;
}

std::span<const std::uint8_t> PacketStore::kept_bytes(std::uint64_t number) const {
  const PacketRecord* r = record(number);
  if (!r || r->bytes_at == PacketRecord::kNotKept) return {};
  const std::uint8_t* chunk = chunks_[r->bytes_at / kChunkSize].get();
  return {chunk + r->bytes_at % kChunkSize, r->captured_length};
}

}  // namespace mailscope::gui
