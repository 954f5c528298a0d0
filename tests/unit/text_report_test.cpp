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
    TextReportOptions options;
    options.flush_each_session = watched;
    TextReportWriter writer(out, "x.pcap", options);
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

TEST(TextReport, ServerOffersListsWhatProtectsTheLoginInAnyCase) {
  // STARTTLS, STLS, AUTH..., SASL..., LOGINDISABLED and USER, found in any case and kept in the
  // server's words and order; everything else (even what starts with the same letter) left out.
  Session s = plain_smtp_session(3);
  s.capabilities = {"IMAP4rev1",       "sasl-ir",  "SIZE 100", "STLS", "LoginDisabled",
                    "LOGIN-REFERRALS", "USER",     "USERX",    "",     "Auth=PLAIN",
                    "AUTHX",           "starttls", "UTF8"};
  std::ostringstream out;
  TextReportWriter writer(out, "x.pcap", TextReportOptions{});
  writer.session(s);
  writer.finish(CaptureInfo{});
  EXPECT_NE(out.str().find("server offers: sasl-ir, STLS, LoginDisabled, USER, Auth=PLAIN, "
                           "AUTHX, starttls\n"),
            std::string::npos)
      << out.str();
}

// The column a character starts at on a terminal: code points before it, not bytes.
std::size_t column_of(std::string_view line, std::string_view what) {
  std::size_t at = line.find(what);
  std::size_t column = 0;
  for (char c : line.substr(0, at))
    column += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return at == std::string_view::npos ? std::string_view::npos : column;
}

// The whole line of `text` that holds `what`.
std::string_view line_with(std::string_view text, std::string_view what) {
  std::size_t at = text.find(what);
  if (at == std::string_view::npos) return {};
  std::size_t begin = text.rfind('\n', at);
  begin = begin == std::string_view::npos ? 0 : begin + 1;
  return text.substr(begin, text.find('\n', at) - begin);
}

TEST(TextReport, ColumnsLineUpPastPadlocksAndSizesReadAsPeopleWriteThem) {
  std::ostringstream out;
  TextReportWriter writer(out, "x.pcap", TextReportOptions{});
  Session clear = plain_smtp_session(1);
  clear.bytes_plaintext = 9999;
  Session sealed = plain_smtp_session(2);
  sealed.transport = Transport::kStartTls;
  sealed.tls.emplace();
  sealed.tls->version = "TLS 1.3";
  sealed.bytes_plaintext = 10'050;      // 10.05 kB: printf's "%.1f" rounds it to 10.1
  sealed.bytes_encrypted = 12'345'678;  // 12.3 MB
  writer.session(clear);
  writer.session(sealed);
  const std::string text = out.str();
  std::string_view first = line_with(text, "  #1 ");
  std::string_view second = line_with(text, "  #2 ");
  EXPECT_NE(first.find("🔓 plaintext"), std::string_view::npos) << first;
  EXPECT_NE(second.find("🔒 STARTTLS TLS 1.3"), std::string_view::npos) << second;
  EXPECT_NE(first.find("9999 B in clear"), std::string_view::npos) << first;
  EXPECT_NE(second.find("10.1 kB in clear, 12.3 MB encrypted"), std::string_view::npos) << second;
  // A padlock takes four bytes and one column; so both sizes start in the same column.
  EXPECT_EQ(column_of(first, "9999 B"), column_of(second, "10.1 kB")) << first << "\n" << second;
}

