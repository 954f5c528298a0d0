// Memory is bounded by what is open at once, never by the file: ten times as many sessions
// (the real captures in captures/real replayed with fresh addresses) take the same peak memory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace mailscope::testing {
namespace {

namespace fs = std::filesystem;

struct Measured {
  long max_rss_kib = 0;
  std::size_t sessions = 0;
};

Measured analyse_copies(int size_mib, const fs::path& dir) {
  std::vector<std::string> argv{MAILSCOPE_MULTIPLY, "--size-mib", std::to_string(size_mib), "--out",
                                (dir / "copies.pcap").string()};
  for (const auto& e : fs::directory_iterator(source_dir() / "captures" / "real")) {
    if (e.path().extension() == ".pcap") argv.push_back(e.path().string());
  }
  CommandResult made = run_command(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  // Measured by a small unsanitised helper: a child's ru_maxrss starts from the memory of the
  // process it was spawned from, and this test process grows as it reads the reports.
  fs::path stats = dir / "stats.txt";
  CommandResult r = run_command({MAILSCOPE_PEAK_RSS, stats.string(), MAILSCOPE_BINARY, "analyze",
                                 "--json", (dir / "copies.pcap").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  fs::remove(dir / "copies.pcap");
  long max_rss_kib = 0;
  std::ifstream(stats) >> max_rss_kib;
  return {max_rss_kib, nlohmann::json::parse(r.out)["sessions"].size()};
}

TEST(MemoryBound, TenTimesTheSessionsSamePeakMemory) {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in a quarantine (256 MiB by default) to catch use after
  // free: peak memory then follows the churn, not what is live. Measure what is live.
  std::string options = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
  setenv("ASAN_OPTIONS", (options + ":quarantine_size_mb=0").c_str(), 1);
#endif
  fs::path dir = fs::temp_directory_path() / ("mailscope-memory-" + std::to_string(getpid()));
  fs::create_directories(dir);
  Measured small = analyse_copies(3, dir);
  Measured large = analyse_copies(30, dir);
  fs::remove_all(dir);
  ASSERT_GT(small.sessions, 200U);
  EXPECT_GE(large.sessions, small.sessions * 9);
  // The margin covers allocator noise (and the sanitizers' shadow memory in the debug build):
  // what must not happen is growth with the file, which would be tens of MiB here.
  EXPECT_LT(large.max_rss_kib, small.max_rss_kib + 8 * 1024)
      << small.sessions << " sessions: " << small.max_rss_kib << " KiB; " << large.sessions
      << " sessions: " << large.max_rss_kib << " KiB";
}

}  // namespace
}  // namespace mailscope::testing
