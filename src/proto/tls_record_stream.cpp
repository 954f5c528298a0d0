#include "proto/tls_record_stream.hpp"

#include <algorithm>

#include "net/byte_reader.hpp"
#include "proto/tls_handshake.hpp"

namespace mailscope {
namespace {

constexpr std::uint8_t kChangeCipherSpec = 20;
constexpr std::uint8_t kAlert = 21;
constexpr std::uint8_t kHandshake = 22;
constexpr std::uint8_t kApplicationData = 23;
constexpr std::uint8_t kClientHello = 1;
constexpr std::uint8_t kServerHello = 2;
constexpr std::uint8_t kCertificate = 11;

bool valid_header(std::span<const std::uint8_t> h) {
  return h[0] >= kChangeCipherSpec && h[0] <= 24 && h[1] == 3 && h[2] <= 4 &&
         be16(h, 3) <= TlsRecordStream::kMaxRecordLength && be16(h, 3) > 0;
}

std::string_view handshake_name(std::uint8_t type) {
  switch (type) {
    case 0:
      return "HelloRequest";
    case 1:
      return "ClientHello";
    case 2:
      return "ServerHello";
    case 4:
      return "NewSessionTicket";
    case 11:
      return "Certificate";
    case 12:
      return "ServerKeyExchange";
    case 13:
      return "CertificateRequest";
    case 14:
      return "ServerHelloDone";
    case 16:
      return "ClientKeyExchange";
    default:
      return "Handshake";
  }
}

}  // namespace

bool TlsRecordStream::looks_like_record(std::span<const std::uint8_t> head) {
  return head.size() >= 5 && valid_header(head.first(5));
}

std::string describe(const TlsRecord& r) {
  std::string size = std::to_string(r.length) + " bytes";
  switch (r.content_type) {
    case kChangeCipherSpec:
      return "TLS ChangeCipherSpec, " + size;
    case kAlert:
      return r.encrypted ? "TLS alert (encrypted), " + size : "TLS alert, " + size;
    case kHandshake:
      if (r.encrypted) return "encrypted handshake record, " + size;
      return "TLS handshake: " + std::string(handshake_name(r.handshake_type)) + ", " + size;
    case kApplicationData:
      return "encrypted record, " + size;
    default:
      return "TLS record type " + std::to_string(r.content_type) + ", " + size;
  }
}

bool TlsRecordStream::feed(const Chunk& chunk, const RecordCallback& on_record) {
  if (broken_) return false;
  auto data = chunk.data;
  std::uint64_t offset = chunk.bytes.begin;
  bytes_seen_ += data.size();
  while (!data.empty()) {
    if (header_have_ < header_.size()) {
      if (header_have_ == 0) current_ = {}, current_.where.bytes = {direction_, offset, offset};
      std::span<const std::uint8_t> header;
      std::size_t take = 0;
      if (header_have_ == 0 && data.size() >= header_.size()) {
        // The whole header in this chunk, as nearly always: read where it is (a copy cost a
        // call to memcpy for five bytes).
        take = header_.size();
        header = data.first(take);
      } else {
        // A header split between segments: gathered until it is whole.
        take = std::min(header_.size() - header_have_, data.size());
        std::copy_n(data.begin(), take,
                    header_.begin() + static_cast<std::ptrdiff_t>(header_have_));
        header = header_;
      }
      header_have_ += take;
      data = data.subspan(take);
      offset += take;
      if (header_have_ < header_.size()) break;
      if (!valid_header(header)) {
        broken_ = true;
        return false;
      }
      current_.content_type = header[0];
      current_.version = be16(header, 1);
      current_.length = be16(header, 3);
      body_left_ = current_.length;
      current_.encrypted = current_.content_type == kApplicationData ||
                           (current_.content_type != kChangeCipherSpec && !in_clear_);
    }
    std::size_t take = std::min<std::size_t>(body_left_, data.size());
    if (current_.content_type == kHandshake && in_clear_) {
      on_handshake_bytes(data.first(take), current_);
    }
    body_left_ -= static_cast<std::uint32_t>(take);
    data = data.subspan(take);
    offset += take;
    if (body_left_ == 0) {
      current_.where.bytes.end = offset;
      current_.where.packet = chunk.packet;
      current_.where.time = chunk.time;
      ++info_->records;
      if (current_.content_type == kChangeCipherSpec) in_clear_ = false;
      if (current_.content_type == kHandshake && in_clear_) parse_handshake_messages(current_);
      on_record(current_);
      header_have_ = 0;
    }
  }
  return true;
}

void TlsRecordStream::on_handshake_bytes(std::span<const std::uint8_t> bytes, TlsRecord&) {
  if (handshake_.size() + bytes.size() > kMaxHandshakeBytes) {
    handshake_.clear();  // a message larger than we care to hold: give up on its content
    return;
  }
  handshake_.insert(handshake_.end(), bytes.begin(), bytes.end());
}

void TlsRecordStream::parse_handshake_messages(TlsRecord& record) {
  // Handshake messages may span records: parse the complete ones, keep the rest for later.
  std::span<const std::uint8_t> hs(handshake_);
  bool first = true;
  while (hs.size() >= 4) {
    std::uint8_t type = hs[0];
    std::uint32_t length = be24(hs, 1);
    if (first) record.handshake_type = type;
    first = false;
    if (length > hs.size() - 4) break;
    auto body = hs.subspan(4, length);
    if (type == kClientHello && !info_->client_hello_seen) {
      if (auto hello = parse_client_hello(body)) {
        info_->client_hello_seen = true;
        info_->sni = hello->sni;
        info_->alpn = hello->alpn;
        info_->offered_versions.clear();
        for (auto v : hello->versions)
          info_->offered_versions.push_back(tls_version_name(v));
      }
    } else if (type == kServerHello && !info_->server_hello_seen) {
      if (auto hello = parse_server_hello(body)) {
        info_->server_hello_seen = true;
        info_->version = tls_version_name(hello->version);
        info_->cipher = tls_cipher_suite_name(hello->cipher_suite);
        // TLS 1.3 encrypts everything after the ServerHello, the certificate included.
        if (hello->version == 0x0304) in_clear_ = false;
      }
    } else if (type == kCertificate && !info_->certificate) {
      if (auto cert = parse_certificate_message(body)) info_->certificate = *cert;
    }
    hs = hs.subspan(4 + length);
  }
  handshake_.erase(handshake_.begin(), handshake_.end() - static_cast<std::ptrdiff_t>(hs.size()));
  if (!in_clear_) handshake_.clear();
}

}  // namespace mailscope
