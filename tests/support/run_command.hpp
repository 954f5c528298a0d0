#pragma once

#include <string>
#include <vector>

namespace mailscope::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  long max_rss_kib = 0;  // peak resident memory of the child
};

// Runs a program (no shell) and collects its output, exit code and peak memory.
CommandResult run_command(const std::vector<std::string>& argv, bool stdin_from_dev_null = true);

}  // namespace mailscope::testing
