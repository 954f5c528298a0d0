#include "mail/sasl.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>
#include <vector>

namespace capgen::sasl {
namespace {

std::string hex(const unsigned char* data, unsigned int size) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 15];
  }
  return out;
}

}  // namespace

std::string base64(std::string_view data) {
  std::vector<unsigned char> out(4 * ((data.size() + 2) / 3) + 1);
  const int n = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(data.data()),
                                static_cast<int>(data.size()));
  return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
}

std::string plain(std::string_view authzid, std::string_view user, std::string_view password) {
  std::string raw(authzid);
  raw += '\0';
  raw += user;
  raw += '\0';
  raw += password;
  return base64(raw);
}

std::string xoauth2(std::string_view user, std::string_view token) {
  return base64("user=" + std::string(user) + "\x01" + "auth=Bearer " + std::string(token) +
                "\x01\x01");
}

std::string oauthbearer(std::string_view user, std::string_view host, int port,
                        std::string_view token) {
  return base64("n,a=" + std::string(user) + ",\x01" + "host=" + std::string(host) + "\x01" +
                "port=" + std::to_string(port) + "\x01" + "auth=Bearer " + std::string(token) +
                "\x01\x01");
}

std::string cram_md5_response(std::string_view user, std::string_view password,
                              std::string_view challenge) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (!HMAC(EVP_md5(), password.data(), static_cast<int>(password.size()),
            reinterpret_cast<const unsigned char*>(challenge.data()), challenge.size(), mac,
            &mac_len)) {
    throw std::runtime_error("HMAC-MD5 failed");
  }
  return base64(std::string(user) + " " + hex(mac, mac_len));
}

std::string apop_digest(std::string_view banner_timestamp, std::string_view password) {
  const std::string input = std::string(banner_timestamp) + std::string(password);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (!EVP_Digest(input.data(), input.size(), md, &md_len, EVP_md5(), nullptr)) {
    throw std::runtime_error("MD5 failed");
  }
  return hex(md, md_len);
}

}  // namespace capgen::sasl
