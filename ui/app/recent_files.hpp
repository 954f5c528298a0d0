#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mailscope::gui {

// The captures opened lately, newest first, one absolute path a line in
// $XDG_CONFIG_HOME/mailscope/recent (~/.config/mailscope/recent without XDG_CONFIG_HOME).
class RecentFiles {
 public:
  static constexpr std::size_t kMaxEntries = 10;

  // Where the list lives; empty when neither XDG_CONFIG_HOME nor HOME is set.
  static std::filesystem::path default_location();

  explicit RecentFiles(std::filesystem::path location) : location_(std::move(location)) {}

  std::vector<std::string> load() const;
  // Puts `file` first (made absolute), drops duplicates and the oldest beyond kMaxEntries,
  // and saves. Returns the new list. A list that cannot be saved is not an error worth a
  // dialog: the capture still opens.
  std::vector<std::string> remember(const std::string& file) const;

 private:
  std::filesystem::path location_;
};

}  // namespace mailscope::gui
