// mailscope-capgen: writes the sample captures and their expected analyses, or a large
// capture for benchmarks.
//
//   mailscope-capgen --out DIR [--only NAME]... [--keylog-dir DIR] [--list]
//   mailscope-capgen bench --out FILE.pcap --size-mib N [--seed S] [--truth FILE.json]
//                          [--keylog FILE]
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

#include "bench/bench.h"
#include "scenarios/scenarios.h"

namespace {

int usage(std::ostream& os, int code) {
  os << "usage: mailscope-capgen --out DIR [--only NAME]... [--keylog-dir DIR] [--list]\n"
        "       mailscope-capgen bench --out FILE.pcap --size-mib N [--seed S] [--truth FILE]\n"
        "  --out DIR         write every sample capture and NAME.expected.json into DIR\n"
        "  --only NAME       only this capture (file name with or without extension)\n"
        "  --keylog-dir DIR  also write NAME.keys (TLS key log) for captures with TLS\n"
        "  --list            print the capture names and exit\n";
  return code;
}

int bench_usage(std::ostream& os, int code) {
  os << "usage: mailscope-capgen bench --out FILE.pcap --size-mib N [--seed S] [--truth FILE]\n"
        "                              [--keylog FILE]\n"
        "  --out FILE      the capture to write (pcap, Ethernet), streamed to disk\n"
        "  --size-mib N    stop once the file holds N MiB (default 1024)\n"
        "  --seed S        the same seed gives the same capture, apart from TLS (default 1)\n"
        "  --truth FILE    also write what a correct analysis finds: sessions by protocol and\n"
        "                  transport, credentials and messages in clear (JSON)\n"
        "  --keylog FILE   also write the TLS key log, so that Wireshark can decrypt it all\n";
  return code;
}

int bench_main(int argc, char** argv) {
  capgen::bench::BenchOptions o;
  bool have_out = false;
  try {
    for (int i = 2; i < argc; ++i) {
      const std::string_view a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(std::string(a) + " needs a value");
        return argv[++i];
      };
      if (a == "--out") {
        o.out = value();
        have_out = true;
      } else if (a == "--size-mib") {
        o.size_mib = std::stoull(value());
      } else if (a == "--seed") {
        o.seed = std::stoull(value());
      } else if (a == "--truth") {
        o.truth = value();
      } else if (a == "--keylog") {
        o.keylog = value();
      } else if (a == "--help" || a == "-h") {
        return bench_usage(std::cout, 0);
      } else {
        std::cerr << "mailscope-capgen bench: unknown argument " << a << "\n";
        return bench_usage(std::cerr, 2);
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "mailscope-capgen bench: " << e.what() << "\n";
    return 2;
  }
  if (!have_out) return bench_usage(std::cerr, 2);
  try {
    capgen::bench::write_bench_capture(o);
  } catch (const std::exception& e) {
    std::cerr << "mailscope-capgen bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string_view(argv[1]) == "bench") return bench_main(argc, argv);
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
