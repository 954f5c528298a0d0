#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/tls_info.hpp"

namespace mailscope {

// The parts of the TLS handshake a sniffer reads in clear (RFC 8446, RFC 5246). Each parser
// takes one handshake message body (after the 4-byte type/length header) and returns nullopt
// when it is malformed.
struct ClientHello {
  std::string sni;
  std::vector<std::string> alpn;
  std::vector<std::uint16_t> versions;  // supported_versions, else the legacy version
};

struct ServerHello {
  std::uint16_t version = 0;  // supported_versions (TLS 1.3) or the legacy version
  std::uint16_t cipher_suite = 0;
};

std::optional<ClientHello> parse_client_hello(std::span<const std::uint8_t> body);
std::optional<ServerHello> parse_server_hello(std::span<const std::uint8_t> body);
// The first (leaf) certificate of a TLS 1.2 Certificate message, read with OpenSSL.
std::optional<CertificateInfo> parse_certificate_message(std::span<const std::uint8_t> body);

std::string tls_version_name(std::uint16_t version);     // "TLS 1.3", "SSL 3.0", "0x7f1c"
std::string tls_cipher_suite_name(std::uint16_t suite);  // IANA name, else "0xC02F"
bool is_grease(std::uint16_t value);

}  // namespace mailscope
