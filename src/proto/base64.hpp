#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mailscope {

// Strict base64 (RFC 4648) as SASL uses it: nullopt for anything that is not base64, so a
// stray command ("QUIT" after AUTH LOGIN is valid base64, "RSET\r" is not) cannot pass as a
// credential by accident. Decoding itself is OpenSSL's.
std::optional<std::string> decode_base64(std::string_view text);
std::string encode_base64(std::string_view bytes);

}  // namespace mailscope
