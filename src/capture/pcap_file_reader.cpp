#include "capture/pcap_file_reader.hpp"

#include <fcntl.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>

#include "capture/link_type_ids.hpp"

namespace mailscope {
namespace {

constexpr std::size_t kFileHeaderSize = 24;
constexpr std::size_t kRecordHeaderSize = 16;
// Chunks of 1 MiB (what a batch for the decoding thread holds), filled 64 KiB at a time so that
// the bytes one read copies are parsed while still in the core's nearer caches. (On the 2-core
// benchmark machine the difference from one 1 MiB read was within the noise; the system calls
// it adds are 16 a MiB.)
constexpr std::size_t kChunkSize = std::size_t{1} << 20;
constexpr std::size_t kReadStep = std::size_t{64} << 10;
// libpcap's MAXIMUM_SNAPLEN: the largest record it accepts for the link types taken here.
constexpr std::uint32_t kMaximumSnaplen = 262144;

constexpr std::uint32_t kMagicMicro = 0xA1B2C3D4;
constexpr std::uint32_t kMagicNano = 0xA1B23C4D;

// The link types this reader takes: those mailscope decodes, which libpcap hands out exactly
// as stored (no pseudo-header rewriting) with its standard record limit.
bool taken_link_type(int dlt) {
  switch (dlt) {
    case DLT_NULL:
    case DLT_EN10MB:
    case DLT_RAW:
    case DLT_LOOP:
    case DLT_LINUX_SLL:
    case kDltLinuxSll2:
    case kDltIPv4:
    case kDltIPv6:
      return true;
    default:
      return false;
  }
}

std::uint32_t load32(const std::uint8_t* at) {
  std::uint32_t v = 0;
  std::memcpy(&v, at, 4);
  return v;
}

}  // namespace

// Read chunks, reused: a chunk comes back (from whichever thread let it go last) when no one
// holds it any more. There are as many as are held at once: the reader's and the few the
// decoding thread's queued batches keep.
class PcapFileReader::ChunkPool : public std::enable_shared_from_this<ChunkPool> {
 public:
  std::shared_ptr<std::vector<std::uint8_t>> take(std::size_t size) {
    std::unique_ptr<std::vector<std::uint8_t>> chunk;
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        chunk = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!chunk) chunk = std::make_unique<std::vector<std::uint8_t>>();
    if (chunk->size() < size) chunk->resize(size);
    return {chunk.release(), [pool = shared_from_this()](std::vector<std::uint8_t>* returned) {
              std::lock_guard lock(pool->mutex_);
              pool->free_.emplace_back(returned);
            }};
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<std::vector<std::uint8_t>>> free_;
};

std::unique_ptr<PcapFileReader> PcapFileReader::open(const std::string& path, std::uint64_t size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  std::unique_ptr<PcapFileReader> reader(new PcapFileReader(path, fd, size));
  if (!reader->read_header()) return nullptr;
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  return reader;
}

PcapFileReader::PcapFileReader(std::string path, int fd, std::uint64_t size)
    : path_(std::move(path)),
      fd_(fd),
      size_(size),
      pool_(std::make_shared<ChunkPool>()),
      chunk_(pool_->take(kChunkSize)) {}

PcapFileReader::~PcapFileReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::uint32_t PcapFileReader::field(const std::uint8_t* at) const {
  std::uint32_t v = load32(at);
  return swapped_ ? __builtin_bswap32(v) : v;
}

bool PcapFileReader::read_header() {
  if (!fill(kFileHeaderSize)) return false;
  const std::uint8_t* h = chunk_->data() + begin_;
  std::uint32_t magic = load32(h);
  if (magic == kMagicMicro || magic == kMagicNano) {
    swapped_ = false;
  } else if (magic == __builtin_bswap32(kMagicMicro) || magic == __builtin_bswap32(kMagicNano)) {
    swapped_ = true;
  } else {
    return false;
  }
  nanoseconds_ = (swapped_ ? __builtin_bswap32(magic) : magic) == kMagicNano;
  std::uint16_t major = 0;
  std::memcpy(&major, h + 4, 2);
  if (swapped_) major = __builtin_bswap16(major);
  if (major != 2) return false;  // libpcap words what is wrong with older formats
  std::uint32_t snaplen = field(h + 16);
  // The upper bits of the link-type field carry the FCS length, which nothing here uses.
  link_type_ = linktype_to_dlt(static_cast<int>(field(h + 20) & 0xFFFF));
  if (!taken_link_type(link_type_)) return false;
  // libpcap keeps records up to the file's snapshot length, or its maximum when the header's
  // is 0 or larger.
  max_caplen_ = snaplen == 0 || snaplen > kMaximumSnaplen ? kMaximumSnaplen : snaplen;
  begin_ += kFileHeaderSize;
  consumed_ = kFileHeaderSize;
  return true;
}

bool PcapFileReader::refill(std::size_t count) {
  if (chunk_->size() - begin_ < count) {
    // No room left for the record: the partial record moves to the front of a fresh chunk.
    // The bytes handed out from this one stay as they are for whoever still holds it (see
    // shared_bytes()); reads only ever append after end_.
    auto next = pool_->take(std::max(kChunkSize, count));
    std::memcpy(next->data(), chunk_->data() + begin_, end_ - begin_);
    chunk_ = std::move(next);
    end_ -= begin_;
    begin_ = 0;
  }
  while (end_ - begin_ < count) {
    std::size_t want = std::min(chunk_->size() - end_, std::max(kReadStep, count));
    ssize_t got = ::read(fd_, chunk_->data() + end_, want);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    end_ += static_cast<std::size_t>(got);
  }
  return true;
}

PacketSource::SharedBytes PcapFileReader::shared_bytes() const {
  return {chunk_, std::span<const std::uint8_t>(chunk_->data(), end_)};
}

void PcapFileReader::stop(const std::string& why) {
  warn("capture damaged after packet " + std::to_string(number_) + ": " + why +
       "; analysed what came before");
  finish();
}

void PcapFileReader::finish() {
  done_ = true;
  consumed_ = size_;  // progress reaches the end whatever was left unread
}

bool PcapFileReader::next(Packet& packet) {
  if (done_) return false;
  if (!fill(kRecordHeaderSize)) {
    if (end_ > begin_) {
      stop("truncated dump file; tried to read 16 header bytes, only got " +
           std::to_string(end_ - begin_));
    }
    finish();
    return false;
  }
  const std::uint8_t* h = chunk_->data() + begin_;
  std::uint32_t seconds = field(h);
  std::uint32_t fraction = field(h + 4);
  std::uint32_t caplen = field(h + 8);
  std::uint32_t wire_length = field(h + 12);
  if (caplen > kMaximumSnaplen) {
    stop("invalid packet capture length " + std::to_string(caplen) + ", bigger than snaplen of " +
         std::to_string(max_caplen_));
    return false;
  }
  std::size_t record = kRecordHeaderSize + caplen;
  if (!fill(record)) {
    stop("truncated dump file; tried to read " + std::to_string(caplen) +
         " captured bytes, only got " + std::to_string(end_ - begin_ - kRecordHeaderSize));
    return false;
  }
  const std::uint8_t* data = chunk_->data() + begin_ + kRecordHeaderSize;
  begin_ += record;
  consumed_ += record;
  packet.number = ++number_;
  // Seconds are unsigned, as the pcap format defines them (libpcap 1.10 reads them as signed
  // in files of the host's byte order, so 2038 and later come out before 1970); microseconds
  // scale to nanoseconds in 32-bit arithmetic, as in libpcap.
  packet.time = {seconds, nanoseconds_ ? fraction : fraction * 1000U};
  packet.wire_length = wire_length;
  packet.link_type = link_type_;
  // Beyond the file's snapshot length libpcap drops the rest of a record; so do we.
  packet.data = {data, std::min(caplen, max_caplen_)};
  return true;
}

std::string PcapFileReader::link_types() const {
  return link_type_name(link_type_);
}

}  // namespace mailscope
