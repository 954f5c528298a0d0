#include "core/pcapng_writer.h"

#include <fstream>
#include <stdexcept>

namespace capgen {
namespace {

constexpr std::uint32_t kShb = 0x0A0D0D0A;
constexpr std::uint32_t kIdb = 0x00000001;
constexpr std::uint32_t kEpb = 0x00000006;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptEnd = 0;
constexpr std::uint16_t kOptComment = 1;
constexpr std::uint16_t kShbUserAppl = 4;
constexpr std::uint16_t kIfName = 2;
constexpr std::uint16_t kIfDescription = 3;
constexpr std::uint16_t kIfTsresol = 9;
constexpr std::uint32_t kSnapLen = 262144;

void pad4(Bytes& b) {
  while (b.size() % 4 != 0)
    b.push_back(0);
}

void put_option(Bytes& body, std::uint16_t code, std::string_view value) {
  if (value.empty()) return;
  put_le16(body, code);
  put_le16(body, static_cast<std::uint16_t>(value.size()));
  append(body, value);
  pad4(body);
}

void put_end_of_options(Bytes& body) {
  put_le16(body, kOptEnd);
  put_le16(body, 0);
}

// Block = type, total length, body (padded), total length again.
Bytes block(std::uint32_t type, Bytes body) {
  pad4(body);
  const auto total = static_cast<std::uint32_t>(12 + body.size());
  Bytes b;
  put_le32(b, type);
  put_le32(b, total);
  append(b, body);
  put_le32(b, total);
  return b;
}

}  // namespace

void write_pcapng(const std::filesystem::path& path,
                  const std::vector<InterfaceDescription>& interfaces,
                  const std::vector<CaptureRecord>& records, const PcapngOptions& options) {
  Bytes file;
  {
    Bytes shb;
    put_le32(shb, kByteOrderMagic);
    put_le16(shb, 1);      // major
    put_le16(shb, 0);      // minor
    put_le64(shb, ~0ull);  // section length not specified
    put_option(shb, kOptComment, options.comment);
    put_option(shb, kShbUserAppl, options.application);
    put_end_of_options(shb);
    append(file, block(kShb, shb));
  }
  for (const InterfaceDescription& i : interfaces) {
    Bytes idb;
    put_le16(idb, static_cast<std::uint16_t>(i.link.linktype()));
    put_le16(idb, 0);
    put_le32(idb, kSnapLen);
    put_option(idb, kIfName, i.name);
    put_option(idb, kIfDescription, i.description);
    const char nanoseconds = 9;  // if_tsresol: 10^-9
    put_option(idb, kIfTsresol, std::string_view(&nanoseconds, 1));
    put_end_of_options(idb);
    append(file, block(kIdb, idb));
  }
  for (const CaptureRecord& r : records) {
    if (r.interface >= interfaces.size()) throw std::invalid_argument("unknown interface");
    Bytes epb;
    const auto ts = static_cast<std::uint64_t>(r.time_ns);
    put_le32(epb, r.interface);
    put_le32(epb, static_cast<std::uint32_t>(ts >> 32));
    put_le32(epb, static_cast<std::uint32_t>(ts));
    put_le32(epb, static_cast<std::uint32_t>(r.data.size()));  // captured length
    put_le32(epb, static_cast<std::uint32_t>(r.data.size()));  // original length
    append(epb, r.data);
    pad4(epb);
    append(file, block(kEpb, epb));
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace capgen
