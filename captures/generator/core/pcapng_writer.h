// A small pcapng writer (libpcap 1.10 reads pcapng but cannot write it): one Section Header
// Block, one Interface Description Block per interface, Enhanced Packet Blocks.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/capture_record.h"

namespace capgen {

struct PcapngOptions {
  std::string comment{};  // SHB opt_comment
  std::string application = "mailscope-capgen";
};

void write_pcapng(const std::filesystem::path& path,
                  const std::vector<InterfaceDescription>& interfaces,
                  const std::vector<CaptureRecord>& records, const PcapngOptions& options);

}  // namespace capgen
