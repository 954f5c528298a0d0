#pragma once

#include <optional>
#include <string>

#include "app/capture_model.hpp"
#include "model/credential.hpp"
#include "model/event.hpp"

namespace mailscope::gui {

// Where a credential's secret sits inside an event's text, if it does.
struct TextSpan {
  std::size_t begin = 0;
  std::size_t size = 0;
};
std::optional<TextSpan> secret_span_in(const Event& event, const Credential& credential);

// The stream bytes of the secret itself, as the hex dump and the sniffer's eye highlight and
// mask them: the part of the core's Credential::secret_bytes that secret_span_in() keeps.
ByteRange shown_secret_range(const SessionEntry& entry, const Credential& credential);

// "alice", or "(none)" when the wire held no user name.
std::string user_label(const Credential& credential);

// The event's line as the conversation view shows it: the secret's characters replaced by
// bullets unless `revealed`. A masked line never holds a character of the secret, so a photo
// of the projector holds none either.
std::string line_for_display(const Event& event, const Credential* credential, bool revealed);

// The secret itself, for the "decoded" column: masked like the CLI (mask_secret) unless
// revealed; for digests and tokens, what the wire holds instead of a password.
std::string secret_for_display(const Credential& credential, bool revealed);

// "password", "digest", "token": what the secret is, in a word a trainee understands.
std::string secret_noun(const Credential& credential);

// "user alice · password a*****e · accepted": the decoded meaning of a credential line.
std::string credential_summary(const Credential& credential, bool revealed);

// Bullets for `count` masked bytes, capped so a long token does not fill the row.
std::string bullets(std::size_t count);

}  // namespace mailscope::gui
