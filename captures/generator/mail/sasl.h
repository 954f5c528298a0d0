// SASL and mail-login encodings as clients put them on the wire (RFC 4616 PLAIN, LOGIN,
// RFC 2195 CRAM-MD5, Google XOAUTH2, RFC 7628 OAUTHBEARER, RFC 1939 APOP).
#pragma once

#include <string>
#include <string_view>

namespace capgen::sasl {

std::string base64(std::string_view data);

// base64(authzid NUL authcid NUL password)
std::string plain(std::string_view authzid, std::string_view user, std::string_view password);

// base64("user=" user ^A "auth=Bearer " token ^A ^A)
std::string xoauth2(std::string_view user, std::string_view token);

// base64("n,a=" user "," ^A "host=" host ^A "port=" port ^A "auth=Bearer " token ^A ^A)
std::string oauthbearer(std::string_view user, std::string_view host, int port,
                        std::string_view token);

// base64(user " " hex(HMAC-MD5(password, challenge))); `challenge` is the decoded text.
std::string cram_md5_response(std::string_view user, std::string_view password,
                              std::string_view challenge);

// hex(MD5(timestamp password)), the APOP digest.
std::string apop_digest(std::string_view banner_timestamp, std::string_view password);

}  // namespace capgen::sasl
