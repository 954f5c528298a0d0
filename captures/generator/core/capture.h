// One sample capture file: its interfaces and sessions, written as pcap or pcapng together with
// NAME.expected.json, whose packet numbers come from the very records written.
#pragma once

#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/capture_record.h"
#include "core/session.h"
#include "core/truth.h"

namespace capgen {

enum class FileFormat { kPcap, kPcapNanosecond, kPcapng };

struct CaptureSpec {
  std::string file{};         // "smtp-auth-plain.pcap"
  std::string description{};  // one sentence a trainer understands
  FileFormat format = FileFormat::kPcap;
  std::vector<InterfaceDescription> interfaces = {{LinkLayer{}, "eth0", ""}};
  // Cut the file inside the last record (a capture killed mid-write).
  std::optional<std::size_t> cut_last_record_after{};
};

class Capture {
 public:
  explicit Capture(CaptureSpec spec) : spec_(std::move(spec)) {}

  const CaptureSpec& spec() const { return spec_; }
  Session& session(const SessionSpec& spec);
  bool uses_tls() const;

  // Writes DIR/<file> and DIR/<file stem>.expected.json; with a keylog dir also the TLS keys.
  void write(const std::filesystem::path& dir,
             const std::optional<std::filesystem::path>& keylog_dir) const;

 private:
  struct Built {
    std::vector<CaptureRecord> records;
    CaptureTruth truth;
  };
  Built build() const;

  CaptureSpec spec_;
  std::deque<Session> sessions_;  // stable addresses for the scripts holding references
  std::uint64_t next_frame_id_ = 1;
};

// "smtp-auth-plain.pcap" -> "smtp-auth-plain"
std::string capture_stem(const std::string& file);

}  // namespace capgen