TEST(TextReport, AFieldAsWideAsItsColumnStaysApartFromTheNext) {
  // Session numbers from 1000 on fill their column of five, and an IPv6 pair can fill its 50.
  std::ostringstream out;
  TextReportWriter writer(out, "x.pcap", TextReportOptions{});
  Session s = plain_smtp_session(1000);
  s.client = {
      IpAddress::v6(std::array<std::uint8_t, 16>{0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
                                                 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78}
                        .data()),
      50123};
  writer.session(s);
  Finding f;
  f.severity = Severity::kWarning;
  f.session = 123456;
  f.packet = 1234567;
  f.message = "The server did not offer STARTTLS.";
  writer.finding(f);
  writer.finish(CaptureInfo{});
  const std::string text = out.str();
  EXPECT_NE(text.find("  #1000 SMTP  submission  [2001:db8:1234:5678:9abc:def0:1234:5678]:50123 -> "
                      "198.51.100.25:587 🔓"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("WARNING  #123456 packet 1234567 The server did not offer STARTTLS."),
            std::string::npos)
      << text;
}

TEST(TextReport, ThePacketCountSaysWhichFilterChoseThePackets) {
  CaptureInfo capture;
  capture.format = "pcapng";
  capture.link_type = "EN10MB";
  capture.packets = 16;
  for (std::string filter : {"", "tcp port 143"}) {
    std::ostringstream out;
    TextReportOptions options;
    options.filter = filter;
    TextReportWriter writer(out, "tour.pcapng", options);
    writer.session(plain_smtp_session(1));
    writer.finish(capture);
    std::string expected =
        filter.empty() ? "pcapng, EN10MB, 16 packets, 1 mail session"
                       : "pcapng, EN10MB, 16 packets matching \"tcp port 143\", 1 mail session";
    EXPECT_NE(out.str().find(expected), std::string::npos) << out.str();
  }
}

TEST(TextReport, ColumnsAfterANameWithAccentsLineUp) {
  std::ostringstream out;
  TextReportWriter writer(out, "x.pcap", TextReportOptions{});
  for (std::string name : {"alice", "jürgen.müller"}) {  // 13 columns, 15 bytes
    Credential c;
    c.session = 1;
    c.protocol = Protocol::kImap;
    c.mechanism = "LOGIN";
    c.username = name;
    c.secret = "hunter22";
    c.packet = 7;
    writer.credential(c);
  }
  writer.finish(CaptureInfo{});
  const std::string text = out.str();
  std::string_view alice = line_with(text, "alice");
  std::string_view jurgen = line_with(text, "jürgen");
  std::string masked = mask_secret("hunter22");
  EXPECT_EQ(column_of(alice, masked), column_of(jurgen, masked)) << alice << "\n" << jurgen;
  // "  #1   IMAP  LOGIN       " then the name padded to 24 and a space.
  EXPECT_EQ(column_of(alice, masked), 50u) << alice;
}

// `text` padded to `width` columns, and at least one space (the report's columns; ASCII here).
std::string padded(const std::string& text, std::size_t width) {
  return text + std::string(text.size() < width ? width - text.size() : 1, ' ');
}

// The lines of the section whose title starts with `title`, up to the next section.
std::string section_lines(const std::string& text, const std::string& title) {
  std::size_t start = text.find('\n', text.find("\n" + title) + 1) + 1;
  std::size_t end = text.find("\n\n", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end + 1 - start);
}

TEST(TextReport, ThousandsOfFindingsAndCredentialsComeBackInOrderLineForLine) {
  // Spooled as records and formatted on the spool's writer thread, many blocks of them: each
  // line as the columns say, in the order given, masked or revealed.
  for (bool reveal : {false, true}) {
    std::ostringstream out;
    TextReportOptions options;
    options.reveal = reveal;
    TextReportWriter writer(out, "x.pcap", options);
    std::string findings;
    std::string credentials;
    constexpr int kCount = 12000;  // about 1.5 MB of findings' lines: three blocks and more
    for (int i = 0; i < kCount; ++i) {
      Finding f;
      f.severity = i % 3 == 0   ? Severity::kCritical
                   : i % 3 == 1 ? Severity::kWarning
                                : Severity::kInfo;
      f.session = static_cast<std::uint64_t>(i / 3 + 1);
      f.packet = static_cast<std::uint64_t>(10 * i + 3);
      f.message = "finding " + std::to_string(i) + " " + std::string(i % 90, 'm');
      writer.finding(f);
      std::string severity = i % 3 == 0 ? "CRITICAL" : i % 3 == 1 ? "WARNING" : "INFO";
      findings += "  " + padded(severity, 9) + padded("#" + std::to_string(f.session), 5) +
                  padded("packet " + std::to_string(f.packet), 13) + f.message + "\n";

      Credential c;
      c.session = f.session;
      c.protocol = i % 2 ? Protocol::kImap : Protocol::kPop3;
      c.mechanism = i % 2 ? "LOGIN" : "APOP";
      c.username = "user" + std::to_string(i);
      c.result = i % 5 == 0 ? AuthResult::kRejected : AuthResult::kAccepted;
      c.packet = f.packet + 1;
      std::string shown;
      if (i % 4 == 0) {
        c.response = "digest" + std::to_string(i);  // no password on the wire
        shown = "(digest " + c.response + ")";
      } else {
        c.secret = "secret-" + std::to_string(i);
        shown = reveal ? *c.secret : mask_secret(*c.secret);
      }
      writer.credential(c);
      credentials += "  " + padded("#" + std::to_string(c.session), 5) +
                     padded(i % 2 ? "IMAP" : "POP3", 6) + padded(c.mechanism, 12) +
                     padded(c.username, 24) + " " + padded(shown, 20) + " " +
                     padded(i % 5 == 0 ? "rejected" : "accepted", 9) + "packet " +
                     std::to_string(c.packet) + "\n";
    }
    writer.finish(CaptureInfo{});
    const std::string text = out.str();
    EXPECT_EQ(section_lines(text, "Findings (12000)"), findings) << "reveal " << reveal;
    EXPECT_EQ(section_lines(text, "Credentials seen in clear (12000)"), credentials)
        << "reveal " << reveal;
  }
}

}  // namespace
}  // namespace mailscope
