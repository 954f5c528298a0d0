#include "core/self_signed_cert.h"

#include <openssl/x509v3.h>

#include <stdexcept>

namespace capgen {
namespace {

void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

}  // namespace

ServerIdentity make_self_signed_identity(const std::string& server_name,
                                         std::int64_t not_before_unix) {
  ServerIdentity id;
  id.key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!id.key) throw std::runtime_error("OpenSSL: EC P-256 key generation failed");
  id.certificate.reset(X509_new());
  X509* cert = id.certificate.get();
  check(X509_set_version(cert, X509_VERSION_3), "X509_set_version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(cert), 0x2026), "serial");
  // Fixed validity, so the certificate is valid at the capture's time whenever it is generated.
  const auto not_before = static_cast<time_t>(not_before_unix);
  const time_t not_after = not_before + 365 * 24 * 3600;
  if (!ASN1_TIME_set(X509_getm_notBefore(cert), not_before) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert), not_after)) {
    throw std::runtime_error("OpenSSL: setting validity failed");
  }
  check(X509_set_pubkey(cert, id.key.get()), "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert);
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(server_name.c_str()), -1,
                                   -1, 0),
        "CN");
  check(X509_set_issuer_name(cert, name), "X509_set_issuer_name");
  const std::string san = "DNS:" + server_name;
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, san.c_str());
  if (!ext) throw std::runtime_error("OpenSSL: subjectAltName failed");
  const int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  check(added, "X509_add_ext");
  if (X509_sign(cert, id.key.get(), EVP_sha256()) <= 0) {
    throw std::runtime_error("OpenSSL: X509_sign failed");
  }
  return id;
}

ServerIdentity share_identity(const ServerIdentity& identity) {
  ServerIdentity copy;
  if (EVP_PKEY_up_ref(identity.key.get()) != 1 || X509_up_ref(identity.certificate.get()) != 1) {
    throw std::runtime_error("OpenSSL: sharing a server identity failed");
  }
  copy.key.reset(identity.key.get());
  copy.certificate.reset(identity.certificate.get());
  return copy;
}

}  // namespace capgen
