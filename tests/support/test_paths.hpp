#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace mailscope::testing {

inline std::filesystem::path source_dir() {
  return MAILSCOPE_SOURCE_DIR;
}

// The public corpus lives beside the repository (../shared/corpus), never inside it.
inline std::filesystem::path corpus_dir() {
  if (const char* env = std::getenv("MAILSCOPE_CORPUS")) return env;
  return source_dir().parent_path() / "shared" / "corpus";
}

inline std::string test_name_for(std::string file) {
  for (char& c : file) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return file;
}

}  // namespace mailscope::testing
