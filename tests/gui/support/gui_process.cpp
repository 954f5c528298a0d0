#include "support/gui_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace mailscope::gui::testing {
namespace {

std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
#ifdef MAILSCOPE_SANITIZED
  // Mesa's swrast driver is dlclose'd at exit, so LeakSanitizer cannot symbolize (or suppress)
  // what it holds and reports it as a leak. Keeping the driver loaded lets leak checking stay
  // on for our own code.
  const char* swrast = "/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so";
  if (std::filesystem::exists(swrast)) {
    env["LD_PRELOAD"] = swrast;
    std::string asan = env.count("ASAN_OPTIONS") ? env["ASAN_OPTIONS"] + ":" : "";
    env["ASAN_OPTIONS"] = asan + "verify_asan_link_order=0";
  } else {
    std::string asan = env.count("ASAN_OPTIONS") ? env["ASAN_OPTIONS"] + ":" : "";
    env["ASAN_OPTIONS"] = asan + "detect_leaks=0";
  }
#endif
  for (const auto& [k, v] : extra)
    env[k] = v;
  std::vector<std::string> out;
  for (const auto& [k, v] : env)
    out.push_back(k + "=" + v);
  return out;
}

}  // namespace

GuiProcess::GuiProcess(const std::vector<std::string>& args, const std::string& log_path,
                       const std::map<std::string, std::string>& extra_env,
                       const std::string& working_dir)
    : log_path_(log_path) {
  std::vector<std::string> argv_strings = {MAILSCOPE_GUI_BINARY};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = child_environment(extra_env);
  std::vector<char*> envp;
  for (auto& e : env_strings)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  if (!working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
}

GuiProcess::~GuiProcess() {
  if (pid_ <= 0 || status_) return;
  ::kill(pid_, SIGTERM);
  if (!wait(std::chrono::milliseconds(3000))) {
    ::kill(pid_, SIGKILL);
    wait(std::chrono::milliseconds(3000));
  }
}

bool GuiProcess::running() {
  if (pid_ <= 0 || status_) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

std::optional<int> GuiProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return status_;
}

std::string GuiProcess::log() const {
  std::ifstream in(log_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int run_gui(const std::vector<std::string>& args, const std::string& log_path,
            std::chrono::seconds timeout, const std::string& working_dir) {
  GuiProcess app(args, log_path, {}, working_dir);
  if (!app.started()) return -1;
  auto status = app.wait(timeout);
  return status ? *status : -1;
}

int shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool have_program(const std::string& name) {
  return shell("command -v " + name + " >/dev/null 2>&1") == 0;
}

}  // namespace mailscope::gui::testing
