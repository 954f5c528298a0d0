// The command line as a user meets it: bad input gets one clear line and a non-zero exit,
// secrets are masked unless --reveal, stderr stays clean when it is not a terminal.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace mailscope::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("mailscope-cli-" + std::to_string(getpid()))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path file(const std::string& name, const std::string& bytes) const {
    fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

CommandResult analyze(const fs::path& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv{MAILSCOPE_BINARY, "analyze", file.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run_command(argv);
}

void expect_one_line_error(const CommandResult& r, const std::string& mentions) {
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(mentions), std::string::npos) << r.err;
}

// A small real capture to cut and damage: the Wireshark sample SMTP session (AUTH LOGIN).
fs::path sample_capture() {
  return corpus_dir() / "zeek_smtp.pcap";
}

TEST(Cli, MissingFileIsOneClearLine) {
  expect_one_line_error(analyze("/nonexistent/capture.pcap"), "No such file");
}

TEST(Cli, EmptyFileIsOneClearLine) {
  TempDir dir;
  expect_one_line_error(analyze(dir.file("empty.pcap", "")), "empty");
}

TEST(Cli, GarbageIsOneClearLine) {
  TempDir dir;
  expect_one_line_error(analyze(dir.file("garbage.pcap", std::string(4096, 'x'))),
                        "not a pcap or pcapng");
}

TEST(Cli, DirectoryIsOneClearLine) {
  TempDir dir;
  expect_one_line_error(analyze(dir.path()), "directory");
}

