#include "core/tls_pump.h"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <stdexcept>

namespace capgen {
namespace {

[[noreturn]] void fail(const std::string& what) {
  std::string detail;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    detail += std::string(" | ") + buf;
  }
  throw std::runtime_error("TLS: " + what + detail);
}

int select_alpn(SSL*, const unsigned char** out, unsigned char* outlen, const unsigned char* in,
                unsigned int inlen, void*) {
  if (inlen == 0 || in[0] + 1u > inlen) return SSL_TLSEXT_ERR_NOACK;
  *out = in + 1;  // the client's first protocol
  *outlen = in[0];
  return SSL_TLSEXT_ERR_OK;
}

int version_constant(TlsVersion v) {
  return v == TlsVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
}

}  // namespace

void TlsPump::keylog_callback(const SSL* ssl, const char* line) {
  auto* self = static_cast<TlsPump*>(SSL_get_app_data(ssl));
  if (self) self->keylog_.emplace_back(line);
}

TlsContexts::TlsContexts(const TlsOptions& options, ServerIdentity identity)
    : identity_(std::move(identity)),
      client_(SSL_CTX_new(TLS_client_method())),
      server_(SSL_CTX_new(TLS_server_method())) {
  if (!client_ || !server_) fail("SSL_CTX_new");
  const int v = version_constant(options.version);
  for (SSL_CTX* ctx : {client(), server()}) {
    SSL_CTX_set_min_proto_version(ctx, v);
    SSL_CTX_set_max_proto_version(ctx, v);
  }
  if (!options.tls13_ciphersuites.empty() &&
      !SSL_CTX_set_ciphersuites(client(), options.tls13_ciphersuites.c_str())) {
    fail("ciphersuites");
  }
  if (!options.tls12_cipher_list.empty() &&
      !SSL_CTX_set_cipher_list(client(), options.tls12_cipher_list.c_str())) {
    fail("cipher list");
  }
  if (SSL_CTX_use_certificate(server(), identity_.certificate.get()) != 1 ||
      SSL_CTX_use_PrivateKey(server(), identity_.key.get()) != 1) {
    fail("server certificate");
  }
  if (!options.alpn.empty()) SSL_CTX_set_alpn_select_cb(server(), select_alpn, nullptr);
  // The client trusts exactly this certificate and checks the host name, as a real one would.
  X509_STORE_add_cert(SSL_CTX_get_cert_store(client()), identity_.certificate.get());
  SSL_CTX_set_verify(client(), SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_keylog_callback(client(), TlsPump::keylog_callback);
}

TlsPump::TlsPump(const TlsOptions& options)
    : TlsPump(options, std::make_shared<const TlsContexts>(
                           options, make_self_signed_identity(options.server_name,
                                                              options.now_unix - 30 * 86400))) {}

TlsPump::TlsPump(const TlsOptions& options, std::shared_ptr<const TlsContexts> contexts)
    : options_(options), contexts_(std::move(contexts)) {
  for (Side s : {Side::kClient, Side::kServer}) {
    End& e = end(s);
    e.ssl = SSL_new(s == Side::kClient ? contexts_->client() : contexts_->server());
    e.in = BIO_new(BIO_s_mem());
    e.out = BIO_new(BIO_s_mem());
    if (!e.ssl || !e.in || !e.out) fail("SSL_new/BIO_new");
    BIO_set_mem_eof_return(e.in, -1);  // empty means "wait for more", not EOF
    BIO_set_mem_eof_return(e.out, -1);
    SSL_set_bio(e.ssl, e.in, e.out);  // the SSL now owns both BIOs
    SSL_set_app_data(e.ssl, this);
  }
  SSL_set_connect_state(client_.ssl);
  SSL_set_accept_state(server_.ssl);
  if (options.send_sni && !SSL_set_tlsext_host_name(client_.ssl, options.server_name.c_str())) {
    fail("SNI");
  }
  if (SSL_set1_host(client_.ssl, options.server_name.c_str()) != 1) fail("SSL_set1_host");
  X509_VERIFY_PARAM_set_time(SSL_get0_param(client_.ssl), static_cast<time_t>(options.now_unix));
  if (!options.alpn.empty()) {
    for (const std::string& p : options.alpn) {
      alpn_wire_.push_back(static_cast<std::uint8_t>(p.size()));
      append(alpn_wire_, p);
    }
    if (SSL_set_alpn_protos(client_.ssl, alpn_wire_.data(),
                            static_cast<unsigned>(alpn_wire_.size())) != 0) {
      fail("ALPN");
    }
  }
}

TlsPump::~TlsPump() {
  SSL_free(client_.ssl);
  SSL_free(server_.ssl);
}

Bytes TlsPump::drain(Side from) {
  End& me = end(from);
  End& other = end(peer_of(from));
  Bytes out;
  char buf[4096];
  for (;;) {
    const int n = BIO_read(me.out, buf, sizeof buf);
    if (n <= 0) break;
    out.insert(out.end(), buf, buf + n);
  }
  if (!out.empty() && BIO_write(other.in, out.data(), static_cast<int>(out.size())) <= 0) {
    fail("BIO_write");
  }
  return out;
}

std::vector<TlsFlight> TlsPump::handshake() {
  std::vector<TlsFlight> flights;
  auto step = [&](Side s) {
    const int rc = SSL_do_handshake(end(s).ssl);
    if (rc != 1) {
      const int err = SSL_get_error(end(s).ssl, rc);
      if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
        fail(s == Side::kClient ? "client handshake" : "server handshake");
      }
    }
    Bytes b = drain(s);
    if (!b.empty()) flights.push_back({s, std::move(b)});
  };
  for (int round = 0; round < 16; ++round) {
    step(Side::kClient);
    step(Side::kServer);
    if (SSL_is_init_finished(client_.ssl) && SSL_is_init_finished(server_.ssl)) {
      step(Side::kServer);  // TLS 1.3 session tickets follow the client's Finished
      if (SSL_get_verify_result(client_.ssl) != X509_V_OK) fail("certificate verification");
      return flights;
    }
  }
  fail("handshake did not finish");
}

