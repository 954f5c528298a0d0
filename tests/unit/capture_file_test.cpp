// Capture files: libpcap reads what it can; our pcapng reader takes the files libpcap refuses
// (interfaces of different link types) and stops cleanly at blocks whose length lies.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"

namespace mailscope {
namespace {

namespace fs = std::filesystem;

// A little-endian pcapng writer: just enough blocks for these tests.
class PcapngBuilder {
 public:
  PcapngBuilder() { block(0x0A0D0D0A, le32(0x1A2B3C4D) + le16(1) + le16(0) + le64(~0ULL)); }
  PcapngBuilder& interface(std::uint16_t linktype, int tsresol_exponent = 6) {
    std::string options;
    if (tsresol_exponent != 6) {
      options = le16(9) + le16(1) + std::string(1, static_cast<char>(tsresol_exponent)) +
                std::string(3, '\0');
    }
    options += le16(0) + le16(0);
    return block(1, le16(linktype) + le16(0) + le32(65535) + options);
  }
  PcapngBuilder& packet(std::uint32_t iface, std::uint64_t ts, const std::string& frame) {
    std::string body = le32(iface) + le32(static_cast<std::uint32_t>(ts >> 32)) +
                       le32(static_cast<std::uint32_t>(ts)) +
                       le32(static_cast<std::uint32_t>(frame.size())) +
                       le32(static_cast<std::uint32_t>(frame.size())) + frame;
    body.append((4 - body.size() % 4) % 4, '\0');
    return block(6, body);
  }
  PcapngBuilder& raw(const std::string& bytes) {
    data_ += bytes;
    return *this;
  }
  std::string bytes() const { return data_; }

  static std::string le16(std::uint16_t v) {
    return {static_cast<char>(v), static_cast<char>(v >> 8)};
  }
  static std::string le32(std::uint32_t v) {
    return le16(static_cast<std::uint16_t>(v)) + le16(static_cast<std::uint16_t>(v >> 16));
  }
  static std::string le64(std::uint64_t v) {
    return le32(static_cast<std::uint32_t>(v)) + le32(static_cast<std::uint32_t>(v >> 32));
  }

 private:
  PcapngBuilder& block(std::uint32_t type, const std::string& body) {
    std::uint32_t length = static_cast<std::uint32_t>(body.size() + 12);
    data_ += le32(type) + le32(length) + body + le32(length);
    return *this;
  }
  std::string data_;
};

fs::path write_temp(const std::string& name, const std::string& bytes) {
  fs::path p = fs::temp_directory_path() / (std::to_string(getpid()) + "-" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p;
}

std::string ethernet_frame() {
  return std::string(12, '\xAA') + "\x08\x00" + std::string(20, '\0');
}
std::string sll2_frame() {
  return std::string("\x08\x00", 2) + std::string(18, '\0') + std::string(20, '\0');
}

TEST(CaptureFile, MixedLinkTypePcapngOpensWithOurReader) {
  std::string bytes = PcapngBuilder()
                          .interface(1)
                          .interface(276, 9)  // SLL2, nanosecond timestamps
                          .packet(0, 1772442000000000ULL, ethernet_frame())
                          .packet(1, 1772442000500000000ULL, sll2_frame())
                          .bytes();
  fs::path file = write_temp("mixed.pcapng", bytes);
  auto source = open_capture_file(file.string());
  Packet p;
  ASSERT_TRUE(source->next(p));
  EXPECT_EQ(p.number, 1U);
  EXPECT_EQ(p.link_type, 1);
  EXPECT_EQ(p.time.seconds, 1772442000);
  ASSERT_TRUE(source->next(p));
  EXPECT_EQ(p.number, 2U);
  EXPECT_EQ(p.link_type, 276);
  EXPECT_EQ(p.time.seconds, 1772442000);
  EXPECT_EQ(p.time.nanoseconds, 500000000U);
  EXPECT_FALSE(source->next(p));
  EXPECT_EQ(source->format(), "pcapng");
  EXPECT_EQ(source->link_types(), "EN10MB,LINUX_SLL2");
  EXPECT_TRUE(source->warnings().empty());
  fs::remove(file);
}

TEST(CaptureFile, PcapngBlockWithALyingLengthEndsWithAWarning) {
  PcapngBuilder b;
  b.interface(276).interface(1).packet(0, 1, sll2_frame());
  // An enhanced packet block claiming 64 MiB.
  b.raw(PcapngBuilder::le32(6) + PcapngBuilder::le32(64U << 20) + std::string(40, '\0'));
  fs::path file = write_temp("lying.pcapng", b.bytes());
  auto source = open_capture_file(file.string());
  Packet p;
  ASSERT_TRUE(source->next(p));
  EXPECT_FALSE(source->next(p));
  ASSERT_EQ(source->warnings().size(), 1U);
  EXPECT_NE(source->warnings()[0].find("claims a length"), std::string::npos);
  fs::remove(file);
}

TEST(CaptureFile, ErrorsAreOneLineNamingTheFile) {
  EXPECT_THROW(open_capture_file("/does/not/exist.pcap"), CaptureError);
  fs::path empty = write_temp("empty.pcap", "");
  try {
    open_capture_file(empty.string());
    FAIL() << "an empty file must not open";
  } catch (const CaptureError& e) {
    std::string what = e.what();
    EXPECT_NE(what.find(empty.string()), std::string::npos);
    EXPECT_EQ(what.find('\n'), std::string::npos);
  }
  fs::remove(empty);
}

}  // namespace
}  // namespace mailscope
