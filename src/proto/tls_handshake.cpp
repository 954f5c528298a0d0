#include "proto/tls_handshake.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <unordered_map>

#include "net/byte_reader.hpp"

namespace mailscope {
namespace {

constexpr std::uint16_t kExtServerName = 0;
constexpr std::uint16_t kExtAlpn = 16;
constexpr std::uint16_t kExtSupportedVersions = 43;

// A bounds-checked cursor; every read fails softly once the data runs out.
class Cursor {
 public:
  explicit Cursor(std::span<const std::uint8_t> b) : b_(b) {}
  bool ok() const { return ok_; }
  std::size_t left() const { return ok_ ? b_.size() - at_ : 0; }
  std::uint8_t u8() { return need(1) ? b_[at_++] : 0; }
  std::uint16_t u16() {
    if (!need(2)) return 0;
    std::uint16_t v = be16(b_, at_);
    at_ += 2;
    return v;
  }
  std::uint32_t u24() {
    if (!need(3)) return 0;
    std::uint32_t v = be24(b_, at_);
    at_ += 3;
    return v;
  }
  std::span<const std::uint8_t> bytes(std::size_t n) {
    if (!need(n)) return {};
    auto s = b_.subspan(at_, n);
    at_ += n;
    return s;
  }

 private:
  bool need(std::size_t n) {
    if (!ok_ || b_.size() - at_ < n) ok_ = false;
    return ok_;
  }
  std::span<const std::uint8_t> b_;
  std::size_t at_ = 0;
  bool ok_ = true;
};

std::string as_string(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

void read_client_extension(std::uint16_t type, std::span<const std::uint8_t> data,
                           ClientHello& hello) {
  Cursor c(data);
  if (type == kExtServerName) {
    auto list = Cursor(c.bytes(c.u16()));
    while (list.left() > 0) {
      std::uint8_t name_type = list.u8();
      auto name = list.bytes(list.u16());
      if (!list.ok()) break;
      if (name_type == 0) hello.sni = as_string(name);
    }
  } else if (type == kExtAlpn) {
    auto list = Cursor(c.bytes(c.u16()));
    while (list.left() > 0) {
      auto proto = list.bytes(list.u8());
      if (!list.ok()) break;
      hello.alpn.push_back(as_string(proto));
    }
  } else if (type == kExtSupportedVersions) {
    auto list = Cursor(c.bytes(c.u8()));
    std::vector<std::uint16_t> versions;
    while (list.left() >= 2) {
      std::uint16_t v = list.u16();
      if (!is_grease(v)) versions.push_back(v);
    }
    if (!versions.empty()) hello.versions = versions;
  }
}

std::string name_to_string(X509_NAME* name) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::optional<CertificateInfo> decode_certificate(std::span<const std::uint8_t> der) {
  const unsigned char* p = der.data();
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      d2i_X509(nullptr, &p, static_cast<long>(der.size())), &X509_free);
  if (!cert) return std::nullopt;
  CertificateInfo info;
  info.subject = name_to_string(X509_get_subject_name(cert.get()));
  info.issuer = name_to_string(X509_get_issuer_name(cert.get()));
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) == 1) {
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    info.not_after = buf;
  }
  return info;
}

}  // namespace

bool is_grease(std::uint16_t v) {
  return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF);
}

std::optional<ClientHello> parse_client_hello(std::span<const std::uint8_t> body) {
  Cursor c(body);
  ClientHello hello;
  std::uint16_t legacy_version = c.u16();
  c.bytes(32);       // random
  c.bytes(c.u8());   // session id
  c.bytes(c.u16());  // cipher suites
  c.bytes(c.u8());   // compression methods
  if (!c.ok()) return std::nullopt;
  hello.versions = {legacy_version};
  if (c.left() < 2) return hello;  // no extensions (SSL 3.0 style)
  Cursor extensions(c.bytes(c.u16()));
  while (extensions.left() >= 4) {
    std::uint16_t type = extensions.u16();
    auto data = extensions.bytes(extensions.u16());
    if (!extensions.ok()) break;
    read_client_extension(type, data, hello);
  }
  return hello;
}

std::optional<ServerHello> parse_server_hello(std::span<const std::uint8_t> body) {
  Cursor c(body);
  ServerHello hello;
  hello.version = c.u16();
  c.bytes(32);
  c.bytes(c.u8());
  hello.cipher_suite = c.u16();
  c.u8();  // compression
  if (!c.ok()) return std::nullopt;
  if (c.left() >= 2) {
    Cursor extensions(c.bytes(c.u16()));
    while (extensions.left() >= 4) {
      std::uint16_t type = extensions.u16();
      auto data = extensions.bytes(extensions.u16());
      if (!extensions.ok()) break;
      if (type == kExtSupportedVersions && data.size() == 2) hello.version = be16(data, 0);
    }
  }
  return hello;
}

std::optional<CertificateInfo> parse_certificate_message(std::span<const std::uint8_t> body) {
  Cursor c(body);
  Cursor list(c.bytes(c.u24()));
  auto der = list.bytes(list.u24());
  if (!list.ok() || der.empty()) return std::nullopt;
  // A server shows the same certificate in every session, and OpenSSL 3's decoder is slow:
  // remember the last few (per thread: the GUI and live capture analyse on their own threads).
  thread_local std::unordered_map<std::string, CertificateInfo> cache;
  std::string key(reinterpret_cast<const char*>(der.data()), der.size());
  if (auto hit = cache.find(key); hit != cache.end()) return hit->second;
  if (cache.size() >= 64) cache.clear();
  auto info = decode_certificate(der);
  if (info) cache.emplace(std::move(key), *info);
  return info;
}

std::string tls_version_name(std::uint16_t version) {
  switch (version) {
    case 0x0300:
      return "SSL 3.0";
    case 0x0301:
      return "TLS 1.0";
    case 0x0302:
      return "TLS 1.1";
    case 0x0303:
      return "TLS 1.2";
    case 0x0304:
      return "TLS 1.3";
    default:
      break;
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", version);
  return buf;
}

namespace {

std::string look_up_cipher_suite_name(std::uint16_t suite) {
  // OpenSSL knows the IANA names; a context that enables every suite it has lets it find them.
  static SSL_CTX* ctx = [] {
    SSL_CTX* c = SSL_CTX_new(TLS_method());
    if (c) SSL_CTX_set_cipher_list(c, "ALL:COMPLEMENTOFALL:@SECLEVEL=0");
    return c;
  }();
  static SSL* ssl = ctx ? SSL_new(ctx) : nullptr;
  if (ssl) {
    const unsigned char id[2] = {static_cast<unsigned char>(suite >> 8),
                                 static_cast<unsigned char>(suite & 0xFF)};
    if (const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, id)) {
      if (const char* name = SSL_CIPHER_standard_name(cipher)) return name;
    }
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", suite);
  return buf;
}

}  // namespace

std::string tls_cipher_suite_name(std::uint16_t suite) {
  // SSL_CIPHER_find searches OpenSSL's list one by one (thousands of instructions a session):
  // each thread remembers the names it was asked for, at most one per 16-bit suite number.
  thread_local std::unordered_map<std::uint16_t, std::string> known;
  if (auto it = known.find(suite); it != known.end()) return it->second;
  return known.emplace(suite, look_up_cipher_suite_name(suite)).first->second;
}

}  // namespace mailscope
