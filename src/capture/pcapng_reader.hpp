#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"

namespace mailscope {

// A small pcapng block reader, used only for the files libpcap refuses: libpcap 1.10 gives one
// link type per pcap_t and rejects a pcapng whose interfaces differ (e.g. `mergecap` of an
// Ethernet capture and a `tcpdump -i any` capture), yet such files are common. Each packet
// carries the link type of its own interface here.
//
// Reads SHB (either byte order, several sections), IDB (with if_tsresol and if_tsoffset), EPB,
// SPB and the obsolete PB; skips other blocks. A block whose length lies ends the input with a
// warning.
class PcapngReader final : public PacketSource {
 public:
  PcapngReader(const std::string& path, std::uint64_t size);
  ~PcapngReader() override;
  PcapngReader(const PcapngReader&) = delete;
  PcapngReader& operator=(const PcapngReader&) = delete;

  bool next(Packet& packet) override;
  std::string name() const override { return path_; }
  std::string format() const override { return "pcapng"; }
  std::string link_types() const override;
  std::uint64_t position() const override { return position_; }
  std::uint64_t size() const override { return size_; }

 private:
  struct Interface {
    int link_type = 0;  // as a DLT value
    std::uint64_t units_per_second = 1000000;
    std::int64_t offset_seconds = 0;
  };

  bool read_block(std::uint32_t& type);
  std::uint32_t u32(std::size_t at) const;
  std::uint16_t u16(std::size_t at) const;
  void parse_interface();
  Timestamp to_time(const Interface& iface, std::uint64_t units) const;
  void stop(const std::string& why);

  std::string path_;
  std::FILE* file_ = nullptr;
  std::uint64_t size_ = 0;
  std::uint64_t position_ = 0;
  bool swapped_ = false;
  bool done_ = false;
  std::vector<std::uint8_t> block_;  // the current block body, reused
  std::vector<Interface> interfaces_;
  std::vector<int> seen_link_types_;
  std::uint64_t number_ = 0;
};

}  // namespace mailscope
