#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "model/tls_info.hpp"
#include "proto/stream_buffer.hpp"

namespace mailscope {

// One TLS record as a sniffer sees it.
struct TlsRecord {
  std::uint8_t content_type = 0;  // 20 CCS, 21 alert, 22 handshake, 23 application data
  std::uint16_t version = 0;
  std::uint32_t length = 0;
  StreamItem where;                 // the whole record, header included
  std::uint8_t handshake_type = 0;  // first handshake message type, when readable in clear
  bool encrypted = false;           // its content is unreadable to a sniffer
};

std::string describe(const TlsRecord& record);

// Reads TLS records from one direction of a stream and fills the session's TlsInfo from the
// handshake messages still in clear (ClientHello, ServerHello, and the TLS 1.2 Certificate).
// Record bodies are not buffered beyond the handshake, so a long encrypted session costs
// nothing but counting.
class TlsRecordStream {
 public:
  using RecordCallback = std::function<void(const TlsRecord&)>;
  static constexpr std::uint32_t kMaxRecordLength = (1U << 14) + 2048;
  static constexpr std::size_t kMaxHandshakeBytes = 64 * 1024;

  TlsRecordStream(Direction direction, TlsInfo& info) : direction_(direction), info_(&info) {}

  // Feeds bytes; returns false once the bytes stopped looking like TLS records.
  bool feed(const Chunk& chunk, const RecordCallback& on_record);
  bool broken() const { return broken_; }
  std::uint64_t bytes_seen() const { return bytes_seen_; }

  // Whether these first bytes of a direction start a TLS record.
  static bool looks_like_record(std::span<const std::uint8_t> head);

 private:
  void on_handshake_bytes(std::span<const std::uint8_t> bytes, TlsRecord& record);
  void parse_handshake_messages(TlsRecord& record);

  Direction direction_;
  TlsInfo* info_;
  std::array<std::uint8_t, 5> header_{};
  std::size_t header_have_ = 0;
  std::uint32_t body_left_ = 0;
  TlsRecord current_;
  bool in_clear_ = true;  // handshake content of this direction still readable
  std::vector<std::uint8_t> handshake_;
  bool broken_ = false;
  std::uint64_t bytes_seen_ = 0;
};

}  // namespace mailscope
