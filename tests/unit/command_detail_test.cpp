// What the conversation view says a command means ("user alice", "sender a@x"): written when a
// view asks for the details, and not even built when none does (the CLI), with the same
// credentials either way.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/session_harness.hpp"

namespace mailscope::testing {
namespace {

std::vector<std::string> command_details(const RecordingObserver& observer) {
  std::vector<std::string> details;
  for (const Event& e : observer.events) {
    if (e.kind == Event::Kind::kCommand && !e.detail.empty()) details.push_back(e.detail);
  }
  return details;
}

TEST(CommandDetail, EachProtocolSaysWhatItsCommandsCarry) {
  for (bool details : {true, false}) {
    SessionHarness smtp(Protocol::kSmtp, 587, details);
    smtp.server("220 mx ESMTP\r\n")
        .client("MAIL FROM:<alice@example.lu>\r\n")
        .server("250 ok\r\n")
        .client("RCPT TO:<bob@example.com>\r\n")
        .server("250 ok\r\n");
    smtp.finish();
    SessionHarness pop3(Protocol::kPop3, 110, details);
    pop3.server("+OK ready\r\n")
        .client("USER alice\r\n")
        .server("+OK\r\n")
        .client("PASS hunter22\r\n")
        .server("+OK\r\n");
    pop3.finish();
    SessionHarness imap(Protocol::kImap, 143, details);
    imap.server("* OK ready\r\n").client("a1 LOGIN bob s3cret\r\n").server("a1 OK done\r\n");
    imap.finish();
    if (details) {
      EXPECT_EQ(command_details(smtp.observer),
                (std::vector<std::string>{"sender alice@example.lu", "recipient bob@example.com"}));
      EXPECT_EQ(command_details(pop3.observer),
                (std::vector<std::string>{"user alice", "password of alice"}));
      EXPECT_EQ(command_details(imap.observer), (std::vector<std::string>{"user bob, password"}));
    } else {
      EXPECT_TRUE(smtp.observer.events.empty());
      EXPECT_TRUE(pop3.observer.events.empty());
      EXPECT_TRUE(imap.observer.events.empty());
    }
    ASSERT_EQ(pop3.observer.credentials.size(), 1u) << details;
    EXPECT_EQ(pop3.observer.credentials[0].secret, "hunter22");
    ASSERT_EQ(imap.observer.credentials.size(), 1u) << details;
    EXPECT_EQ(imap.observer.credentials[0].username, "bob");
  }
}

}  // namespace
}  // namespace mailscope::testing