TEST(Cli, TruncatedPcapHeaderIsOneClearLine) {
  // Right magic, then nothing: libpcap's message is passed on in one line.
  TempDir dir;
  std::string header("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);
  expect_one_line_error(analyze(dir.file("short.pcap", header)), "short.pcap");
}

TEST(Cli, CaptureCutMidPacketIsAnalysedWithAWarning) {
  if (!fs::exists(sample_capture())) GTEST_SKIP() << "corpus absent: " << sample_capture();
  std::string bytes = read_file(sample_capture());
  TempDir dir;
  fs::path cut = dir.file("cut.pcap", bytes.substr(0, bytes.size() - 700));
  CommandResult r = analyze(cut, {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  ASSERT_FALSE(report["capture"]["warnings"].empty());
  EXPECT_NE(report["capture"]["warnings"][0].get<std::string>().find("damaged"), std::string::npos);
  EXPECT_GE(report["sessions"].size(), 1U);
  EXPECT_EQ(report["credentials"].size(), 1U) << "the AUTH LOGIN before the cut still counts";
}

TEST(Cli, RecordClaimingFourGigabytesStopsWithAWarning) {
  if (!fs::exists(sample_capture())) GTEST_SKIP() << "corpus absent: " << sample_capture();
  std::string bytes = read_file(sample_capture());
  // Append a record header that claims a 4 GB packet.
  std::string record(16, '\0');
  record[8] = record[9] = record[10] = record[11] = '\xff';    // incl_len
  record[12] = record[13] = record[14] = record[15] = '\xff';  // orig_len
  TempDir dir;
  CommandResult r = analyze(dir.file("huge.pcap", bytes + record), {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  EXPECT_EQ(report["capture"]["packets"], 125);
  EXPECT_FALSE(report["capture"]["warnings"].empty());
  EXPECT_EQ(report["credentials"].size(), 1U);
}

TEST(Cli, UnknownLinkTypeIsAWarningNotACrash) {
  if (!fs::exists(sample_capture())) GTEST_SKIP() << "corpus absent: " << sample_capture();
  std::string bytes = read_file(sample_capture());
  bytes[20] = '\x93';  // link type 147 (DLT_USER0)
  bytes[21] = bytes[22] = bytes[23] = '\0';
  TempDir dir;
  CommandResult r = analyze(dir.file("user0.pcap", bytes), {"--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = Json::parse(r.out);
  EXPECT_TRUE(report["sessions"].empty());
  ASSERT_FALSE(report["capture"]["warnings"].empty());
  EXPECT_NE(report["capture"]["warnings"][0].get<std::string>().find("skipped"), std::string::npos);
}

TEST(Cli, SecretsAreMaskedUnlessRevealed) {
  if (!fs::exists(sample_capture())) GTEST_SKIP() << "corpus absent: " << sample_capture();
  CommandResult masked = analyze(sample_capture(), {"--json"});
  CommandResult revealed = analyze(sample_capture(), {"--json", "--reveal"});
  ASSERT_EQ(masked.exit_code, 0);
  ASSERT_EQ(revealed.exit_code, 0);
  EXPECT_EQ(masked.out.find("punjab@123"), std::string::npos);
  EXPECT_EQ(Json::parse(masked.out)["credentials"][0]["secret"], "p********3");
  EXPECT_EQ(Json::parse(revealed.out)["credentials"][0]["secret"], "punjab@123");
  CommandResult text = analyze(sample_capture());
  EXPECT_EQ(text.out.find("punjab@123"), std::string::npos);
  EXPECT_NE(text.out.find("p********3"), std::string::npos);
}

TEST(Cli, TextReportShowsPadlocksAndNoProgressWhenNotATerminal) {
  fs::path starttls = corpus_dir() / "zeek_smtp-starttls.pcap";
  if (!fs::exists(starttls)) GTEST_SKIP() << "corpus absent: " << starttls;
  CommandResult sealed = analyze(starttls);
  ASSERT_EQ(sealed.exit_code, 0);
  EXPECT_NE(sealed.out.find("🔒 STARTTLS TLS 1.2"), std::string::npos) << sealed.out;
  EXPECT_TRUE(sealed.err.empty()) << "progress is for terminals only: " << sealed.err;
  CommandResult open = analyze(sample_capture());
  EXPECT_NE(open.out.find("🔓 plaintext"), std::string::npos);
}

// What identifies a session whatever else was filtered away: its endpoints and first packet.
std::vector<std::string> session_keys(const Json& report) {
  std::vector<std::string> keys;
  for (const Json& s : report["sessions"]) {
    keys.push_back(s["protocol"].get<std::string>() + " " + s["client"].get<std::string>() + " " +
                   s["server"].get<std::string>() + " " +
                   std::to_string(s["first_packet"].get<int>()));
  }
  return keys;
}

// The JSON report of `file` (an empty object, and a test failure, when the command fails).
Json json_report(const fs::path& file, std::vector<std::string> extra = {}) {
  extra.push_back("--json");
  CommandResult r = analyze(file, extra);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? Json::parse(r.out) : Json::object();
}

TEST(Cli, FilterKeepsTheMatchingSessionsWithTheirPacketNumbers) {
  // The tour: SMTP submission on 587, an SMTP relay on 25, IMAP on 143.
  fs::path tour = source_dir() / "captures" / "tour.pcapng";
  Json whole = json_report(tour);
  Json filtered = json_report(tour, {"--filter", "tcp port 143"});
  std::vector<std::string> expected;
  for (const std::string& key : session_keys(whole)) {
    if (key.find(":143 ") != std::string::npos) expected.push_back(key);
  }
  ASSERT_EQ(expected.size(), 1u) << whole;
  // The same session, first packet numbered as in the whole file (as Wireshark shows it).
  EXPECT_EQ(session_keys(filtered), expected) << filtered;
  EXPECT_LT(filtered["capture"]["packets"], whole["capture"]["packets"]);
  EXPECT_EQ(filtered["credentials"].size(), 1u) << filtered;
  for (const Json& c : filtered["credentials"])
    EXPECT_EQ(c["protocol"], "imap");
}

TEST(Cli, FilterThatMatchesNothingIsAnEmptyReport) {
  fs::path tour = source_dir() / "captures" / "tour.pcapng";
  CommandResult none = analyze(tour, {"--filter", "host 192.0.2.99"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("no SMTP, IMAP or POP3 session in this capture"), std::string::npos)
      << none.out;
  EXPECT_NE(none.out.find(", 0 packets matching \"host 192.0.2.99\", 0 mail sessions"),
            std::string::npos)
      << none.out;
}

TEST(Cli, FilterThatDoesNotCompileIsOneClearLine) {
  fs::path tour = source_dir() / "captures" / "tour.pcapng";
  expect_one_line_error(analyze(tour, {"--filter", "port pop3 and and"}), "does not compile");
  // Valid syntax that cannot apply to the capture's packets: raw IP has no Ethernet header.
  fs::path raw = source_dir() / "captures" / "link-raw.pcap";
  expect_one_line_error(analyze(raw, {"--filter", "ether host 00:11:22:33:44:55"}), "RAW packets");
}

TEST(Cli, FilterAppliesToEachLinkTypeOfAMixedCapture) {
  // One pcapng file, interfaces of several link types: the filter is compiled for each.
  fs::path mixed = source_dir() / "captures" / "link-mixed.pcapng";
  Json whole = json_report(mixed);
  EXPECT_FALSE(whole["sessions"].empty());
  EXPECT_EQ(session_keys(json_report(mixed, {"--filter", "tcp"})), session_keys(whole));
}

TEST(Cli, NoSubcommandIsAUsageError) {
  CommandResult r = run_command({MAILSCOPE_BINARY});
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace mailscope::testing
