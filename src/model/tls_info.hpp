#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mailscope {

struct CertificateInfo {
  std::string subject;
  std::string issuer;
  std::string not_after;  // ISO-8601
};

// What a sniffer learns of a TLS session without any key: the handshake in clear, then sizes.
struct TlsInfo {
  std::string version;  // negotiated (ServerHello, supported_versions for TLS 1.3)
  std::string cipher;   // IANA name of the chosen cipher suite
  std::string sni;
  std::vector<std::string> alpn;
  std::vector<std::string> offered_versions;   // from the ClientHello
  std::optional<CertificateInfo> certificate;  // TLS 1.2 and older show it in clear
  std::uint64_t records = 0;
  std::uint64_t start_packet = 0;  // packet of the first TLS record
  bool client_hello_seen = false;
  bool server_hello_seen = false;
};

}  // namespace mailscope
