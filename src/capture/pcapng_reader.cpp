#include "capture/pcapng_reader.hpp"

#include <pcap/pcap.h>

#include <algorithm>
#include <cstring>

#include "capture/link_type_ids.hpp"

namespace mailscope {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kObsoletePacket = 2;
constexpr std::uint32_t kSimplePacket = 3;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
// Larger than any real frame plus options; a length beyond it is a lie, not a packet.
constexpr std::uint32_t kMaxBlockLength = 16U * 1024U * 1024U;

std::uint32_t swap32(std::uint32_t v) {
  return __builtin_bswap32(v);
}

}  // namespace

PcapngReader::PcapngReader(const std::string& path, std::uint64_t size) : path_(path), size_(size) {
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw CaptureError(path + ": " + std::strerror(errno));
}

PcapngReader::~PcapngReader() {
  if (file_) std::fclose(file_);
}

void PcapngReader::stop(const std::string& why) {
  warn(why);
  done_ = true;
}

std::uint32_t PcapngReader::u32(std::size_t at) const {
  std::uint32_t v = 0;
  std::memcpy(&v, block_.data() + at, 4);
  return swapped_ ? swap32(v) : v;
}

std::uint16_t PcapngReader::u16(std::size_t at) const {
  std::uint16_t v = 0;
  std::memcpy(&v, block_.data() + at, 2);
  return swapped_ ? static_cast<std::uint16_t>(__builtin_bswap16(v)) : v;
}

// Reads one block; block_ holds its body (between the length fields).
bool PcapngReader::read_block(std::uint32_t& type) {
  std::uint32_t head[2];
  std::size_t got = std::fread(head, 1, sizeof head, file_);
  if (got == 0) return false;
  if (got < sizeof head) {
    stop("pcapng file cut off inside a block header after packet " + std::to_string(number_));
    return false;
  }
  type = head[0];
  std::uint32_t length = head[1];
  if (type == kSectionHeader) {
    // The byte order of a section is known only from its magic, after the length field.
    std::uint32_t magic = 0;
    if (std::fread(&magic, 1, 4, file_) != 4) {
      stop("pcapng section header cut off");
      return false;
    }
    if (magic == kByteOrderMagic) {
      swapped_ = false;
    } else if (magic == swap32(kByteOrderMagic)) {
      swapped_ = true;
    } else {
      stop("pcapng section header has a bad byte-order magic");
      return false;
    }
    if (std::fseek(file_, -4, SEEK_CUR) != 0) {
      stop("pcapng file cannot seek");
      return false;
    }
  } else {
    type = swapped_ ? swap32(type) : type;
  }
  if (swapped_) length = swap32(length);
  if (length < 12 || length % 4 != 0 || length > kMaxBlockLength || position_ + length > size_) {
    stop("pcapng block after packet " + std::to_string(number_) + " claims a length of " +
         std::to_string(length) + " bytes, which the file cannot hold; analysed what came before");
    return false;
  }
  block_.resize(length - 12);
  if (std::fread(block_.data(), 1, block_.size(), file_) != block_.size()) {
    stop("pcapng file cut off in the middle of a block after packet " + std::to_string(number_));
    return false;
  }
  std::uint32_t trailer = 0;
  if (std::fread(&trailer, 1, 4, file_) != 4 || (swapped_ ? swap32(trailer) : trailer) != length) {
    stop("pcapng block after packet " + std::to_string(number_) +
         " has mismatched length fields; analysed what came before");
    return false;
  }
  position_ += length;
  return true;
}

