#pragma once

#include <cstdint>
#include <string>

#include "../../support/loopback_smtp.hpp"

namespace mailscope::gui::testing {

using mailscope::testing::smtp_auth_plain_on_loopback;

// The first words of LiveSource's permission error: a test that meets it skips.
inline bool is_permission_error(const std::string& error) {
  return error.find("no permission") != std::string::npos;
}

}  // namespace mailscope::gui::testing
