// A throw-away EC P-256 key and self-signed certificate for one server name, made in-process.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <string>

namespace capgen {

struct EvpPkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct X509Free {
  void operator()(X509* c) const { X509_free(c); }
};

struct ServerIdentity {
  std::unique_ptr<EVP_PKEY, EvpPkeyFree> key{};
  std::unique_ptr<X509, X509Free> certificate{};
};

// CN and subjectAltName DNS are `server_name`; valid one year from `not_before_unix`.
ServerIdentity make_self_signed_identity(const std::string& server_name,
                                         std::int64_t not_before_unix);

// Another owner of the same key and certificate (reference counts, no copy).
ServerIdentity share_identity(const ServerIdentity& identity);

}  // namespace capgen
