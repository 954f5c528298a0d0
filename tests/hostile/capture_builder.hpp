#pragma once

// Writes the hostile captures: Ethernet/IPv4/TCP frames through libpcap's own writer
// (pcap_open_dead + pcap_dump), so that every ordinary record is one libpcap would write, and
// raw bytes where the test needs a record libpcap would never write (a length that lies).

#include <pcap/pcap.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope::hostile {

using Frame = std::vector<std::uint8_t>;

struct Address {
  std::uint32_t ip = 0;  // host order, e.g. 0xC0000201 for 192.0.2.1
  std::uint16_t port = 0;
};

// An Ethernet II + IPv4 + TCP frame (checksums filled in).
Frame tcp_frame(const Address& from, const Address& to, std::uint32_t seq, std::uint32_t ack,
                std::uint8_t flags, std::span<const std::uint8_t> payload);
// The same without the Ethernet header (LINKTYPE_RAW).
Frame raw_ip_tcp_frame(const Address& from, const Address& to, std::uint32_t seq, std::uint32_t ack,
                       std::uint8_t flags, std::span<const std::uint8_t> payload);

inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;

inline std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Where frames go, one packet at a time, with a clock that moves 1 ms a packet unless told.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  // `wire_length`: what the record header says was on the wire (0: the frame's size).
  virtual void packet(std::span<const std::uint8_t> frame, std::uint32_t wire_length = 0) = 0;
  void advance_microseconds(std::int64_t us) { now_us_ += us; }

 protected:
  std::int64_t now_us_ = 1700000000LL * 1000000LL;  // 2023-11-14
};

// A classic pcap file (microsecond timestamps) written by libpcap.
class PcapWriter final : public PacketSink {
 public:
  PcapWriter(const std::filesystem::path& path, int dlt = DLT_EN10MB);
  ~PcapWriter() override;
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  void packet(std::span<const std::uint8_t> frame, std::uint32_t wire_length = 0) override;
  // Appends raw bytes after what libpcap wrote (a record header that lies).
  void raw(std::span<const std::uint8_t> bytes);
  std::uint64_t packets() const { return packets_; }

 private:
  pcap_t* dead_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
  std::uint64_t packets_ = 0;
};

// A pcapng file written by hand (libpcap 1.10 cannot write pcapng): one section header, the
// interfaces given, enhanced packet blocks. With two interfaces of different link types,
// libpcap refuses the file and mailscope's own PcapngReader reads it.
class PcapngWriter final : public PacketSink {
 public:
  PcapngWriter(const std::filesystem::path& path, const std::vector<std::uint16_t>& link_types);
  ~PcapngWriter() override;
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  // Writes an enhanced packet block on the selected interface.
  void packet(std::span<const std::uint8_t> frame, std::uint32_t wire_length = 0) override;
  void select_interface(std::uint32_t interface) { interface_ = interface; }
  void raw(std::span<const std::uint8_t> bytes);

 private:
  std::FILE* file_ = nullptr;
  std::uint32_t interface_ = 0;
};

// Sends frames to a sink as one TCP connection would, the server acknowledging what it got.
class TcpConversation {
 public:
  TcpConversation(PacketSink& sink, Address client, Address server, bool raw_ip = false);

  void handshake();
  // Sends in segments of at most `mss` bytes; the peer acknowledges each segment.
  void client_sends(std::string_view bytes, std::size_t mss = 1460);
  void server_sends(std::string_view bytes, std::size_t mss = 1460);
  void close();  // FIN from the client, FIN from the server, last ACK

  // One segment as given, without acknowledgement and without moving the sequence numbers
  // (for retransmissions and reordering).
  void client_segment_at(std::uint32_t seq, std::span<const std::uint8_t> payload);
  std::uint32_t client_seq() const { return client_seq_; }
  void set_client_seq(std::uint32_t seq) { client_seq_ = seq; }

 private:
  void send(bool from_client, std::span<const std::uint8_t> payload, std::uint8_t flags);
  Frame frame(bool from_client, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
              std::span<const std::uint8_t> payload) const;

  PacketSink& sink_;
  Address client_;
  Address server_;
  bool raw_ip_;
  std::uint32_t client_seq_ = 1000;
  std::uint32_t server_seq_ = 500000;
};

// An ordinary submission session in clear: greeting, EHLO, AUTH PLAIN with `user` and
// `password`, accepted, QUIT. The hostile captures put one before and one after their hostile
// part: both credentials must still be found.
void smtp_auth_plain_session(PacketSink& sink, Address client, Address server,
                             std::string_view user, std::string_view password, bool raw_ip = false);

}  // namespace mailscope::hostile
