#pragma once

#include <cstdint>
#include <string>

namespace mailscope::gui::testing {

// A tiny SMTP server and client on 127.0.0.1:`port` (as tests/e2e/live_capture_test.cpp):
// greeting, EHLO, AUTH PLAIN as alice with the password "live-secret", QUIT. Returns an empty
// string when it went through, else what failed.
std::string smtp_auth_plain_on_loopback(std::uint16_t port);

// The first words of LiveSource's permission error: a test that meets it skips.
inline bool is_permission_error(const std::string& error) {
  return error.find("no permission") != std::string::npos;
}

}  // namespace mailscope::gui::testing
