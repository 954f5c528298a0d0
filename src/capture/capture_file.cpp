// Opening capture files: libpcap reads pcap and pcapng; PcapngReader takes over where libpcap
// refuses a file (see pcapng_reader.hpp for why).
#include <pcap/pcap.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "capture/packet_source.hpp"
#include "capture/pcap_file_reader.hpp"
#include "capture/pcapng_reader.hpp"

namespace mailscope {
namespace {

enum class FileKind { kPcap, kPcapng, kEmpty, kUnknown };

FileKind sniff_file_kind(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return FileKind::kUnknown;
  std::array<unsigned char, 4> magic{};
  std::size_t n = std::fread(magic.data(), 1, magic.size(), f);
  std::fclose(f);
  if (n == 0) return FileKind::kEmpty;
  if (n < 4) return FileKind::kUnknown;
  std::uint32_t be = (std::uint32_t{magic[0]} << 24) | (std::uint32_t{magic[1]} << 16) |
                     (std::uint32_t{magic[2]} << 8) | magic[3];
  switch (be) {
    case 0x0A0D0D0A:
      return FileKind::kPcapng;
    case 0xA1B2C3D4:
    case 0xD4C3B2A1:  // microsecond pcap, either byte order
    case 0xA1B23C4D:
    case 0x4D3CB2A1:  // nanosecond pcap
      return FileKind::kPcap;
    default:
      return FileKind::kUnknown;
  }
}

// libpcap 1.10 cannot hand out packets of two link types from one pcap_t.
bool is_mixed_link_type_error(std::string_view message) {
  return message.find("different from the type of the first interface") != std::string_view::npos;
}

class PcapFileSource final : public PacketSource {
 public:
  PcapFileSource(const std::string& path, FileKind kind, std::uint64_t size)
      : path_(path), format_(kind == FileKind::kPcapng ? "pcapng" : "pcap"), size_(size) {
    char err[PCAP_ERRBUF_SIZE] = {};
    handle_ =
        pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
    if (!handle_) {
      if (kind == FileKind::kPcapng && is_mixed_link_type_error(err)) {
        fallback_ = std::make_unique<PcapngReader>(path, size);
        return;
      }
      throw CaptureError(path + ": cannot read capture: " + err);
    }
    link_type_ = pcap_datalink(handle_);
  }

  ~PcapFileSource() override {
    if (handle_) pcap_close(handle_);
  }

  bool next(Packet& packet) override {
    if (fallback_) return next_from_fallback(packet);
    if (!handle_) return false;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    int rc = pcap_next_ex(handle_, &header, &data);
    if (rc == 1) {
      packet.number = ++number_;
      packet.time = {header->ts.tv_sec, static_cast<std::uint32_t>(header->ts.tv_usec)};
      packet.wire_length = header->len;
      packet.link_type = link_type_;
      packet.data = {data, header->caplen};
      return true;
    }
    if (rc == PCAP_ERROR) {
      std::string message = pcap_geterr(handle_);
      if (format_ == "pcapng" && is_mixed_link_type_error(message)) {
        // Re-read the file with our own reader and skip what libpcap already delivered.
        pcap_close(handle_);
        handle_ = nullptr;
        fallback_ = std::make_unique<PcapngReader>(path_, size_);
        Packet skipped;
        for (std::uint64_t i = 0; i < number_; ++i) {
          if (!fallback_->next(skipped)) return false;
        }
        return next_from_fallback(packet);
      }
      warn("capture damaged after packet " + std::to_string(number_) + ": " + message +
           "; analysed what came before");
    }
    pcap_close(handle_);
    handle_ = nullptr;
    return false;
  }

  std::string name() const override { return path_; }
  std::string format() const override { return format_; }
  std::string link_types() const override {
    return fallback_ ? fallback_->link_types() : link_type_name(link_type_);
  }
  std::uint64_t position() const override {
    if (fallback_) return fallback_->position();
    if (!handle_) return size_;
    long pos = std::ftell(pcap_file(handle_));
    return pos < 0 ? 0 : static_cast<std::uint64_t>(pos);
  }
  std::uint64_t size() const override { return size_; }

 private:
  bool next_from_fallback(Packet& packet) {
    bool ok = fallback_->next(packet);
    if (!ok) {
      for (const auto& w : fallback_->warnings())
        warn(w);
    }
    return ok;
  }

  std::string path_;
  std::string format_;
  std::uint64_t size_ = 0;
  pcap_t* handle_ = nullptr;
  int link_type_ = 0;
  std::uint64_t number_ = 0;
  std::unique_ptr<PcapngReader> fallback_;
};

}  // namespace

std::string link_type_name(int dlt) {
  if (const char* name = pcap_datalink_val_to_name(dlt)) return name;
  return "DLT " + std::to_string(dlt);
}

std::unique_ptr<PacketSource> open_capture_file(const std::string& path, FileReader reader) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw CaptureError(path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw CaptureError(path + ": is a directory, not a capture file");
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
  } else {
    throw CaptureError(path + ": " + std::strerror(errno));
  }
  auto size = static_cast<std::uint64_t>(st.st_size);
  switch (sniff_file_kind(path)) {
    case FileKind::kEmpty:
      throw CaptureError(path + ": file is empty, not a capture");
    case FileKind::kUnknown:
      throw CaptureError(path + ": not a pcap or pcapng capture file");
    case FileKind::kPcap:
      if (reader == FileReader::kFastest) {
        if (auto own = PcapFileReader::open(path, size)) return own;
      }
      return std::make_unique<PcapFileSource>(path, FileKind::kPcap, size);
    case FileKind::kPcapng:
      return std::make_unique<PcapFileSource>(path, FileKind::kPcapng, size);
  }
  return nullptr;
}

}  // namespace mailscope
