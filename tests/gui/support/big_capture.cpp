#include "support/big_capture.hpp"

#include <pcap/pcap.h>

#include <cstdint>
#include <vector>

namespace mailscope::gui::testing {
namespace {

struct Frame {
  pcap_pkthdr header;
  std::vector<std::uint8_t> bytes;
};

std::uint16_t read16(const std::vector<std::uint8_t>& b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
void write16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v & 0xff);
}

// The client's port is the ephemeral one (above 1024; mail servers listen below).
void shift_client_port(std::vector<std::uint8_t>& b, int copy) {
  if (b.size() < 14 + 20 + 4 || read16(b, 12) != 0x0800) return;  // Ethernet, IPv4
  const std::size_t ip = 14;
  const std::size_t tcp = ip + static_cast<std::size_t>((b[ip] & 0x0f) * 4);
  if (b[ip + 9] != 6 || b.size() < tcp + 4) return;  // TCP
  for (std::size_t at : {tcp, tcp + 2}) {
    const std::uint16_t port = read16(b, at);
    if (port > 1024) write16(b, at, static_cast<std::uint16_t>(1025 + (port + copy * 3) % 64000));
  }
  // The TCP checksum is now wrong; the analysis (like most sniffers) does not check it.
}

}  // namespace

std::size_t write_repeated_capture(const std::string& source, const std::string& out, int copies) {
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* in = pcap_open_offline(source.c_str(), error);
  if (!in) return 0;
  std::vector<Frame> frames;
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(in, &header, &data) == 1) {
    frames.push_back({*header, std::vector<std::uint8_t>(data, data + header->caplen)});
  }
  const int link = pcap_datalink(in);
  pcap_close(in);
  if (frames.empty()) return 0;

  pcap_t* dead = pcap_open_dead(link, 262144);
  pcap_dumper_t* dumper = pcap_dump_open(dead, out.c_str());
  if (!dumper) {
    pcap_close(dead);
    return 0;
  }
  const long span = frames.back().header.ts.tv_sec - frames.front().header.ts.tv_sec + 1;
  std::size_t written = 0;
  for (int copy = 0; copy < copies; ++copy) {
    for (const Frame& f : frames) {
      Frame shifted = f;
      shifted.header.ts.tv_sec += span * copy;
      shift_client_port(shifted.bytes, copy);
      pcap_dump(reinterpret_cast<u_char*>(dumper), &shifted.header, shifted.bytes.data());
      ++written;
    }
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  return written;
}

}  // namespace mailscope::gui::testing
