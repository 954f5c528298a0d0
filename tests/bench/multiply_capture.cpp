// Builds a large benchmark capture from real ones: the sessions of the input captures are
// replayed again and again, each copy with its own addresses and later timestamps, until the
// output reaches the requested size. Every byte of payload (TLS records included) is a byte a
// real client or server sent, so the benchmark measures real work.
//
//   mailscope-multiply-capture --size-mib 1024 --out big.pcap IN.pcap [IN2.pcapng ...]
#include <pcap/pcap.h>

#include <CLI/CLI.hpp>
#include <cstring>
#include <iostream>
#include <vector>

#include "capture/packet_source.hpp"
#include "net/link_layer.hpp"

namespace {

using namespace mailscope;

struct Frame {
  std::vector<std::uint8_t> ip;  // the IP packet, link layer stripped
  bool v6 = false;
  Timestamp time;
};

// Each copy gets its own addresses: the low bytes of every address are mixed with the copy
// number, so both ends of a flow move together and copies never share a 4-tuple.
void readdress(std::vector<std::uint8_t>& ip, bool v6, std::uint32_t copy) {
  auto mix = [copy](std::uint8_t* address, std::size_t size) {
    address[size - 3] ^= static_cast<std::uint8_t>(copy >> 16);
    address[size - 2] ^= static_cast<std::uint8_t>(copy >> 8);
    address[size - 1] ^= static_cast<std::uint8_t>(copy);
  };
  if (v6 && ip.size() >= 40) {
    mix(&ip[8], 16);
    mix(&ip[24], 16);
  } else if (!v6 && ip.size() >= 20) {
    mix(&ip[12], 4);
    mix(&ip[16], 4);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Multiplies real captures into a large benchmark capture"};
  std::vector<std::string> inputs;
  std::string out;
  std::uint64_t size_mib = 1024;
  app.add_option("inputs", inputs, "captures to replay")->required();
  app.add_option("--out", out, "output pcap")->required();
  app.add_option("--size-mib", size_mib, "stop once the output reaches this size");
  CLI11_PARSE(app, argc, argv);

  // Keep every input's IP packets in memory (the inputs are small) with times relative to the
  // file's first packet.
  std::vector<std::vector<Frame>> files;
  for (const auto& path : inputs) {
    auto source = open_capture_file(path);
    std::vector<Frame> frames;
    Packet p;
    Timestamp first{};
    while (source->next(p)) {
      LinkResult link = strip_link_layer(p.link_type, p.data);
      if (link.status != LinkResult::Status::kOk) continue;
      if (frames.empty()) first = p.time;
      Frame f;
      f.ip.assign(link.payload.begin(), link.payload.end());
      f.v6 = link.network == NetworkProtocol::kIPv6;
      std::int64_t ns = (p.time.seconds - first.seconds) * 1'000'000'000LL +
                        (static_cast<std::int64_t>(p.time.nanoseconds) - first.nanoseconds);
      f.time = {ns / 1'000'000'000LL, static_cast<std::uint32_t>(ns % 1'000'000'000LL)};
      frames.push_back(std::move(f));
    }
    if (!frames.empty()) files.push_back(std::move(frames));
  }
  if (files.empty()) {
    std::cerr << "multiply: no IP packets in the inputs\n";
    return 1;
  }

  pcap_t* dead = pcap_open_dead(DLT_RAW, 262144);
  pcap_dumper_t* dumper = pcap_dump_open(dead, out.c_str());
  if (!dumper) {
    std::cerr << "multiply: " << pcap_geterr(dead) << "\n";
    return 1;
  }
  const std::uint64_t target = size_mib * 1024 * 1024;
  std::uint64_t written = 24;
  std::uint64_t packets = 0;
  std::int64_t clock = 1772442000;  // 2026-03-02T09:00:00Z
  std::uint32_t copy = 0;
  std::vector<std::uint8_t> buffer;
  while (written < target) {
    for (const auto& frames : files) {
      ++copy;
      for (const Frame& f : frames) {
        buffer = f.ip;
        readdress(buffer, f.v6, copy);
        pcap_pkthdr header{};
        header.ts.tv_sec = clock + f.time.seconds;
        header.ts.tv_usec = static_cast<suseconds_t>(f.time.nanoseconds / 1000);
        header.caplen = header.len = static_cast<bpf_u_int32>(buffer.size());
        pcap_dump(reinterpret_cast<u_char*>(dumper), &header, buffer.data());
        written += 16 + buffer.size();
        ++packets;
      }
      clock += frames.back().time.seconds + 1;
      if (written >= target) break;
    }
  }
  pcap_dump_close(dumper);
  pcap_close(dead);
  std::cerr << "multiply: " << packets << " packets, " << copy << " capture copies, "
            << written / (1024 * 1024) << " MiB\n";
  return 0;
}
