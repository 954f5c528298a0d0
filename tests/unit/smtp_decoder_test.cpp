// SMTP as Postfix and real clients speak it (transcripts from RFC 5321, RFC 4954 and
// captures of Thunderbird and swaks against Postfix).
#include <gtest/gtest.h>

#include "support/session_harness.hpp"

namespace mailscope::testing {
namespace {

constexpr std::string_view kPostfixEhlo =
    "250-smtp.pt.lu\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
    "250-AUTH PLAIN LOGIN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250 CHUNKING\r\n";

TEST(SmtpDecoder, AuthPlainInitialResponseAccepted) {
  SessionHarness h(Protocol::kSmtp, 587);
  h.server("220 smtp.pt.lu ESMTP Postfix\r\n")
      .client("EHLO [192.0.2.10]\r\n")
      .server(kPostfixEhlo)
      .client("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n")
      .server("235 2.7.0 Authentication successful\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U);
  const Credential& c = h.observer.credentials[0];
  EXPECT_EQ(c.mechanism, "PLAIN");
  EXPECT_EQ(c.username, "alice");
  EXPECT_EQ(c.secret, "wonderland");
  EXPECT_EQ(c.result, AuthResult::kAccepted);
  EXPECT_EQ(c.packet, 4U);
  // The highlighted bytes are the response, not "AUTH PLAIN " before it.
  constexpr std::string_view kIr = "AGFsaWNlAHdvbmRlcmxhbmQ=";
  EXPECT_EQ(c.secret_bytes.size(), kIr.size());
  EXPECT_EQ(c.secret_bytes.begin, 19U + 11);  // client stream: the EHLO line, "AUTH PLAIN "
  EXPECT_EQ(c.secret_bytes.direction, Direction::kClientToServer);
  EXPECT_EQ(h.session.server_name, "smtp.pt.lu");
  EXPECT_EQ(h.session.client_name, "[192.0.2.10]");
  EXPECT_EQ(h.session.capabilities,
            (std::vector<std::string>{"PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH PLAIN LOGIN",
                                      "ENHANCEDSTATUSCODES", "8BITMIME", "CHUNKING"}));
  EXPECT_EQ(h.session.hop, Hop::kSubmission);
  EXPECT_TRUE(h.observer.has_finding("plaintext-credentials"));
  EXPECT_TRUE(h.observer.has_finding("login-before-starttls"));
  EXPECT_TRUE(h.observer.has_finding("starttls-offered-not-used"));
}

TEST(SmtpDecoder, CapabilitiesAreKeptWithoutTheSpacesAroundThem) {
  // AOL's submission servers (markofu_evidence02.pcap in the corpus) end two lines with a space.
  SessionHarness h(Protocol::kSmtp, 587);
  h.server("220 cia-mc06.mx.aol.com ESMTP\r\n")
      .client("EHLO annlaptop\r\n")
      .server(
          "250-cia-mc06.mx.aol.com host-69-140-19-190.static.comcast.net\r\n"
          "250-AUTH=LOGIN PLAIN XAOL-UAS-MB \r\n250-AUTH LOGIN PLAIN XAOL-UAS-MB \r\n"
          "250-  \r\n250 STARTTLS\r\n");
  h.finish();
  EXPECT_EQ(h.session.capabilities,
            (std::vector<std::string>{"AUTH=LOGIN PLAIN XAOL-UAS-MB",
                                      "AUTH LOGIN PLAIN XAOL-UAS-MB", "STARTTLS"}));
}

TEST(SmtpDecoder, AuthLoginWithNonStandardPromptsRejectedThenAccepted) {
  SessionHarness h(Protocol::kSmtp, 25);
  h.server("220 mail.example.com ESMTP\r\n")
      .client("EHLO client\r\n")
      .server("250-mail.example.com\r\n250 AUTH LOGIN\r\n")
      .client("AUTH LOGIN\r\n")
      .server("334 TmFtZSBiaXR0ZQ==\r\n")  // "Name bitte"
      .client("Ym9i\r\n")
      .server("334 S2VubndvcnQ=\r\n")  // "Kennwort"
      .client("d3Jvbmc=\r\n")
      .server("535 5.7.8 Error: authentication failed\r\n")
      .client("AUTH LOGIN Ym9i\r\n")  // username as initial response
      .server("334 UGFzc3dvcmQ6\r\n")
      .client("cmlnaHQ=\r\n")
      .server("235 2.7.0 Authentication successful\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 2U);
  EXPECT_EQ(h.observer.credentials[0].secret, "wrong");
  EXPECT_EQ(h.observer.credentials[0].result, AuthResult::kRejected);
  EXPECT_EQ(h.observer.credentials[1].username, "bob");
  EXPECT_EQ(h.observer.credentials[1].secret, "right");
  EXPECT_EQ(h.observer.credentials[1].result, AuthResult::kAccepted);
  EXPECT_EQ(h.session.hop, Hop::kSubmission) << "AUTH on port 25 is submission";
  EXPECT_TRUE(h.observer.has_finding("no-starttls-offered"));
}

TEST(SmtpDecoder, PlainOnTheNextLineWithAuthzidAndCancel) {
  SessionHarness h(Protocol::kSmtp, 587);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250 AUTH PLAIN\r\n")
      .client("AUTH PLAIN\r\n")
      .server("334 \r\n")
      .client("*\r\n")
      .server("501 5.7.0 Authentication aborted\r\n")
      .client("AUTH PLAIN\r\n")
      .server("334 \r\n")
      .client("YWRtaW4AYWxpY2UAc2VjcmV0\r\n")  // admin\0alice\0secret
      .server("235 ok\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 1U) << "a cancelled attempt carries no secret";
  EXPECT_EQ(h.observer.credentials[0].authzid, "admin");
  EXPECT_EQ(h.observer.credentials[0].username, "alice");
}

TEST(SmtpDecoder, CramMd5AndXoauth2) {
  SessionHarness h(Protocol::kSmtp, 587);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250 AUTH CRAM-MD5 XOAUTH2\r\n")
      .client("AUTH CRAM-MD5\r\n")
      .server("334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n")
      .client("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n")
      .server("235 ok\r\n")
      .client("AUTH XOAUTH2 dXNlcj10aW1AZXhhbXBsZS5jb20BYXV0aD1CZWFyZXIgeWEyOS50b2tlbgEB\r\n")
      .server("334 eyJzdGF0dXMiOiI0MDEifQ==\r\n")
      .client("\r\n")
      .server("535 5.7.8 Username and Password not accepted\r\n");
  h.finish();
  ASSERT_EQ(h.observer.credentials.size(), 2U);
  EXPECT_EQ(h.observer.credentials[0].mechanism, "CRAM-MD5");
  EXPECT_FALSE(h.observer.credentials[0].secret);
  EXPECT_EQ(h.observer.credentials[1].secret, "ya29.token");
  EXPECT_EQ(h.observer.credentials[1].result, AuthResult::kRejected);
  EXPECT_TRUE(h.observer.has_finding("crackable-digest"));
  EXPECT_TRUE(h.observer.has_finding("token-exposed"));
}

TEST(SmtpDecoder, PipelinedTransactionWithDotStuffing) {
  SessionHarness h(Protocol::kSmtp, 25);
  h.server("220 mx.example.com ESMTP\r\n")
      .client("EHLO smtp.pt.lu\r\n")
      .server("250-mx.example.com\r\n250 PIPELINING\r\n")
      .client(
          "MAIL FROM:<alice@example.lu> SIZE=120\r\nRCPT TO:<bob@example.com>\r\n"
          "RCPT TO:<carol@example.com>\r\nDATA\r\n")
      .server(
          "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n")
      .client(
          "From: Alice <alice@example.lu>\r\nSubject: Salary 2026\r\n\r\n..hidden dot\r\n"
          "line\r\n.\r\n")
      .server("250 2.0.0 Ok: queued\r\n")
      .client("QUIT\r\n");
  h.finish();
  ASSERT_EQ(h.session.messages.size(), 1U);
  const MailMessage& m = h.session.messages[0];
  EXPECT_EQ(m.from, "alice@example.lu");
  EXPECT_EQ(m.to, (std::vector<std::string>{"bob@example.com", "carol@example.com"}));
  EXPECT_EQ(m.subject, "Salary 2026");
  // Unstuffed: ".hidden dot" is 11 bytes; 32 + 22 + 2 + 13 + 6.
  EXPECT_EQ(m.size, 75U);
  EXPECT_EQ(h.session.hop, Hop::kRelay);
  EXPECT_TRUE(h.observer.has_finding("message-exposed"));
  EXPECT_TRUE(h.observer.has_finding("no-starttls-offered"));
}

TEST(SmtpDecoder, BodyCountedInOnePassMatchesLineByLine) {
  // Without a conversation view the body is counted in bulk; the figures must not change.
  for (bool details : {true, false}) {
    SessionHarness h(Protocol::kSmtp, 25, details);
    h.server("220 mx ESMTP\r\n")
        .client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n")
        .server("250 ok\r\n250 ok\r\n354 go\r\n")
        .client("Subject: bulk\r\n\r\nline one\r\n..stuffed\r\nbare lf\n")
        .client("last\r\n.\r\nQUIT\r\n")
        .server("250 queued\r\n");
    h.finish();
    ASSERT_EQ(h.session.messages.size(), 1U) << "details " << details;
    // 15 + 2 + 10 + 10 (".stuffed") + 9 (bare LF counted as CRLF) + 6
    EXPECT_EQ(h.session.messages[0].size, 52U) << "details " << details;
    EXPECT_EQ(h.session.messages[0].subject, "bulk");
  }
}

TEST(SmtpDecoder, BdatChunks) {
  SessionHarness h(Protocol::kSmtp, 25);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250 CHUNKING\r\n")
      .client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\n")
      .server("250 ok\r\n250 ok\r\n")
      .client("BDAT 16\r\nSubject: chunks\r\nBDAT 6 LAST\r\n\r\nbody")
      .server("250 ok\r\n250 ok\r\n");
  h.finish();
  ASSERT_EQ(h.session.messages.size(), 1U);
  EXPECT_EQ(h.session.messages[0].size, 22U);
  EXPECT_EQ(h.session.messages[0].subject, "chunks");
  EXPECT_TRUE(h.session.messages[0].complete);
}

TEST(SmtpDecoder, StartTlsSealsTheSession) {
  SessionHarness h(Protocol::kSmtp, 587);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250-x\r\n250 STARTTLS\r\n")
      .client("STARTTLS\r\n")
      .server("220 2.0.0 Ready to start TLS\r\n")
      .client(std::string("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00", 10));
  h.finish();
  EXPECT_EQ(h.session.transport, Transport::kStartTls);
  EXPECT_EQ(h.session.starttls_packet, 5U);
  ASSERT_TRUE(h.session.tls);
  EXPECT_EQ(h.session.tls->records, 1U);
  EXPECT_FALSE(h.observer.has_finding("starttls-command-injection"));
  EXPECT_FALSE(h.observer.has_finding("starttls-offered-not-used"));
}

TEST(SmtpDecoder, CommandsPipelinedAfterStartTlsAreInjection) {
  SessionHarness h(Protocol::kSmtp, 25);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250-x\r\n250 STARTTLS\r\n")
      .client("STARTTLS\r\nRSET\r\n")  // CVE-2011-0411: RSET rides in before the handshake
      .server("220 go ahead\r\n");
  h.finish();
  EXPECT_TRUE(h.observer.has_finding("starttls-command-injection"));
}

TEST(SmtpDecoder, StartTlsRefused) {
  SessionHarness h(Protocol::kSmtp, 25);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250-x\r\n250 STARTTLS\r\n")
      .client("STARTTLS\r\n")
      .server("454 4.7.0 TLS not available due to local problem\r\n")
      .client("MAIL FROM:<a@x>\r\n")
      .server("250 ok\r\n");
  h.finish();
  EXPECT_EQ(h.session.transport, Transport::kPlaintext);
  EXPECT_TRUE(h.observer.has_finding("starttls-refused"));
}

TEST(SmtpDecoder, GapInTheMiddleOfAuthIsAWarningAndDecodingResumes) {
  SessionHarness h(Protocol::kSmtp, 587);
  h.server("220 x ESMTP\r\n")
      .client("EHLO c\r\n")
      .server("250 AUTH LOGIN\r\n")
      .client("AUTH LOGIN\r\n")
      .server("334 VXNlcm5hbWU6\r\n")
      .gap(Direction::kClientToServer, 10)
      .client("d0rd\r\nMAIL FROM:<a@x>\r\n")
      .server("235 ok\r\n250 ok\r\n");
  h.finish();
  EXPECT_TRUE(h.observer.credentials.empty());
  EXPECT_FALSE(h.session.warnings.empty());
}

TEST(SmtpDecoder, OverlongLineIsCutNotBuffered) {
  SessionHarness h(Protocol::kSmtp, 25);
  h.server("220 x ESMTP\r\n");
  std::string huge(200 * 1024, 'A');
  h.client("EHLO ").client(huge).client("\r\nQUIT\r\n");
  h.finish();
  bool warned = false;
  for (const auto& w : h.session.warnings)
    warned |= w.find("64 KiB") != std::string::npos;
  EXPECT_TRUE(warned);
  EXPECT_EQ(h.observer.events.back().text, "QUIT");
}

}  // namespace
}  // namespace mailscope::testing
