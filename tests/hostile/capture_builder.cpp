#include "hostile/capture_builder.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "proto/base64.hpp"

namespace mailscope::hostile {
namespace {

void put16(Frame& f, std::size_t at, std::uint16_t v) {
  f[at] = static_cast<std::uint8_t>(v >> 8);
  f[at + 1] = static_cast<std::uint8_t>(v);
}

void put32(Frame& f, std::size_t at, std::uint32_t v) {
  put16(f, at, static_cast<std::uint16_t>(v >> 16));
  put16(f, at + 2, static_cast<std::uint16_t>(v));
}

std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2)
    sum += static_cast<std::uint32_t>((p[i] << 8) | p[i + 1]);
  if (n % 2) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
  return sum;
}

std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16)
    sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

// IPv4 + TCP at `at` in `f` (which has room for them and the payload).
void write_ip_tcp(Frame& f, std::size_t at, const Address& from, const Address& to,
                  std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
                  std::span<const std::uint8_t> payload) {
  std::size_t ip = at;
  std::size_t tcp = ip + 20;
  auto total = static_cast<std::uint16_t>(40 + payload.size());
  f[ip] = 0x45;
  put16(f, ip + 2, total);
  put16(f, ip + 6, 0x4000);  // don't fragment
  f[ip + 8] = 64;
  f[ip + 9] = 6;
  put32(f, ip + 12, from.ip);
  put32(f, ip + 16, to.ip);
  put16(f, ip + 10, fold(sum16(&f[ip], 20)));
  put16(f, tcp, from.port);
  put16(f, tcp + 2, to.port);
  put32(f, tcp + 4, seq);
  put32(f, tcp + 8, ack);
  f[tcp + 12] = 5 << 4;
  f[tcp + 13] = flags;
  put16(f, tcp + 14, 65535);
  if (!payload.empty()) std::memcpy(&f[tcp + 20], payload.data(), payload.size());
  // Pseudo-header, then the segment.
  std::uint32_t sum = sum16(&f[ip + 12], 8);
  sum += 6 + static_cast<std::uint32_t>(20 + payload.size());
  put16(f, tcp + 16, fold(sum16(&f[tcp], 20 + payload.size(), sum)));
}

}  // namespace

Frame tcp_frame(const Address& from, const Address& to, std::uint32_t seq, std::uint32_t ack,
                std::uint8_t flags, std::span<const std::uint8_t> payload) {
  if (payload.size() > 65535 - 40) throw std::invalid_argument("payload too large for IPv4");
  Frame f(14 + 40 + payload.size(), 0);
  const std::uint8_t server_mac[6] = {0x02, 0, 0, 0, 0, 0x01};
  const std::uint8_t client_mac[6] = {0x02, 0, 0, 0, 0, 0x02};
  std::memcpy(&f[0], server_mac, 6);
  std::memcpy(&f[6], client_mac, 6);
  put16(f, 12, 0x0800);
  write_ip_tcp(f, 14, from, to, seq, ack, flags, payload);
  return f;
}

Frame raw_ip_tcp_frame(const Address& from, const Address& to, std::uint32_t seq, std::uint32_t ack,
                       std::uint8_t flags, std::span<const std::uint8_t> payload) {
  if (payload.size() > 65535 - 40) throw std::invalid_argument("payload too large for IPv4");
  Frame f(40 + payload.size(), 0);
  write_ip_tcp(f, 0, from, to, seq, ack, flags, payload);
  return f;
}

PcapWriter::PcapWriter(const std::filesystem::path& path, int dlt) {
  dead_ = pcap_open_dead(dlt, 262144);
  if (!dead_) throw std::runtime_error("pcap_open_dead failed");
  dumper_ = pcap_dump_open(dead_, path.c_str());
  if (!dumper_) {
    std::string why = pcap_geterr(dead_);
    pcap_close(dead_);
    throw std::runtime_error("pcap_dump_open: " + why);
  }
}

PcapWriter::~PcapWriter() {
  if (dumper_) pcap_dump_close(dumper_);
  if (dead_) pcap_close(dead_);
}

void PcapWriter::packet(std::span<const std::uint8_t> frame, std::uint32_t wire_length) {
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(now_us_ / 1000000);
  header.ts.tv_usec = static_cast<suseconds_t>(now_us_ % 1000000);
  header.caplen = static_cast<bpf_u_int32>(frame.size());
  header.len = wire_length ? wire_length : static_cast<bpf_u_int32>(frame.size());
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
  ++packets_;
  now_us_ += 1000;
}

void PcapWriter::raw(std::span<const std::uint8_t> bytes) {
  pcap_dump_flush(dumper_);
  std::FILE* f = pcap_dump_file(dumper_);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fflush(f);
}

namespace {

void write_u16(std::FILE* f, std::uint16_t v) {
  std::fwrite(&v, 2, 1, f);
}
void write_u32(std::FILE* f, std::uint32_t v) {
  std::fwrite(&v, 4, 1, f);
}

}  // namespace

