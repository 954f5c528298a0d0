#pragma once

#include <cstdio>
#include <string>

#include "capture/packet.hpp"

namespace mailscope {

// Writes packets as pcapng (libpcap 1.10 writes only pcap): one section, one interface per
// link type met, nanosecond timestamps. Used to keep what a live capture saw (`-w`).
class PcapngWriter {
 public:
  // Throws CaptureError when the file cannot be created.
  PcapngWriter(const std::string& path, const std::string& interface_name);
  ~PcapngWriter();
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  void write(const Packet& packet);
  void flush();

 private:
  std::uint32_t interface_for(int link_type);
  void block(std::uint32_t type, const std::string& body);

  std::FILE* file_ = nullptr;
  std::string path_;
  std::string interface_name_;
  int link_types_[8] = {};
  std::uint32_t interfaces_ = 0;
};

}  // namespace mailscope
