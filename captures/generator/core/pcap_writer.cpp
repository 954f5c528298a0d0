#include "core/pcap_writer.h"

#include <pcap/pcap.h>

#include <memory>
#include <stdexcept>

namespace capgen {
namespace {

constexpr int kSnapLen = 262144;
constexpr std::size_t kPcapFileHeader = 24;
constexpr std::size_t kPcapRecordHeader = 16;

struct PcapCloser {
  void operator()(pcap_t* p) const { pcap_close(p); }
};
struct DumperCloser {
  void operator()(pcap_dumper_t* d) const { pcap_dump_close(d); }
};

}  // namespace

void write_pcap(const std::filesystem::path& path, const LinkLayer& link,
                const std::vector<CaptureRecord>& records, const PcapOptions& options) {
  const bool nano = options.precision == TimestampPrecision::kNano;
  std::unique_ptr<pcap_t, PcapCloser> dead(pcap_open_dead_with_tstamp_precision(
      link.dlt(), kSnapLen, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO));
  if (!dead) throw std::runtime_error("pcap_open_dead failed");
  std::size_t file_size = kPcapFileHeader;
  {
    std::unique_ptr<pcap_dumper_t, DumperCloser> dumper(
        pcap_dump_open(dead.get(), path.string().c_str()));
    if (!dumper) throw std::runtime_error(path.string() + ": " + pcap_geterr(dead.get()));
    for (const CaptureRecord& r : records) {
      if (r.interface != 0) throw std::invalid_argument("pcap holds one interface only");
      pcap_pkthdr h{};
      h.ts.tv_sec = static_cast<time_t>(r.time_ns / 1000000000);
      // With nanosecond precision libpcap stores tv_usec as nanoseconds.
      const std::int64_t frac = r.time_ns % 1000000000;
      h.ts.tv_usec = static_cast<suseconds_t>(nano ? frac : frac / 1000);
      h.caplen = h.len = static_cast<bpf_u_int32>(r.data.size());
      pcap_dump(reinterpret_cast<u_char*>(dumper.get()), &h, r.data.data());
      file_size += kPcapRecordHeader + r.data.size();
    }
  }
  if (options.cut_last_record_after) {
    if (records.empty() || *options.cut_last_record_after >= records.back().data.size()) {
      throw std::invalid_argument("cut point outside the last record");
    }
    const std::size_t cut = file_size - records.back().data.size() + *options.cut_last_record_after;
    std::filesystem::resize_file(path, cut);
  }
}

}  // namespace capgen