void PcapngReader::parse_interface() {
  Interface iface;
  if (block_.size() < 8) {
    interfaces_.push_back(iface);
    return;
  }
  iface.link_type = linktype_to_dlt(u16(0));
  // Options: code(2) length(2) value padded to 4.
  std::size_t at = 8;
  while (at + 4 <= block_.size()) {
    std::uint16_t code = u16(at);
    std::uint16_t len = u16(at + 2);
    std::size_t value = at + 4;
    if (code == 0 || value + len > block_.size()) break;
    if (code == 9 && len >= 1) {  // if_tsresol
      std::uint8_t r = block_[value];
      std::uint8_t exponent = r & 0x7F;
      std::uint64_t units = 1;
      bool ok = true;
      for (std::uint8_t i = 0; i < exponent && ok; ++i) {
        ok = units <= (UINT64_MAX / 10);
        units *= (r & 0x80) ? 2 : 10;
      }
      if (ok && exponent <= 63) iface.units_per_second = units;
    } else if (code == 14 && len == 8) {  // if_tsoffset
      std::int64_t off = 0;
      std::memcpy(&off, block_.data() + value, 8);
      iface.offset_seconds =
          swapped_ ? static_cast<std::int64_t>(__builtin_bswap64(static_cast<std::uint64_t>(off)))
                   : off;
    }
    at = value + ((len + 3U) & ~3U);
  }
  interfaces_.push_back(iface);
  if (std::find(seen_link_types_.begin(), seen_link_types_.end(), iface.link_type) ==
      seen_link_types_.end()) {
    seen_link_types_.push_back(iface.link_type);
  }
}

Timestamp PcapngReader::to_time(const Interface& iface, std::uint64_t units) const {
  std::uint64_t per = iface.units_per_second ? iface.units_per_second : 1000000;
  std::uint64_t secs = units / per;
  std::uint64_t frac = units % per;
  // frac < per, so the product stays exact in long double for any resolution up to 2^-63.
  auto nanos = static_cast<std::uint32_t>(static_cast<long double>(frac) * 1e9L /
                                          static_cast<long double>(per));
  return {static_cast<std::int64_t>(secs) + iface.offset_seconds, nanos};
}

bool PcapngReader::next(Packet& packet) {
  while (!done_) {
    std::uint32_t type = 0;
    if (!read_block(type)) {
      done_ = true;
      return false;
    }
    if (type == kSectionHeader) {
      interfaces_.clear();  // interface ids are per section
      continue;
    }
    if (type == kInterfaceDescription) {
      parse_interface();
      continue;
    }
    std::uint32_t iface_id = 0;
    std::uint64_t units = 0;
    std::uint32_t caplen = 0;
    std::uint32_t origlen = 0;
    std::size_t data_at = 0;
    if (type == kEnhancedPacket && block_.size() >= 20) {
      iface_id = u32(0);
      units = (std::uint64_t{u32(4)} << 32) | u32(8);
      caplen = u32(12);
      origlen = u32(16);
      data_at = 20;
    } else if (type == kObsoletePacket && block_.size() >= 20) {
      iface_id = u16(0);
      units = (std::uint64_t{u32(4)} << 32) | u32(8);
      caplen = u32(12);
      origlen = u32(16);
      data_at = 20;
    } else if (type == kSimplePacket && block_.size() >= 4) {
      origlen = u32(0);
      data_at = 4;
      caplen = static_cast<std::uint32_t>(std::min<std::size_t>(origlen, block_.size() - data_at));
    } else {
      continue;  // statistics, name resolution, custom blocks: nothing for us
    }
    if (iface_id >= interfaces_.size()) {
      stop("pcapng packet refers to interface " + std::to_string(iface_id) +
           ", which the file never described");
      return false;
    }
    if (caplen > block_.size() - data_at) {
      stop("pcapng packet " + std::to_string(number_ + 1) + " claims " + std::to_string(caplen) +
           " captured bytes but its block holds fewer; analysed what came before");
      return false;
    }
    const Interface& iface = interfaces_[iface_id];
    packet.number = ++number_;
    packet.time = to_time(iface, units);
    packet.wire_length = origlen;
    packet.link_type = iface.link_type;
    packet.data = {block_.data() + data_at, caplen};
    return true;
  }
  return false;
}

std::string PcapngReader::link_types() const {
  std::string names;
  for (int dlt : seen_link_types_) {
    if (!names.empty()) names += ",";
    names += link_type_name(dlt);
  }
  return names;
}

}  // namespace mailscope