void TlsPump::read_all(Side at, std::string* plaintext) {
  char buf[16384];
  for (;;) {
    const int n = SSL_read(end(at).ssl, buf, sizeof buf);
    if (n > 0) {
      if (plaintext) plaintext->append(buf, static_cast<std::size_t>(n));
      continue;
    }
    const int err = SSL_get_error(end(at).ssl, n);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_ZERO_RETURN) return;
    fail("SSL_read");
  }
}

Bytes TlsPump::write(Side from, std::string_view plaintext) {
  if (SSL_write(end(from).ssl, plaintext.data(), static_cast<int>(plaintext.size())) !=
      static_cast<int>(plaintext.size())) {
    fail("SSL_write");
  }
  Bytes wire = drain(from);
  std::string received;
  read_all(peer_of(from), &received);
  if (received != plaintext) fail("peer decrypted something else");
  if (BIO_ctrl_pending(end(peer_of(from)).out) != 0) fail("peer answered unexpectedly");
  return wire;
}

Bytes TlsPump::close_notify(Side from) {
  SSL_shutdown(end(from).ssl);
  Bytes wire = drain(from);
  read_all(peer_of(from), nullptr);
  return wire;
}

std::string TlsPump::version() const {
  return SSL_version(client_.ssl) == TLS1_3_VERSION ? "TLS 1.3" : "TLS 1.2";
}

std::string TlsPump::cipher() const {
  return SSL_CIPHER_standard_name(SSL_get_current_cipher(client_.ssl));
}

std::optional<std::string> TlsPump::sni() const {
  if (!options_.send_sni) return std::nullopt;
  return options_.server_name;
}

}  // namespace capgen
