// Every input a fuzzer ever crashed on stays fixed: each file under fuzz/regressions/<target>/
// is run through the same harness the libFuzzer target uses (fuzz/harness.hpp), here under the
// debug preset's ASan and UBSan. Beside them, each bug found gets a test that names it.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../../fuzz/harness.hpp"
#include "net/tcp_stream_reassembler.hpp"
#include "support/session_harness.hpp"
#include "support/test_paths.hpp"

namespace mailscope {
namespace {

namespace fs = std::filesystem;

std::vector<std::uint8_t> read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<fs::path> regression_inputs(const std::string& target) {
  std::vector<fs::path> files;
  fs::path dir = testing::source_dir() / "fuzz" / "regressions" / target;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Runs every regression input of a target; a crash fails the whole test binary, which is the
// point: the name of the input being run is printed first.
template <typename Run>
void replay(const std::string& target, Run&& run) {
  for (const fs::path& file : regression_inputs(target)) {
    SCOPED_TRACE(file.string());
    std::vector<std::uint8_t> bytes = read_bytes(file);
    run(std::span<const std::uint8_t>(bytes));
  }
}

TEST(FuzzRegressions, Smtp) {
  replay("smtp", [](auto b) { fuzz::run_session_input(Protocol::kSmtp, b); });
}
TEST(FuzzRegressions, Imap) {
  replay("imap", [](auto b) { fuzz::run_session_input(Protocol::kImap, b); });
}
TEST(FuzzRegressions, Pop3) {
  replay("pop3", [](auto b) { fuzz::run_session_input(Protocol::kPop3, b); });
}
TEST(FuzzRegressions, Sasl) {
  replay("sasl", [](auto b) { fuzz::run_sasl_input(b); });
}
TEST(FuzzRegressions, Tls) {
  replay("tls", [](auto b) { fuzz::run_tls_input(b); });
}
TEST(FuzzRegressions, Capture) {
  fs::path scratch = fs::temp_directory_path() /
                     ("mailscope-fuzz-regression-" + std::to_string(::getpid()) + ".cap");
  replay("capture", [&](auto b) { fuzz::run_capture_input(b, scratch.string()); });
  fs::remove(scratch);
}

class Collector final : public StreamConsumer {
 public:
  void on_stream_data(std::span<const std::uint8_t> b, const SegmentOrigin&) override {
    data.append(reinterpret_cast<const char*>(b.data()), b.size());
  }
  void on_stream_status(StreamStatus s, std::uint64_t, const SegmentOrigin&) override {
    statuses.push_back(s);
  }
  std::string data;
  std::vector<StreamStatus> statuses;
};

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// fuzz_capture, regressions/capture/reassembler-segment-before-stream-start.pcap: with no SYN,
// the first segment seen starts the stream; a later segment lying wholly before it (sequence
// numbers 3.8 million lower) made check_overlap read far outside the segment.
TEST(FuzzRegressions, SegmentWhollyBeforeTheStreamStartIsAnOldRetransmission) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_segment(582151285U, bytes("EHLO smtp.pt.lu\r\n"), false, {1, {}, 0, 0});
  r.on_segment(578284678U, bytes("MAIL FROM:<a@b>\r\n"), false, {2, {}, 0, 0});
  r.on_segment(582151285U - 3, bytes("xx\r"), false, {3, {}, 0, 0});  // ends right at the start
  r.on_segment(582151285U - 2, bytes("xxEH"), false, {4, {}, 0, 0});  // overlaps the start
  EXPECT_EQ(c.data, "EHLO smtp.pt.lu\r\n");
  ASSERT_EQ(c.statuses.size(), 3U);
  EXPECT_EQ(c.statuses[0], StreamStatus::kRetransmission);
  EXPECT_EQ(c.statuses[1], StreamStatus::kRetransmission);
  EXPECT_EQ(c.statuses[2], StreamStatus::kRetransmission);  // "EH" matches what was delivered
}

// fuzz_pop3, regressions/pop3/pass-without-argument: the password's byte range was taken as
// "everything after the first 5 bytes of the line", so a bare "PASS" gave a range ending before
// it began (what the GUI's hex view would highlight), and "PASS  x" started on a space.
TEST(FuzzRegressions, Pop3PassRangeCoversThePasswordOnly) {
  testing::SessionHarness h(Protocol::kPop3, 110);
  h.server("+OK ready\r\n").client("USER bob\r\n").server("+OK\r\n");
  h.client("PASS\r\n").server("-ERR no password\r\n");          // text at [10, 14)
  h.client("PASS  two words\r\n").server("+OK logged in\r\n");  // text at [16, 31)
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 2U);
  const ByteRange& bare = h.observer.credentials[0].secret_bytes;
  EXPECT_EQ(bare.begin, 14U);
  EXPECT_EQ(bare.end, 14U);
  const ByteRange& spaced = h.observer.credentials[1].secret_bytes;
  EXPECT_EQ(spaced.begin, 22U);
  EXPECT_EQ(spaced.end, 31U);
  EXPECT_EQ(h.observer.credentials[1].secret, "two words");
}

}  // namespace
}  // namespace mailscope
