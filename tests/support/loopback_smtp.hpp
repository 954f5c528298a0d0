#pragma once

#include <cstdint>
#include <string>

namespace mailscope::testing {

// A tiny SMTP server and client on 127.0.0.1:`port`, for the live-capture tests of the CLI and
// the GUI: greeting, EHLO, AUTH PLAIN as alice with the password "live-secret", QUIT. Returns
// an empty string when it went through, else what failed.
std::string smtp_auth_plain_on_loopback(std::uint16_t port);

}  // namespace mailscope::testing
