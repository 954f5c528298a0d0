#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mailscope::gui::testing {

// The real mailscope-gui, started as a child process with its output in a log file.
class GuiProcess {
 public:
  // Starts MAILSCOPE_GUI_BINARY with `args`. Under the sanitizers, Mesa's software driver is
  // preloaded so LeakSanitizer can read its stacks (see docs/gui.md, platform notes §7).
  GuiProcess(const std::vector<std::string>& args, const std::string& log_path,
             const std::map<std::string, std::string>& extra_env = {},
             const std::string& working_dir = {});
  ~GuiProcess();  // kills the app if it is still running
  GuiProcess(const GuiProcess&) = delete;
  GuiProcess& operator=(const GuiProcess&) = delete;

  bool started() const { return pid_ > 0; }
  bool running();
  // The exit status, or nullopt if it did not end within `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  std::string log() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

// Runs the app to completion (a screenshot run); returns its exit status, -1 on timeout.
int run_gui(const std::vector<std::string>& args, const std::string& log_path,
            std::chrono::seconds timeout = std::chrono::seconds(90),
            const std::string& working_dir = {});

// Runs a command line through /bin/sh; returns its exit status.
int shell(const std::string& command);
bool have_program(const std::string& name);

}  // namespace mailscope::gui::testing
