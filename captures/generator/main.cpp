// mailscope-capgen: writes the sample captures and their expected analyses.
//
//   mailscope-capgen --out DIR [--only NAME]... [--keylog-dir DIR] [--list]
//
// Same command, same bytes, except inside TLS (OpenSSL's randomness).

#include <openssl/crypto.h>

#include <exception>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "scenarios/scenarios.h"

namespace {

int usage(std::ostream& os, int code) {
  os << "usage: mailscope-capgen --out DIR [--only NAME]... [--keylog-dir DIR] [--list]\n"
        "  --out DIR         write every sample capture and NAME.expected.json into DIR\n"
        "  --only NAME       only this capture (file name with or without extension)\n"
        "  --keylog-dir DIR  also write NAME.keys (TLS key log) for captures with TLS\n"
        "  --list            print the capture names and exit\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::filesystem::path> out;
  std::optional<std::filesystem::path> keylog_dir;
  std::set<std::string> only;
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(a) + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--out") {
        out = value();
      } else if (a == "--only") {
        only.insert(value());
      } else if (a == "--keylog-dir") {
        keylog_dir = value();
      } else if (a == "--list") {
        list = true;
      } else if (a == "--help" || a == "-h") {
        return usage(std::cout, 0);
      } else {
        std::cerr << "mailscope-capgen: unknown argument " << a << "\n";
        return usage(std::cerr, 2);
      }
    } catch (const std::exception& e) {
      std::cerr << "mailscope-capgen: " << e.what() << "\n";
      return 2;
    }
  }
  if (!out && !list) return usage(std::cerr, 2);

  try {
    const capgen::CaptureSet captures = capgen::all_captures();
    std::set<std::string> seen;
    for (const capgen::Capture& c : captures) {
      const std::string& file = c.spec().file;
      if (!seen.insert(file).second) throw std::logic_error("two captures named " + file);
      if (!only.empty() && !only.count(file) && !only.count(capgen::capture_stem(file))) continue;
      if (list) {
        std::cout << file << "\n";
        continue;
      }
      std::filesystem::create_directories(*out);
      if (keylog_dir) std::filesystem::create_directories(*keylog_dir);
      c.write(*out, keylog_dir);
      std::cout << "wrote " << (*out / file).string() << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "mailscope-capgen: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
