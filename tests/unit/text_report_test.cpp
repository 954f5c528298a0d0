// The text report: the lines a trainee reads, and when they reach the terminal.
#include <gtest/gtest.h>

#include <sstream>

#include "report/report_writer.hpp"

namespace mailscope {
namespace {

// A stream buffer that counts flushes (sync), to see when the writer pushes lines out.
class CountingBuffer : public std::stringbuf {
 public:
  int flushes = 0;

 protected:
  int sync() override {
    ++flushes;
    return std::stringbuf::sync();
  }
};

IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  const std::uint8_t bytes[4] = {a, b, c, d};
  return IpAddress::v4(bytes);
}

Session plain_smtp_session(std::uint64_t id) {
  Session s;
  s.id = id;
  s.protocol = Protocol::kSmtp;
  s.hop = Hop::kSubmission;
  s.client = {v4(192, 0, 2, 10), 50123};
  s.server = {v4(198, 51, 100, 25), 587};
  s.bytes_plaintext = 1234;
  s.capabilities = {"PIPELINING", "auth PLAIN LOGIN", "STARTTLS", "8BITMIME"};
  return s;
}

TEST(TextReport, EachSessionReachesAWatchedTerminalAsItEndsAndAFileOnlyAtTheEnd) {
  for (bool watched : {true, false}) {
    CountingBuffer buffer;
    std::ostream out(&buffer);
    TextReportWriter writer(out, "x.pcap", TextReportOptions{false, false, watched});
    writer.session(plain_smtp_session(1));
    writer.session(plain_smtp_session(2));
    EXPECT_EQ(buffer.flushes, watched ? 2 : 0) << (watched ? "a terminal" : "a file or pipe");
    writer.finish(CaptureInfo{});
    EXPECT_GE(buffer.flushes, 1) << "the report is complete when finish() returns";
  }
}

TEST(TextReport, ASessionLineSaysWhatLeakedAndHowTheServerOfferedToProtectIt) {
  std::ostringstream out;
  TextReportWriter writer(out, "x.pcap", TextReportOptions{});
  writer.session(plain_smtp_session(12));
  Credential c;
  c.session = 12;
  c.protocol = Protocol::kSmtp;
  c.mechanism = "PLAIN";
  c.username = "alice";
  c.secret = "hunter22";
  c.packet = 7;
  writer.credential(c);
  writer.finish(CaptureInfo{});
  const std::string text = out.str();
  EXPECT_NE(text.find("  #12  SMTP  submission  192.0.2.10:50123 -> 198.51.100.25:587"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("1234 B in clear"), std::string::npos) << text;
  // The offer keeps the server's own words, found in any case; the rest is left out.
  EXPECT_NE(text.find("server offers: auth PLAIN LOGIN, STARTTLS\n"), std::string::npos) << text;
  EXPECT_NE(text.find("#12  SMTP  PLAIN       alice"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter22"), std::string::npos) << "masked unless revealed";
  EXPECT_NE(text.find(mask_secret("hunter22")), std::string::npos) << text;
  EXPECT_NE(text.find("packet 7\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace mailscope
