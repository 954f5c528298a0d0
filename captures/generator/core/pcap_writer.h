// Classic pcap files, written by libpcap itself (pcap_open_dead + pcap_dump) so the header and
// record layout are exactly what tcpdump produces.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "core/capture_record.h"

namespace capgen {

enum class TimestampPrecision { kMicro, kNano };

struct PcapOptions {
  TimestampPrecision precision = TimestampPrecision::kMicro;
  // Cut the file this many bytes into the last record's packet data, as a capture killed
  // mid-write would leave it.
  std::optional<std::size_t> cut_last_record_after{};
};

// All records must be on one interface (pcap has no interfaces).
void write_pcap(const std::filesystem::path& path, const LinkLayer& link,
                const std::vector<CaptureRecord>& records, const PcapOptions& options);

}  // namespace capgen
