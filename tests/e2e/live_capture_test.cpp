// `mailscope capture` on the loopback interface: a real SMTP exchange over 127.0.0.1 is
// captured live and reported, and -w keeps it as a pcapng that `analyze` reads back.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace mailscope::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::uint16_t kPort = 2526;

void send_line(int fd, const std::string& line) {
  std::string out = line + "\r\n";
  ASSERT_EQ(write(fd, out.data(), out.size()), static_cast<ssize_t>(out.size()));
}

std::string read_some(int fd) {
  char buf[512];
  ssize_t n = read(fd, buf, sizeof buf);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

// A tiny SMTP server and client on 127.0.0.1: greeting, EHLO, AUTH PLAIN, QUIT.
void smtp_exchange_on_loopback() {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(kPort);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(listener, 1), 0);
  std::thread server([listener] {
    int c = accept(listener, nullptr, nullptr);
    send_line(c, "220 lab.example ESMTP");
    for (std::string got; !(got = read_some(c)).empty();) {
      if (got.starts_with("EHLO")) send_line(c, "250-lab.example\r\n250 AUTH PLAIN");
      if (got.starts_with("AUTH")) send_line(c, "235 2.7.0 Authentication successful");
      if (got.starts_with("QUIT")) {
        send_line(c, "221 bye");
        break;
      }
    }
    close(c);
  });
  int client = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_EQ(connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  read_some(client);
  send_line(client, "EHLO lab-client");
  read_some(client);
  send_line(client, "AUTH PLAIN AGFsaWNlAGxpdmUtc2VjcmV0");  // alice / live-secret
  read_some(client);
  send_line(client, "QUIT");
  read_some(client);
  close(client);
  server.join();
  close(listener);
}

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
  smtp_exchange_on_loopback();
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
