// SessionRecorder's findings: the sentence is given in parts and joined in one Finding that the
// recorder reuses for the session's next findings.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/session.hpp"
#include "model/session_observer.hpp"
#include "proto/session_recorder.hpp"

namespace mailscope {
namespace {

struct FindingLog : SessionObserver {
  void on_finding(const Finding& f) override { findings.push_back(f); }
  std::vector<Finding> findings;
};

TEST(SessionRecorder, JoinsAFindingsPartsAndLeavesNothingOfTheOneBefore) {
  Session session;
  session.id = 7;
  FindingLog log;
  SessionRecorder recorder(session, log);
  const std::string user = "alice@example.test";
  recorder.finding(Severity::kCritical, finding_code::kPlaintextCredentials, 12,
                   {"The password of ", user, " crossed the network in clear (", "PLAIN",
                    "): anyone on the path can read it."});
  // Shorter than the first, then empty: the reused buffer must not show through.
  recorder.finding(Severity::kWarning, finding_code::kStarttlsRefused, 15, {"Short."});
  recorder.finding(Severity::kInfo, finding_code::kTlsProtected, 16, {});
  ASSERT_EQ(log.findings.size(), 3u);
  EXPECT_EQ(log.findings[0].message,
            "The password of alice@example.test crossed the network in clear (PLAIN): anyone on "
            "the path can read it.");
  EXPECT_EQ(log.findings[0].code, finding_code::kPlaintextCredentials);
  EXPECT_EQ(log.findings[0].severity, Severity::kCritical);
  EXPECT_EQ(log.findings[0].session, 7u);
  EXPECT_EQ(log.findings[0].packet, 12u);
  EXPECT_EQ(log.findings[1].message, "Short.");
  EXPECT_EQ(log.findings[1].code, finding_code::kStarttlsRefused);
  EXPECT_EQ(log.findings[1].packet, 15u);
  EXPECT_EQ(log.findings[2].message, "");
  EXPECT_EQ(log.findings[2].severity, Severity::kInfo);
}

}  // namespace
}  // namespace mailscope
