#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mailscope::testing {

// Compares a version-1 JSON report (made with --reveal) with an expectation: the corpus's
// expected.json entries and the captures' *.expected.json share this shape (sessions with
// client/server/protocol/transport, credentials with mechanism/username/secret/result and a
// packet or frame number). Returns one line per mismatch; empty when the report is right.
//
// Sessions are matched by their endpoints; every expected session must be reported (unless
// "optional") and every reported session must be expected: a false positive is a mismatch.
// Credentials likewise, one entry per attempt.
std::vector<std::string> compare_with_expectation(const nlohmann::json& report,
                                                  const nlohmann::json& expected);

}  // namespace mailscope::testing