PcapngWriter::PcapngWriter(const std::filesystem::path& path,
                           const std::vector<std::uint16_t>& link_types) {
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) throw std::runtime_error("cannot write " + path.string());
  // Section header block: type, length, byte-order magic, version 1.0, section length unknown.
  write_u32(file_, 0x0A0D0D0A);
  write_u32(file_, 28);
  write_u32(file_, 0x1A2B3C4D);
  write_u16(file_, 1);
  write_u16(file_, 0);
  write_u32(file_, 0xFFFFFFFF);
  write_u32(file_, 0xFFFFFFFF);
  write_u32(file_, 28);
  for (std::uint16_t link_type : link_types) {
    write_u32(file_, 1);  // interface description block
    write_u32(file_, 20);
    write_u16(file_, link_type);
    write_u16(file_, 0);
    write_u32(file_, 262144);
    write_u32(file_, 20);
  }
}

PcapngWriter::~PcapngWriter() {
  if (file_) std::fclose(file_);
}

void PcapngWriter::packet(std::span<const std::uint8_t> frame, std::uint32_t wire_length) {
  auto caplen = static_cast<std::uint32_t>(frame.size());
  std::uint32_t padded = (caplen + 3U) & ~3U;
  std::uint32_t length = 32 + padded;
  auto ts = static_cast<std::uint64_t>(now_us_);
  write_u32(file_, 6);  // enhanced packet block
  write_u32(file_, length);
  write_u32(file_, interface_);
  write_u32(file_, static_cast<std::uint32_t>(ts >> 32));
  write_u32(file_, static_cast<std::uint32_t>(ts));
  write_u32(file_, caplen);
  write_u32(file_, wire_length ? wire_length : caplen);
  std::fwrite(frame.data(), 1, frame.size(), file_);
  const std::uint8_t zeros[4] = {0, 0, 0, 0};
  std::fwrite(zeros, 1, padded - caplen, file_);
  write_u32(file_, length);
  now_us_ += 1000;
}

void PcapngWriter::raw(std::span<const std::uint8_t> bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), file_);
}

TcpConversation::TcpConversation(PacketSink& sink, Address client, Address server, bool raw_ip)
    : sink_(sink), client_(client), server_(server), raw_ip_(raw_ip) {
  // Sequence numbers that differ per connection, as real ones do.
  client_seq_ = 1000 + client.port * 7919U;
  server_seq_ = 500000 + client.port * 104729U;
}

Frame TcpConversation::frame(bool from_client, std::uint32_t seq, std::uint32_t ack,
                             std::uint8_t flags, std::span<const std::uint8_t> payload) const {
  const Address& from = from_client ? client_ : server_;
  const Address& to = from_client ? server_ : client_;
  return raw_ip_ ? raw_ip_tcp_frame(from, to, seq, ack, flags, payload)
                 : tcp_frame(from, to, seq, ack, flags, payload);
}

void TcpConversation::handshake() {
  sink_.packet(frame(true, client_seq_, 0, kSyn, {}));
  sink_.packet(frame(false, server_seq_, client_seq_ + 1, kSyn | kAck, {}));
  ++client_seq_;
  ++server_seq_;
  sink_.packet(frame(true, client_seq_, server_seq_, kAck, {}));
}

void TcpConversation::send(bool from_client, std::span<const std::uint8_t> payload,
                           std::uint8_t flags) {
  std::uint32_t& seq = from_client ? client_seq_ : server_seq_;
  std::uint32_t& peer = from_client ? server_seq_ : client_seq_;
  sink_.packet(frame(from_client, seq, peer, flags, payload));
  seq += static_cast<std::uint32_t>(payload.size()) + ((flags & (kSyn | kFin)) ? 1 : 0);
}

void TcpConversation::client_sends(std::string_view bytes, std::size_t mss) {
  auto all = bytes_of(bytes);
  for (std::size_t at = 0; at < all.size(); at += mss) {
    send(true, all.subspan(at, std::min(mss, all.size() - at)), kPsh | kAck);
    sink_.packet(frame(false, server_seq_, client_seq_, kAck, {}));
  }
}

void TcpConversation::server_sends(std::string_view bytes, std::size_t mss) {
  auto all = bytes_of(bytes);
  for (std::size_t at = 0; at < all.size(); at += mss) {
    send(false, all.subspan(at, std::min(mss, all.size() - at)), kPsh | kAck);
    sink_.packet(frame(true, client_seq_, server_seq_, kAck, {}));
  }
}

void TcpConversation::client_segment_at(std::uint32_t seq, std::span<const std::uint8_t> payload) {
  sink_.packet(frame(true, seq, server_seq_, kPsh | kAck, payload));
}

void TcpConversation::close() {
  send(true, {}, kFin | kAck);
  send(false, {}, kFin | kAck);
  sink_.packet(frame(true, client_seq_, server_seq_, kAck, {}));
}

void smtp_auth_plain_session(PacketSink& sink, Address client, Address server,
                             std::string_view user, std::string_view password, bool raw_ip) {
  TcpConversation c(sink, client, server, raw_ip);
  c.handshake();
  c.server_sends("220 mail.example.com ESMTP Postfix\r\n");
  c.client_sends("EHLO laptop.example.org\r\n");
  c.server_sends("250-mail.example.com\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
  std::string plain;
  plain += '\0';
  plain += user;
  plain += '\0';
  plain += password;
  c.client_sends("AUTH PLAIN " + encode_base64(plain) + "\r\n");
  c.server_sends("235 2.7.0 Authentication successful\r\n");
  c.client_sends("QUIT\r\n");
  c.server_sends("221 2.0.0 Bye\r\n");
  c.close();
}

}  // namespace mailscope::hostile
