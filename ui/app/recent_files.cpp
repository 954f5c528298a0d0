#include "app/recent_files.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace mailscope::gui {

std::filesystem::path RecentFiles::default_location() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "mailscope" / "recent";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".config" / "mailscope" / "recent";
  }
  return {};
}

std::vector<std::string> RecentFiles::load() const {
  std::vector<std::string> files;
  if (location_.empty()) return files;
  std::ifstream in(location_);
  std::string line;
  while (std::getline(in, line) && files.size() < kMaxEntries) {
    if (!line.empty() && std::find(files.begin(), files.end(), line) == files.end()) {
      files.push_back(line);
    }
  }
  return files;
}

std::vector<std::string> RecentFiles::remember(const std::string& file) const {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  const std::string entry = ec ? file : absolute.lexically_normal().string();
  std::vector<std::string> files = load();
  std::erase(files, entry);
  files.insert(files.begin(), entry);
  if (files.size() > kMaxEntries) files.resize(kMaxEntries);
  if (location_.empty()) return files;
  std::filesystem::create_directories(location_.parent_path(), ec);
  const std::filesystem::path temporary = location_.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const std::string& f : files)
      out << f << '\n';
    if (!out) return files;
  }
  std::filesystem::rename(temporary, location_, ec);
  return files;
}

}  // namespace mailscope::gui
