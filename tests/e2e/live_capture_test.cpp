// `mailscope capture` on the loopback interface: a real SMTP exchange over 127.0.0.1 is
// captured live and reported, and -w keeps it as a pcapng that `analyze` reads back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <string>

#include "support/loopback_smtp.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace mailscope::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::uint16_t kPort = 2526;

TEST(LiveCapture, LoopbackExchangeIsReportedAndWritten) {
  fs::path out =
      fs::temp_directory_path() / ("mailscope-live-" + std::to_string(getpid()) + ".pcapng");
  auto capture = std::async(std::launch::async, [&] {
    return run_command({MAILSCOPE_BINARY, "capture", "-i", "lo", "--filter",
                        "tcp port " + std::to_string(kPort), "--duration", "3", "-w", out.string(),
                        "--json", "--reveal"});
  });
  // Give libpcap time to open the interface before the traffic starts.
  if (capture.wait_for(std::chrono::milliseconds(800)) == std::future_status::ready) {
    CommandResult early = capture.get();
    if (early.err.find("no permission") != std::string::npos) {
      GTEST_SKIP() << "live capture needs root or cap_net_raw here: " << early.err;
    }
    FAIL() << "capture ended before any traffic: " << early.err;
  }
  std::string exchange = smtp_auth_plain_on_loopback(kPort);
  ASSERT_TRUE(exchange.empty()) << exchange;
  CommandResult r = capture.get();
  if (r.err.find("no permission") != std::string::npos) {
    GTEST_SKIP() << "live capture needs root or cap_net_raw here: " << r.err;
  }
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  EXPECT_EQ(report["capture"]["format"], "live");
  EXPECT_EQ(report["capture"]["source"], "lo");
  ASSERT_EQ(report["sessions"].size(), 1U);
  EXPECT_EQ(report["sessions"][0]["server"], "127.0.0.1:" + std::to_string(kPort));
  ASSERT_EQ(report["credentials"].size(), 1U);
  EXPECT_EQ(report["credentials"][0]["secret"], "live-secret");
  EXPECT_EQ(report["credentials"][0]["result"], "accepted");

  CommandResult reread = run_command({MAILSCOPE_BINARY, "analyze", "--json", out.string()});
  fs::remove(out);
  ASSERT_EQ(reread.exit_code, 0) << reread.err;
  Json again = Json::parse(reread.out);
  EXPECT_EQ(again["capture"]["format"], "pcapng");
  EXPECT_EQ(again["capture"]["packets"], report["capture"]["packets"]);
  EXPECT_EQ(again["credentials"].size(), 1U);
}

TEST(LiveCapture, BadInterfaceAndBadFilterAreOneClearSentence) {
  CommandResult missing = run_command({MAILSCOPE_BINARY, "capture", "-i", "no-such-if0"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no interface named no-such-if0"), std::string::npos) << missing.err;
  CommandResult filter =
      run_command({MAILSCOPE_BINARY, "capture", "-i", "lo", "--filter", "tcp port"});
  EXPECT_NE(filter.exit_code, 0);
  EXPECT_TRUE(filter.err.find("does not compile") != std::string::npos ||
              filter.err.find("no permission") != std::string::npos)
      << filter.err;
  EXPECT_EQ(std::count(filter.err.begin(), filter.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace mailscope::testing
