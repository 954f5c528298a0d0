#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "capture/packet.hpp"

namespace mailscope {

// An input that cannot be read at all: the message is the one line the user sees.
class CaptureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where packets come from: a capture file or a live interface.
class PacketSource {
 public:
  virtual ~PacketSource() = default;

  // The next packet, or false at the end (or, for live sources, when stopped). A damaged
  // record ends the input with a warning rather than an exception: what was read still counts.
  virtual bool next(Packet& packet) = 0;

  virtual std::string name() const = 0;        // the file as given, or the interface
  virtual std::string format() const = 0;      // "pcap", "pcapng" or "live"
  virtual std::string link_types() const = 0;  // "EN10MB", or "EN10MB,LINUX_SLL2" when mixed

  // Progress: bytes consumed and the total (0 when unknown, e.g. live).
  virtual std::uint64_t position() const { return 0; }
  virtual std::uint64_t size() const { return 0; }

  // Problems met while reading (a truncated last record, kernel drops, ...).
  virtual const std::vector<std::string>& warnings() const { return warnings_; }

  // Shared ownership of the memory the last packet's bytes are in, and its extent: whoever
  // keeps `owner` may read bytes inside `extent` after next() has moved on (the analysis'
  // decoding thread does, instead of copying them). Empty when the source cannot share; then
  // a packet's bytes are valid until the next call to next().
  struct SharedBytes {
    std::shared_ptr<const void> owner;
    std::span<const std::uint8_t> extent;
  };
  virtual SharedBytes shared_bytes() const { return {}; }

 protected:
  void warn(std::string text) { warnings_.push_back(std::move(text)); }

 private:
  std::vector<std::string> warnings_;
};

// Passes another source's packets on and writes each to a pcapng file (`capture -w`).
class PcapngWriter;
class TeeSource final : public PacketSource {
 public:
  TeeSource(PacketSource& inner, PcapngWriter& writer) : inner_(inner), writer_(writer) {}
  bool next(Packet& packet) override;
  std::string name() const override { return inner_.name(); }
  std::string format() const override { return inner_.format(); }
  std::string link_types() const override { return inner_.link_types(); }
  std::uint64_t position() const override { return inner_.position(); }
  std::uint64_t size() const override { return inner_.size(); }
  const std::vector<std::string>& warnings() const override { return inner_.warnings(); }

 private:
  PacketSource& inner_;
  PcapngWriter& writer_;
};

// Which reader frames a capture file's records: the fastest one for the file (PcapFileReader
// for classic pcap of the link types mailscope decodes, libpcap for the rest), or libpcap
// whatever the file (the reference the fast reader is tested against).
enum class FileReader { kFastest, kLibpcap };

// Opens a pcap or pcapng file. Throws CaptureError with one clear line when the file is
// missing, unreadable, empty or not a capture.
std::unique_ptr<PacketSource> open_capture_file(const std::string& path,
                                                FileReader reader = FileReader::kFastest);

// "EN10MB" for DLT_EN10MB, "DLT 147" for a type libpcap cannot name.
std::string link_type_name(int dlt);

}  // namespace mailscope
