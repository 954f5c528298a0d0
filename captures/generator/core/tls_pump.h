// A real TLS client and server (OpenSSL) joined by memory BIOs. Every byte either side emits is
// handed back so the caller can send it as TCP payload; nothing touches a socket.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/self_signed_cert.h"
#include "core/tcp_conversation.h"

namespace capgen {

enum class TlsVersion { kTls12, kTls13 };

struct TlsOptions {
  std::string server_name{};  // certificate CN/SAN, and the name the client verifies
  bool send_sni = true;       // Postfix as an SMTP client sends no SNI by default
  TlsVersion version = TlsVersion::kTls13;
  std::string tls13_ciphersuites{};  // what the client offers (empty: OpenSSL default)
  std::string tls12_cipher_list{};
  std::vector<std::string> alpn{};  // client offer; the server picks the first
  std::int64_t now_unix = 0;        // time for certificate validity and verification
};

struct TlsFlight {
  Side from{};
  Bytes bytes{};
};

// The client's and the server's SSL_CTX for given options and server identity. They are costly
// to make (OpenSSL 3 looks every algorithm up) and can be shared by many sessions that differ
// only in what they say.
class TlsContexts {
 public:
  TlsContexts(const TlsOptions& options, ServerIdentity identity);
  TlsContexts(const TlsContexts&) = delete;
  TlsContexts& operator=(const TlsContexts&) = delete;

  SSL_CTX* client() const { return client_.get(); }
  SSL_CTX* server() const { return server_.get(); }

 private:
  struct CtxFree {
    void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
  };
  ServerIdentity identity_;
  std::unique_ptr<SSL_CTX, CtxFree> client_;
  std::unique_ptr<SSL_CTX, CtxFree> server_;
};

class TlsPump {
 public:
  // A session with contexts of its own and a new server certificate.
  explicit TlsPump(const TlsOptions& options);
  // A session on shared contexts, made with the same version, ciphers, ALPN and server name.
  TlsPump(const TlsOptions& options, std::shared_ptr<const TlsContexts> contexts);
  ~TlsPump();
  TlsPump(const TlsPump&) = delete;
  TlsPump& operator=(const TlsPump&) = delete;

  // Runs the handshake to completion on both sides; returns each side's output in order.
  std::vector<TlsFlight> handshake();
  // Encrypts `plaintext` on `from`, has the peer decrypt it, returns the records on the wire.
  Bytes write(Side from, std::string_view plaintext);
  // close_notify alert from `from`.
  Bytes close_notify(Side from);

  std::string version() const;  // "TLS 1.2" / "TLS 1.3"
  std::string cipher() const;   // IANA name, e.g. TLS_AES_256_GCM_SHA384
  std::optional<std::string> sni() const;
  // NSS key log lines (CLIENT_RANDOM / *_TRAFFIC_SECRET) to decrypt the capture in Wireshark.
  const std::vector<std::string>& keylog() const { return keylog_; }

 private:
  friend class TlsContexts;  // installs keylog_callback
  struct End {
    SSL* ssl = nullptr;
    BIO* in = nullptr;   // network -> SSL
    BIO* out = nullptr;  // SSL -> network
  };
  End& end(Side s) { return s == Side::kClient ? client_ : server_; }
  Bytes drain(Side from);
  void read_all(Side at, std::string* plaintext);
  static void keylog_callback(const SSL* ssl, const char* line);

  TlsOptions options_;
  std::shared_ptr<const TlsContexts> contexts_;
  End client_;
  End server_;
  Bytes alpn_wire_;
  std::vector<std::string> keylog_;
};

}  // namespace capgen
