// POP3 as Dovecot, fetchmail and curl speak it (RFC 1939, 2449, 5034).
#include <gtest/gtest.h>

#include "support/session_harness.hpp"

namespace mailscope::testing {
namespace {

TEST(Pop3Decoder, UserPassRejectedThenAccepted) {
  SessionHarness h(Protocol::kPop3, 110);
  h.server("+OK Dovecot (Debian) ready.\r\n")
      .client("CAPA\r\n")
      .server(
          "+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nSTLS\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n")
      .client("USER bob\r\n")
      .server("+OK\r\n")
      .client("PASS wrong one\r\n")
      .server("-ERR [AUTH] Authentication failed.\r\n")
      .client("USER bob\r\nPASS right\r\n")
      .server("+OK\r\n+OK Logged in.\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 2U);
  EXPECT_EQ(h.observer.credentials[0].mechanism, "USER-PASS");
  EXPECT_EQ(h.observer.credentials[0].secret, "wrong one");
  EXPECT_EQ(h.observer.credentials[0].result, AuthResult::kRejected);
  EXPECT_EQ(h.observer.credentials[1].secret, "right");
  EXPECT_EQ(h.observer.credentials[1].result, AuthResult::kAccepted);
  EXPECT_TRUE(h.observer.has_finding("login-before-starttls"));
  EXPECT_TRUE(h.observer.has_finding("starttls-offered-not-used"));
  EXPECT_EQ(h.session.capabilities, (std::vector<std::string>{"CAPA", "TOP", "UIDL", "RESP-CODES",
                                                              "STLS", "USER", "SASL PLAIN LOGIN"}));
}

TEST(Pop3Decoder, ApopDigestWithTheGreetingTimestamp) {
  // RFC 1939 section 7.
  SessionHarness h(Protocol::kPop3, 110);
  h.server("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n")
      .client("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n")
      .server("+OK maildrop has 1 message (369 octets)\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U);
  const Credential& c = h.observer.credentials[0];
  EXPECT_EQ(c.mechanism, "APOP");
  EXPECT_EQ(c.username, "mrose");
  EXPECT_FALSE(c.secret);
  EXPECT_EQ(c.challenge, "<1896.697170952@dbc.mtview.ca.us>");
  EXPECT_EQ(c.response, "c4c9334bac560ecc979e58001b3e22fb");
  EXPECT_TRUE(h.observer.has_finding("crackable-digest"));
}

TEST(Pop3Decoder, AuthPlainWithContinuation) {
  SessionHarness h(Protocol::kPop3, 110);
  h.server("+OK ready\r\n")
      .client("AUTH PLAIN\r\n")
      .server("+ \r\n")
      .client("AGJvYgBzM2NyM3Q=\r\n")
      .server("+OK Logged in.\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U);
  EXPECT_EQ(h.observer.credentials[0].mechanism, "PLAIN");
  EXPECT_EQ(h.observer.credentials[0].secret, "s3cr3t");
}

TEST(Pop3Decoder, RetrAndTopWithByteStuffing) {
  SessionHarness h(Protocol::kPop3, 110);
  h.server("+OK ready\r\n")
      .client("RETR 1\r\n")
      .server("+OK 60 octets\r\nFrom: a@x\r\nSubject: Hallo Köln\r\n\r\n..dot\r\n.\r\n")
      .client("TOP 1 0\r\n")
      .server("+OK\r\nFrom: a@x\r\nSubject: Hallo Köln\r\n\r\n.\r\n");
  h.finish();
  ASSERT_EQ(h.session.messages.size(), 1U) << "the same message read twice is one exposure";
  EXPECT_EQ(h.session.messages[0].subject, "Hallo Köln");
  EXPECT_EQ(h.session.messages[0].size, 11U + 22 + 2 + 6);
}

// The CLI counts a body in one pass (no details wanted); the GUI takes it line by line. Both
// must give the same message, however the server's bytes were cut into segments.
TEST(Pop3Decoder, ABodyCountedInOnePassMatchesTheLineByLinePath) {
  std::string body;
  for (int i = 0; i < 300; ++i)
    body += (i % 7 == 0 ? ".." : "") + std::string(40 + i % 30, 'a' + i % 26) + "\r\n";
  std::string reply = "+OK\r\nFrom: a@x\r\nSubject: many lines\r\n\r\n" + body + ".\r\n";
  std::uint64_t expected = 11 + 21 + 2;  // header lines and the blank line, with CRLF
  for (int i = 0; i < 300; ++i)
    expected += (i % 7 == 0 ? 1 : 0) + 40 + i % 30 + 2;  // ".." unstuffed to "."
  for (bool details : {false, true}) {
    for (std::size_t cut : {std::size_t{1}, std::size_t{7}, std::size_t{1460}, reply.size()}) {
      SCOPED_TRACE(std::to_string(cut) + (details ? " details" : " counted"));
      SessionHarness h(Protocol::kPop3, 110, details);
      h.server("+OK ready\r\n").client("RETR 1\r\n");
      for (std::size_t at = 0; at < reply.size(); at += cut)
        h.server(std::string_view(reply).substr(at, cut));
      h.client("QUIT\r\n").server("+OK bye\r\n");
      h.finish();
      ASSERT_EQ(h.session.messages.size(), 1U);
      EXPECT_EQ(h.session.messages[0].subject, "many lines");
      EXPECT_EQ(h.session.messages[0].size, expected);
      EXPECT_TRUE(h.session.messages[0].complete);
    }
  }
}

TEST(Pop3Decoder, StlsSealsTheSession) {
  SessionHarness h(Protocol::kPop3, 110);
  h.server("+OK ready\r\n")
      .client("STLS\r\n")
      .server("+OK Begin TLS negotiation now.\r\n")
      .client(std::string("\x16\x03\x01\x00\x01\x01", 6));
  h.finish();
  EXPECT_EQ(h.session.transport, Transport::kStartTls);
}

TEST(Pop3Decoder, ClientOnlyCaptureStillYieldsTheCredential) {
  SessionHarness h(Protocol::kPop3, 110);
  h.client("USER zeek@zeek.org\r\nPASS zeek\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U);
  EXPECT_EQ(h.observer.credentials[0].result, AuthResult::kUnknown);
}

}  // namespace
}  // namespace mailscope::testing
