#include "proto/sasl.hpp"

#include <algorithm>
#include <cctype>

#include "proto/base64.hpp"
#include "proto/text_util.hpp"

namespace mailscope {
namespace {

// Splits "k1=v1\x01k2=v2\x01\x01" style OAuth key/value lists.
std::string_view oauth_value(std::string_view kvpairs, std::string_view key) {
  std::size_t at = 0;
  while (at < kvpairs.size()) {
    std::size_t end = kvpairs.find('\x01', at);
    if (end == std::string_view::npos) end = kvpairs.size();
    std::string_view pair = kvpairs.substr(at, end - at);
    if (pair.size() > key.size() && pair.substr(0, key.size()) == key && pair[key.size()] == '=') {
      return pair.substr(key.size() + 1);
    }
    at = end + 1;
  }
  return {};
}

std::string_view strip_bearer(std::string_view auth) {
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() >= kBearer.size()) {
    std::string prefix = to_upper(auth.substr(0, kBearer.size()));
    if (prefix == "BEARER ") return auth.substr(kBearer.size());
  }
  return auth;
}

}  // namespace

SaslExchange::SaslExchange(std::string_view mechanism) : mechanism_(to_upper(mechanism)) {}

void SaslExchange::malformed(std::string reason) {
  state_ = State::kMalformed;
  malformed_reason_ = std::move(reason);
}

void SaslExchange::initial_response(std::string_view base64, const StreamItem& where) {
  if (base64 == "=") {
    take({}, where, base64);
    return;
  }
  client_response(base64, where);
}

void SaslExchange::server_challenge(std::string_view base64) {
  auto decoded = decode_base64(base64);
  last_challenge_ = decoded ? *decoded : std::string(base64);
}

void SaslExchange::client_response(std::string_view base64, const StreamItem& where) {
  if (state_ != State::kInProgress) return;
  if (base64 == "*") {
    state_ = State::kCancelled;
    last_description_ = "cancels the authentication";
    return;
  }
  auto decoded = decode_base64(base64);
  if (!decoded) {
    malformed("the " + mechanism_ + " response is not base64");
    last_description_ = "not base64";
    return;
  }
  take(*decoded, where, base64);
}

void SaslExchange::take(std::string_view decoded, const StreamItem& where, std::string_view raw) {
  ++responses_;
  last_description_.clear();
  if (mechanism_ == "PLAIN") {
    plain(decoded, where);
  } else if (mechanism_ == "LOGIN") {
    login(decoded, where);
  } else if (mechanism_ == "CRAM-MD5") {
    cram_md5(decoded, where);
  } else if (mechanism_ == "XOAUTH2") {
    oauth(decoded, where, false);
  } else if (mechanism_ == "OAUTHBEARER") {
    oauth(decoded, where, true);
  }
  if (credential_ && credential_->response.empty() && !raw.empty()) {
    credential_->response = std::string(raw);
  }
}

void SaslExchange::plain(std::string_view decoded, const StreamItem& where) {
  if (credential_) return;  // a second response to PLAIN is an error reply, not a password
  // authzid NUL authcid NUL passwd
  std::size_t first = decoded.find('\0');
  std::size_t second = first == std::string_view::npos ? first : decoded.find('\0', first + 1);
  if (second == std::string_view::npos) {
    malformed("the PLAIN response does not hold authzid, user and password");
    return;
  }
  SaslCredential c;
  c.mechanism = "PLAIN";
  std::string_view authzid = decoded.substr(0, first);
  c.username = std::string(decoded.substr(first + 1, second - first - 1));
  if (!authzid.empty()) c.authzid = std::string(authzid);
  c.secret = std::string(decoded.substr(second + 1));
  c.where = where;
  last_description_ = "user " + c.username + ", password";
  if (c.authzid) last_description_ += " (acting as " + *c.authzid + ")";
  credential_ = std::move(c);
}

void SaslExchange::login(std::string_view decoded, const StreamItem& where) {
  // Whatever the server's 334 prompts say, the first response is the user, the second the
  // password (several servers prompt in other words or in other languages).
  if (responses_ == 1) {
    login_username_ = std::string(decoded);
    last_description_ = "user " + login_username_;
    return;
  }
  if (responses_ != 2) return;
  SaslCredential c;
  c.mechanism = "LOGIN";
  c.username = login_username_;
  c.secret = std::string(decoded);
  c.where = where;
  last_description_ = "password of " + c.username;
  credential_ = std::move(c);
}

void SaslExchange::cram_md5(std::string_view decoded, const StreamItem& where) {
  if (credential_) return;
  // "user hexdigest": the digest proves the password without showing it, but anyone holding
  // challenge and response can try passwords offline.
  std::size_t space = decoded.rfind(' ');
  if (space == std::string_view::npos) {
    malformed("the CRAM-MD5 response is not 'user digest'");
    return;
  }
  SaslCredential c;
  c.mechanism = "CRAM-MD5";
  c.username = std::string(decoded.substr(0, space));
  c.secret_kind = SecretKind::kChallengeResponse;
  c.where = where;
  c.challenge = last_challenge_;
  c.response = std::string(decoded.substr(space + 1));
  last_description_ = "user " + c.username + ", digest " + c.response + " (crackable offline)";
  credential_ = std::move(c);
}

void SaslExchange::oauth(std::string_view decoded, const StreamItem& where, bool bearer_gs2) {
  if (credential_) return;  // the empty line after an error challenge
  std::string_view user;
  std::string_view kvpairs = decoded;
  if (bearer_gs2) {
    // OAUTHBEARER: gs2-header "n,a=user," then \x01 separated key/values.
    std::size_t sep = decoded.find('\x01');
    std::string_view gs2 = decoded.substr(0, sep);
    std::size_t a = gs2.find("a=");
    if (a != std::string_view::npos) {
      user = gs2.substr(a + 2);
      user = user.substr(0, user.find(','));
    }
    kvpairs = sep == std::string_view::npos ? std::string_view{} : decoded.substr(sep + 1);
  } else {
    user = oauth_value(decoded, "user");
  }
  std::string_view token = strip_bearer(oauth_value(kvpairs, "auth"));
  if (token.empty()) {
    malformed("the " + mechanism_ + " response carries no bearer token");
    return;
  }
  SaslCredential c;
  c.mechanism = mechanism_;
  c.username = std::string(user);
  c.secret = std::string(token);
  c.secret_kind = SecretKind::kToken;
  c.where = where;
  last_description_ = "user " + c.username + ", bearer token";
  credential_ = std::move(c);
}

}  // namespace mailscope
