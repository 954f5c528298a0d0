// The fast classic-pcap reader against libpcap: on every pcap file we have (our generated and
// real captures, the public corpus) both readers must hand out the same packets, and on
// damaged files the fast one stops where libpcap stops, with the same kind of warning.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"
#include "support/test_paths.hpp"

namespace mailscope {
namespace {

namespace fs = std::filesystem;
using testing::corpus_dir;
using testing::source_dir;

struct ReadOut {
  std::string format;
  std::string link_types;
  std::vector<Packet> packets;  // data spans point into `bytes`
  std::vector<std::vector<std::uint8_t>> bytes;
  std::vector<std::string> warnings;
};

ReadOut read_all(const fs::path& file, FileReader reader) {
  ReadOut out;
  auto source = open_capture_file(file.string(), reader);
  out.format = source->format();
  Packet p;
  while (source->next(p)) {
    out.bytes.emplace_back(p.data.begin(), p.data.end());
    out.packets.push_back(p);
  }
  out.link_types = source->link_types();
  out.warnings = source->warnings();
  EXPECT_EQ(source->position(), source->size()) << file << ": progress ends at the file's size";
  return out;
}

bool is_classic_pcap(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  unsigned char m[4] = {};
  in.read(reinterpret_cast<char*>(m), 4);
  std::uint32_t be =
      (std::uint32_t{m[0]} << 24) | (std::uint32_t{m[1]} << 16) | (std::uint32_t{m[2]} << 8) | m[3];
  return be == 0xA1B2C3D4 || be == 0xD4C3B2A1 || be == 0xA1B23C4D || be == 0x4D3CB2A1;
}

std::vector<std::string> pcap_files() {
  std::vector<std::string> files;
  for (const fs::path& dir :
       {source_dir() / "captures", source_dir() / "captures" / "real", corpus_dir()}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file() && is_classic_pcap(entry.path())) {
        files.push_back(entry.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

void expect_same(const fs::path& file) {
  ReadOut ours = read_all(file, FileReader::kFastest);
  ReadOut reference = read_all(file, FileReader::kLibpcap);
  EXPECT_EQ(ours.format, reference.format) << file;
  EXPECT_EQ(ours.link_types, reference.link_types) << file;
  ASSERT_EQ(ours.packets.size(), reference.packets.size()) << file;
  for (std::size_t i = 0; i < ours.packets.size(); ++i) {
    const Packet& a = ours.packets[i];
    const Packet& b = reference.packets[i];
    ASSERT_EQ(a.number, b.number) << file;
    // Seconds compared modulo 2^32: libpcap 1.10 reads the field as signed in files of the
    // host's byte order (2038 and later come out negative) and as unsigned in the others; the
    // pcap format defines it as unsigned, which the fast reader follows in both.
    ASSERT_EQ(static_cast<std::uint32_t>(a.time.seconds),
              static_cast<std::uint32_t>(b.time.seconds))
        << file << " packet " << a.number;
    ASSERT_EQ(a.time.nanoseconds, b.time.nanoseconds) << file << " packet " << a.number;
    ASSERT_EQ(a.wire_length, b.wire_length) << file << " packet " << a.number;
    ASSERT_EQ(a.link_type, b.link_type) << file << " packet " << a.number;
    ASSERT_EQ(ours.bytes[i], reference.bytes[i]) << file << " packet " << a.number;
  }
  ASSERT_EQ(ours.warnings.size(), reference.warnings.size()) << file;
  for (std::size_t i = 0; i < ours.warnings.size(); ++i) {
    EXPECT_EQ(ours.warnings[i], reference.warnings[i]) << file;
  }
}

TEST(PcapFileReader, HandsOutWhatLibpcapHandsOutOnEveryPcapWeHave) {
  std::vector<std::string> files = pcap_files();
  ASSERT_GE(files.size(), 20U) << "captures/ holds our generated and real pcap files";
  if (!fs::is_directory(corpus_dir())) {
    std::cout << "[ NOTE     ] the public corpus is not here (" << corpus_dir()
              << "): compared on our own captures only\n";
  }
  for (const auto& file : files)
    expect_same(file);
}

// A pcap file built byte by byte: either byte order, micro- or nanosecond stamps.
class PcapBuilder {
 public:
  PcapBuilder(bool big_endian, bool nanoseconds, std::uint32_t snaplen = 65535,
              std::uint32_t linktype = 1)
      : big_endian_(big_endian) {
    u32(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
    u16(2);
    u16(4);
    u32(0);
    u32(0);
    u32(snaplen);
    u32(linktype);
  }
  PcapBuilder& record(std::uint32_t seconds, std::uint32_t fraction, const std::string& frame,
                      std::uint32_t wire_length = 0) {
    u32(seconds);
    u32(fraction);
    u32(static_cast<std::uint32_t>(frame.size()));
    u32(wire_length ? wire_length : static_cast<std::uint32_t>(frame.size()));
    data_ += frame;
    return *this;
  }
  PcapBuilder& u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
      int shift = big_endian_ ? 24 - 8 * i : 8 * i;
      data_ += static_cast<char>((v >> shift) & 0xFF);
    }
    return *this;
  }
  PcapBuilder& u16(std::uint16_t v) {
    data_ += static_cast<char>(big_endian_ ? v >> 8 : v & 0xFF);
    data_ += static_cast<char>(big_endian_ ? v & 0xFF : v >> 8);
    return *this;
  }
  PcapBuilder& raw(const std::string& bytes) {
    data_ += bytes;
    return *this;
  }
  const std::string& bytes() const { return data_; }

 private:
  bool big_endian_;
  std::string data_;
};

fs::path write_temp(const std::string& name, const std::string& bytes) {
  fs::path p = fs::temp_directory_path() / (std::to_string(getpid()) + "-reader-" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

std::string frame(std::size_t size, char fill) {
  return std::string(size, fill);
}

TEST(PcapFileReader, BothByteOrdersAndBothResolutionsMatchLibpcap) {
  for (bool big_endian : {false, true}) {
    for (bool nanoseconds : {false, true}) {
      SCOPED_TRACE(std::string(big_endian ? "big-endian" : "little-endian") +
                   (nanoseconds ? ", nanoseconds" : ", microseconds"));
      PcapBuilder b(big_endian, nanoseconds);
      b.record(1772442000, 999999, frame(60, 'a'))
          .record(1772442001, 5, frame(1514, 'b'), 9000)
          .record(0x80000001U, 1, frame(54, 'c'));  // past 2038: libpcap's signed seconds
      fs::path file = write_temp("orders.pcap", b.bytes());
      ReadOut ours = read_all(file, FileReader::kFastest);
      ASSERT_EQ(ours.packets.size(), 3U);
      EXPECT_EQ(ours.packets[0].time.nanoseconds, nanoseconds ? 999999U : 999999000U);
      EXPECT_EQ(ours.packets[1].wire_length, 9000U);
      EXPECT_EQ(ours.packets[2].time.seconds, 0x80000001LL) << "2038 and later stay in the future";
      expect_same(file);
      fs::remove(file);
    }
  }
}

TEST(PcapFileReader, RecordsLargerThanItsReadsAreFramed) {
  // 300 records of 200 KiB: many times the 1 MiB a read takes, none aligned to it.
  PcapBuilder b(false, false, 262144);
  for (int i = 0; i < 300; ++i) {
    b.record(1772442000 + i, 0, frame(200 * 1024 + i, static_cast<char>('a' + i % 26)));
  }
  fs::path file = write_temp("large.pcap", b.bytes());
  expect_same(file);
  fs::remove(file);
}

// The decoding thread keeps packets' bytes after the reader moved on (shared_bytes()): what a
// holder keeps must stay as it was while the reader goes through chunk after chunk, and a
// packet's bytes lie inside the shared extent. (Under AddressSanitizer a chunk reused or freed
// while held would also fail here.)
TEST(PcapFileReader, SharedBytesStayAsTheyWereWhileHeld) {
  PcapBuilder b(false, false);
  for (int i = 0; i < 3000; ++i)  // 4.5 MB: several 1 MiB chunks
    b.record(1772442000, static_cast<std::uint32_t>(i), frame(1500, static_cast<char>(i % 251)));
  fs::path file = write_temp("shared.pcap", b.bytes());
  auto source = open_capture_file(file.string());
  struct Held {
    std::shared_ptr<const void> owner;
    std::span<const std::uint8_t> data;
    char fill;
  };
  std::vector<Held> held;
  Packet packet;
  int n = 0;
  while (source->next(packet)) {
    PacketSource::SharedBytes shared = source->shared_bytes();
    ASSERT_TRUE(shared.owner) << "the fast reader shares its chunks";
    auto at = [](const std::uint8_t* p) { return reinterpret_cast<std::uintptr_t>(p); };
    ASSERT_GE(at(packet.data.data()), at(shared.extent.data()));
    ASSERT_LE(at(packet.data.data()) + packet.data.size(),
              at(shared.extent.data()) + shared.extent.size());
    if (n % 500 == 0) held.push_back({shared.owner, packet.data, static_cast<char>(n % 251)});
    ++n;
  }
  ASSERT_EQ(n, 3000);
  ASSERT_EQ(held.size(), 6U);
  for (const Held& h : held) {
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(h.data.data()), h.data.size()),
              frame(1500, h.fill));
  }
  fs::remove(file);
}

TEST(PcapFileReader, SnapshotLengthCutsRecordsLikeLibpcap) {
  PcapBuilder b(false, false, 100);
  b.record(1772442000, 0, frame(60, 'a')).record(1772442000, 1, frame(300, 'b'));
  fs::path file = write_temp("snaplen.pcap", b.bytes());
  ReadOut ours = read_all(file, FileReader::kFastest);
  ASSERT_EQ(ours.packets.size(), 2U);
  EXPECT_EQ(ours.bytes[1].size(), 100U) << "kept up to the file's snapshot length";
  expect_same(file);
  fs::remove(file);
}

TEST(PcapFileReader, DamagedEndsStopWithLibpcapsWarning) {
  PcapBuilder good(false, false);
  good.record(1772442000, 0, frame(60, 'a')).record(1772442000, 1, frame(60, 'b'));
  struct Case {
    const char* name;
    std::string bytes;
    const char* warning;
  };
  std::string huge_record;
  {
    PcapBuilder claim(false, false);
    claim.u32(1772442002).u32(0).u32(0xFFFFFFF0U).u32(0xFFFFFFF0U).raw(frame(64, 'x'));
    huge_record = claim.bytes().substr(24);
  }
  std::vector<Case> cases = {
      {"cut-header", good.bytes() + std::string(7, '\0'), "header bytes"},
      {"cut-record", good.bytes().substr(0, good.bytes().size() - 10), "captured bytes"},
      {"huge-record", good.bytes() + huge_record, "bigger than snaplen"},
  };
  for (const Case& c : cases) {
    fs::path file = write_temp(std::string(c.name) + ".pcap", c.bytes);
    ReadOut ours = read_all(file, FileReader::kFastest);
    ASSERT_EQ(ours.warnings.size(), 1U) << c.name;
    EXPECT_NE(ours.warnings[0].find("capture damaged after packet"), std::string::npos) << c.name;
    EXPECT_NE(ours.warnings[0].find(c.warning), std::string::npos) << ours.warnings[0];
    expect_same(file);
    fs::remove(file);
  }
}

TEST(PcapFileReader, OtherLinkTypesAndFormatsStayWithLibpcap) {
  // Linux USB (189): libpcap rewrites its header while reading, so the fast reader declines.
  PcapBuilder usb(false, false, 65535, 189);
  usb.record(1772442000, 0, frame(64, 'u'));
  fs::path file = write_temp("usb.pcap", usb.bytes());
  auto source = open_capture_file(file.string());
  EXPECT_EQ(source->link_types(), "USB_LINUX");
  Packet p;
  EXPECT_TRUE(source->next(p));
  expect_same(file);
  fs::remove(file);
}

}  // namespace
}  // namespace mailscope
