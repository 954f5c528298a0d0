#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.hpp"

namespace mailscope {

// A reader for classic pcap files (micro- and nanosecond, either byte order) that frames the
// records out of large reads and hands each packet out in place.
//
// Why not libpcap here: pcap_next_ex() costs two buffered fread() calls and a copy per packet,
// about a fifth of mailscope's whole analysis time on a capture of small packets (see
// docs/performance.md). libpcap stays the reader for everything else: pcapng, and pcap files
// of link types mailscope does not decode (some of which libpcap rewrites while reading, e.g.
// Linux USB and NFLOG headers); open_capture_file() chooses. A damaged record ends the input
// with a warning worded like the libpcap path's ("capture damaged after packet N: ...").
class PcapFileReader final : public PacketSource {
 public:
  // nullptr when the file is not one this reader takes (not a classic pcap of version 2, a link
  // type outside its list, a file it cannot open): the caller then uses libpcap, which also
  // words any error.
  static std::unique_ptr<PcapFileReader> open(const std::string& path, std::uint64_t size);
  ~PcapFileReader() override;
  PcapFileReader(const PcapFileReader&) = delete;
  PcapFileReader& operator=(const PcapFileReader&) = delete;

  bool next(Packet& packet) override;
  std::string name() const override { return path_; }
  std::string format() const override { return "pcap"; }
  std::string link_types() const override;
  std::uint64_t position() const override { return consumed_; }
  std::uint64_t size() const override { return size_; }
  // The read chunk the last packet is in. Chunks are never written again once packets were
  // handed out of them: a new read goes into another chunk from a small pool, and a chunk
  // returns to the pool when its last owner lets it go.
  SharedBytes shared_bytes() const override;

 private:
  PcapFileReader(std::string path, int fd, std::uint64_t size);
  bool read_header();
  // Makes `count` bytes from the read position available in chunk_; false at the end of file.
  // At least `count` unread bytes in chunk_: inline, since they are there for nearly every
  // record (two calls a packet otherwise), then refill().
  bool fill(std::size_t count) { return end_ - begin_ >= count || refill(count); }
  bool refill(std::size_t count);
  std::uint32_t field(const std::uint8_t* at) const;
  void stop(const std::string& why);
  void finish();

  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  bool swapped_ = false;
  bool nanoseconds_ = false;
  bool done_ = false;
  int link_type_ = 0;  // as a DLT value
  std::uint32_t max_caplen_ = 0;
  class ChunkPool;
  std::shared_ptr<ChunkPool> pool_;
  std::shared_ptr<std::vector<std::uint8_t>> chunk_;  // from pool_
  std::size_t begin_ = 0;                             // first unread byte in chunk_
  std::size_t end_ = 0;                               // one past the last valid byte in chunk_
  std::uint64_t consumed_ = 0;  // bytes of the file handed out (header and records)
  std::uint64_t number_ = 0;
};

}  // namespace mailscope
