#include "capture/pcapng_writer.hpp"

#include <cerrno>
#include <cstring>

#include "capture/packet_source.hpp"

namespace mailscope {
namespace {

void put16(std::string& s, std::uint16_t v) {
  s.append(reinterpret_cast<const char*>(&v), 2);
}
void put32(std::string& s, std::uint32_t v) {
  s.append(reinterpret_cast<const char*>(&v), 4);
}

void option(std::string& s, std::uint16_t code, std::string_view value) {
  put16(s, code);
  put16(s, static_cast<std::uint16_t>(value.size()));
  s.append(value);
  s.append((4 - value.size() % 4) % 4, '\0');
}

constexpr int kDltRaw = 12;  // DLT_RAW: written as LINKTYPE_RAW (101) in files

}  // namespace

PcapngWriter::PcapngWriter(const std::string& path, const std::string& interface_name)
    : path_(path), interface_name_(interface_name) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw CaptureError(path + ": " + std::strerror(errno));
  std::string shb;
  put32(shb, 0x1A2B3C4D);  // byte-order magic: this host's order, as pcapng allows
  put16(shb, 1);
  put16(shb, 0);
  put32(shb, 0xFFFFFFFF);  // section length unknown
  put32(shb, 0xFFFFFFFF);
  option(shb, 4, "mailscope");  // shb_userappl
  put32(shb, 0);                // opt_endofopt
  block(0x0A0D0D0A, shb);
}

PcapngWriter::~PcapngWriter() {
  if (file_) std::fclose(file_);
}

void PcapngWriter::block(std::uint32_t type, const std::string& body) {
  std::uint32_t length = static_cast<std::uint32_t>(body.size() + 12);
  std::fwrite(&type, 4, 1, file_);
  std::fwrite(&length, 4, 1, file_);
  std::fwrite(body.data(), 1, body.size(), file_);
  std::fwrite(&length, 4, 1, file_);
}

std::uint32_t PcapngWriter::interface_for(int link_type) {
  for (std::uint32_t i = 0; i < interfaces_; ++i) {
    if (link_types_[i] == link_type) return i;
  }
  if (interfaces_ == std::size(link_types_)) return 0;
  link_types_[interfaces_] = link_type;
  std::string idb;
  put16(idb, static_cast<std::uint16_t>(link_type == kDltRaw ? 101 : link_type));
  put16(idb, 0);
  put32(idb, 262144);
  option(idb, 2, interface_name_);         // if_name
  option(idb, 9, std::string(1, '\x09'));  // if_tsresol: nanoseconds
  put32(idb, 0);
  block(1, idb);
  return interfaces_++;
}

void PcapngWriter::write(const Packet& packet) {
  std::uint32_t iface = interface_for(packet.link_type);
  std::uint64_t ns =
      static_cast<std::uint64_t>(packet.time.seconds) * 1000000000ULL + packet.time.nanoseconds;
  std::string epb;
  epb.reserve(32 + packet.data.size());
  put32(epb, iface);
  put32(epb, static_cast<std::uint32_t>(ns >> 32));
  put32(epb, static_cast<std::uint32_t>(ns));
  put32(epb, static_cast<std::uint32_t>(packet.data.size()));
  put32(epb, packet.wire_length);
  epb.append(reinterpret_cast<const char*>(packet.data.data()), packet.data.size());
  epb.append((4 - packet.data.size() % 4) % 4, '\0');
  block(6, epb);
}

void PcapngWriter::flush() {
  std::fflush(file_);
}

bool TeeSource::next(Packet& packet) {
  if (!inner_.next(packet)) {
    writer_.flush();
    return false;
  }
  writer_.write(packet);
  return true;
}

}  // namespace mailscope
