// IMAP as Dovecot, Thunderbird, curl and fetchmail speak it (RFC 3501 examples and the cases
// other tools get wrong: quoted passwords with escapes, literals, SASL-IR).
#include <gtest/gtest.h>

#include "support/session_harness.hpp"

namespace mailscope::testing {
namespace {

constexpr std::string_view kDovecotGreeting =
    "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS "
    "AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n";

TEST(ImapDecoder, LoginWithQuotedStringsAndEscapes) {
  SessionHarness h(Protocol::kImap, 143);
  h.server(kDovecotGreeting)
      .client("a001 LOGIN \"bob\" \"b0b&\\\"quote\\\\ d\"\r\n")
      .server("a001 OK [CAPABILITY IMAP4rev1] Logged in\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U);
  EXPECT_EQ(h.observer.credentials[0].mechanism, "IMAP-LOGIN");
  EXPECT_EQ(h.observer.credentials[0].username, "bob");
  EXPECT_EQ(h.observer.credentials[0].secret, "b0b&\"quote\\ d");
  // The highlighted bytes are the quoted password as it crossed: inside the quotes, escapes
  // included.
  EXPECT_EQ(h.observer.credentials[0].secret_bytes.begin, 18U);  // after: a001 LOGIN "bob" "
  EXPECT_EQ(h.observer.credentials[0].secret_bytes.size(),
            std::string_view(R"(b0b&\"quote\\ d)").size());
  EXPECT_EQ(h.observer.credentials[0].result, AuthResult::kAccepted);
  EXPECT_TRUE(h.observer.has_finding("login-before-starttls"));
  EXPECT_EQ(h.session.hop, Hop::kRetrieval);
  // The offer made before login is kept, not the shorter list Dovecot sends after it.
  EXPECT_NE(std::find(h.session.capabilities.begin(), h.session.capabilities.end(), "AUTH=PLAIN"),
            h.session.capabilities.end());
}

TEST(ImapDecoder, LoginWithSynchronisingAndNonSynchronisingLiterals) {
  SessionHarness h(Protocol::kImap, 143);
  h.server(kDovecotGreeting)
      .client("A1 LOGIN {5}\r\n")
      .server("+ OK\r\n")
      .client("alice {11+}\r\n")
      .client("p@ss {word}\r\n")
      .server("A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U);
  EXPECT_EQ(h.observer.credentials[0].username, "alice");
  EXPECT_EQ(h.observer.credentials[0].secret, "p@ss {word}");
  // Sent as a literal: the literal's bytes ("A1 LOGIN {5}\r\n" "alice {11+}\r\n" first).
  EXPECT_EQ(h.observer.credentials[0].secret_bytes.begin, 14U + 13);
  EXPECT_EQ(h.observer.credentials[0].secret_bytes.size(), 11U);
  EXPECT_EQ(h.observer.credentials[0].result, AuthResult::kRejected);
}

TEST(ImapDecoder, AuthenticatePlainWithAndWithoutSaslIr) {
  SessionHarness h(Protocol::kImap, 143);
  h.server(kDovecotGreeting)
      .client("A1 AUTHENTICATE PLAIN AGFsaWNlAHdyb25n\r\n")
      .server("A1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
      .client("A2 authenticate plain\r\n")
      .server("+ \r\n")
      .client("AGFsaWNlAHdvbmRlcmxhbmQ=\r\n")
      .server("A2 OK Logged in\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 2U);
  EXPECT_EQ(h.observer.credentials[0].secret, "wrong");
  EXPECT_EQ(h.observer.credentials[0].result, AuthResult::kRejected);
  EXPECT_EQ(h.observer.credentials[1].secret, "wonderland");
  EXPECT_EQ(h.observer.credentials[1].result, AuthResult::kAccepted);
}

TEST(ImapDecoder, AuthenticateLoginAndXoauth2) {
  SessionHarness h(Protocol::kImap, 143);
  h.server("* OK IMAP4rev1 ready\r\n")
      .client("A1 AUTHENTICATE LOGIN\r\n")
      .server("+ VXNlcm5hbWU6\r\n")
      .client("Ym9i\r\n")
      .server("+ UGFzc3dvcmQ6\r\n")
      .client("c2VjcmV0\r\n")
      .server("A1 OK done\r\n")
      .client("A2 AUTHENTICATE XOAUTH2 dXNlcj1ib2JAeC5sdQFhdXRoPUJlYXJlciB0b2tlbjEyMwEB\r\n")
      .server("A2 OK done\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 2U);
  EXPECT_EQ(h.observer.credentials[0].username, "bob");
  EXPECT_EQ(h.observer.credentials[0].secret, "secret");
  EXPECT_EQ(h.observer.credentials[1].username, "bob@x.lu");
  EXPECT_EQ(h.observer.credentials[1].secret, "token123");
  EXPECT_TRUE(h.observer.has_finding("no-starttls-offered") == false)
      << "no capability list was seen, so nothing is claimed about STARTTLS";
}

TEST(ImapDecoder, FetchedMessageIsReadInClear) {
  SessionHarness h(Protocol::kImap, 143);
  std::string body =
      "From: Alice <alice@example.lu>\r\nTo: bob@example.com\r\nSubject: "
      "=?UTF-8?B?U2FsYXJ5IDIwMjY=?=\r\n"
      "\r\nThe numbers.\r\n";
  h.server("* OK ready\r\n")
      .client("A3 FETCH 1 BODY[]\r\n")
      .server("* 1 FETCH (FLAGS (\\Seen) BODY[] {" + std::to_string(body.size()) + "}\r\n")
      .server(body.substr(0, 20))
      .server(body.substr(20) + ")\r\nA3 OK Fetch completed.\r\n");
  h.finish();
  ASSERT_EQ(h.session.messages.size(), 1U);
  EXPECT_EQ(h.session.messages[0].subject, "Salary 2026");
  EXPECT_EQ(h.session.messages[0].from, "alice@example.lu");
  EXPECT_EQ(h.session.messages[0].size, body.size());
  EXPECT_TRUE(h.observer.has_finding("message-exposed"));
}

TEST(ImapDecoder, StartTlsAndLoginDisabled) {
  SessionHarness h(Protocol::kImap, 143);
  h.server("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")
      .client("a STARTTLS\r\n")
      .server("a OK Begin TLS negotiation now.\r\n")
      .client(std::string("\x16\x03\x01\x00\x01\x01", 6));
  h.finish();
  EXPECT_EQ(h.session.transport, Transport::kStartTls);
  EXPECT_TRUE(h.observer.credentials.empty());
}

TEST(ImapDecoder, CapabilitiesComeFromTheListNotFromWordsThatMentionIt) {
  // "a OK Capability completed." answers the command; it is no list (the server sent none).
  SessionHarness h(Protocol::kImap, 143);
  h.server("* OK ready\r\n").client("a CAPABILITY\r\n").server("a OK Capability completed.\r\n");
  h.finish();
  EXPECT_TRUE(h.session.capabilities.empty());
  // The untagged response in any case, and the list as a status's response code.
  SessionHarness listed(Protocol::kImap, 143);
  listed.server("* OK ready\r\n")
      .client("a CAPABILITY\r\n")
      .server("* capability IMAP4rev1 STARTTLS LOGINDISABLED\r\na OK Capability completed.\r\n");
  listed.finish();
  EXPECT_EQ(listed.session.capabilities,
            (std::vector<std::string>{"IMAP4rev1", "STARTTLS", "LOGINDISABLED"}));
  SessionHarness coded(Protocol::kImap, 143);
  coded.server("* PREAUTH [CAPABILITY IMAP4rev1 IDLE] ready\r\n");
  coded.finish();
  EXPECT_EQ(coded.session.capabilities, (std::vector<std::string>{"IMAP4rev1", "IDLE"}));
}

TEST(ImapDecoder, CapabilityWordsAreSplitAtEachSpaceInAnyCase) {
  // Runs of spaces make no empty capability; STARTTLS counts in any case, as the last word too.
  SessionHarness h(Protocol::kImap, 143);
  h.server("* CAPABILITY IMAP4rev1  AUTH=PLAIN   starttls\r\n* OK ready\r\n");
  h.finish();
  EXPECT_EQ(h.session.capabilities,
            (std::vector<std::string>{"IMAP4rev1", "AUTH=PLAIN", "starttls"}));
  EXPECT_TRUE(h.observer.has_finding(finding_code::kStarttlsOfferedNotUsed));
  EXPECT_FALSE(h.observer.has_finding(finding_code::kNoStarttlsOffered));
  // A word that only contains it is not the capability.
  SessionHarness other(Protocol::kImap, 143);
  other.server("* OK [CAPABILITY IMAP4rev1 XSTARTTLS STARTTLSX] ready\r\n");
  other.finish();
  EXPECT_TRUE(other.observer.has_finding(finding_code::kNoStarttlsOffered));
}

TEST(ImapDecoder, LiteralAnnouncingFourGigabytesStaysBounded) {
  SessionHarness h(Protocol::kImap, 143);
  h.server("* OK ready\r\n").client("A1 LOGIN alice {4294967296}\r\n");
  std::string chunk(1 << 20, 'x');
  for (int i = 0; i < 8; ++i)
    h.client(chunk);  // 8 MiB of the literal arrive
  h.finish();
  bool warned = false;
  for (const auto& w : h.session.warnings)
    warned |= w.find("4294967296") != std::string::npos;
  EXPECT_TRUE(warned);
  EXPECT_TRUE(h.observer.credentials.empty());
}

TEST(ImapDecoder, ServerOnlyCaptureDecodesReplies) {
  SessionHarness h(Protocol::kImap, 143);
  h.server("C3 OK LOGIN completed\r\n* 3 EXISTS\r\n");
  h.finish();
  EXPECT_TRUE(h.observer.credentials.empty());
  EXPECT_EQ(h.observer.events.size(), 2U);
}

}  // namespace
}  // namespace mailscope::testing
