// What the views write on screen, on real captures: secrets masked in lines and bytes, the
// labels and headline, the sessions filter.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/analysis_worker.hpp"
#include "presentation/secret_display.hpp"
#include "presentation/session_text.hpp"
#include "presentation/stream_map.hpp"
#include "proto/base64.hpp"
#include "support/capture_truth.hpp"
#include "support/worker_run.hpp"
#include "views/file_browser_view.hpp"
#include "views/sessions_view.hpp"
#include "widgets/hex_dump.hpp"

namespace mailscope::gui::testing {
namespace {

// Runs the worker on `relative` and hands the model to `check` under the lock.
template <typename Check>
void with_model(const std::string& relative, Check&& check) {
  AnalysisWorker worker;
  worker.open(file_input(relative.starts_with("/") ? relative : source_path(relative)));
  ASSERT_EQ(wait_until_analysed(worker), AnalysisState::kDone) << relative;
  auto lock = worker.lock();
  check(worker.model());
}

// Every line that carries a credential, with the credential.
template <typename Visit>
void for_each_credential_line(const CaptureModel& model, Visit&& visit) {
  for (const SessionEntry& entry : model.sessions) {
    for (const Event& e : entry.detail.events) {
      if (e.credential < 0) continue;
      if (const Credential* c = model.credential(entry, e.credential)) visit(entry, e, *c);
    }
  }
}

TEST(SecretDisplay, MasksTheSecretAndKeepsTheCommand) {
  with_model("captures/tour.pcapng", [](const CaptureModel& model) {
    std::vector<std::string> masked;
    for_each_credential_line(model, [&](const SessionEntry&, const Event& e, const Credential& c) {
      const std::string line = line_for_display(e, &c, false);
      masked.push_back(line);
      EXPECT_EQ(line.find(*c.secret), std::string::npos) << line;
      EXPECT_EQ(line.find(encode_base64(*c.secret)), std::string::npos) << line;
      EXPECT_NE(line.find("\u2022"), std::string::npos) << line;
      EXPECT_EQ(line_for_display(e, &c, true), e.text);
    });
    ASSERT_EQ(masked.size(), 2u);
    // AUTH LOGIN: the password line is nothing but the secret. IMAP LOGIN: the command stays.
    EXPECT_EQ(masked[0].find_first_not_of("\u2022"), std::string::npos) << masked[0];
    EXPECT_TRUE(masked[1].starts_with("A1 LOGIN \"bob\" ")) << masked[1];
  });
  const std::string plain = corpus_path("bruteshark_smtp-auth-plain.pcap");
  if (plain.empty()) GTEST_SKIP() << "the public corpus is not here (../shared/corpus)";
  with_model(plain, [](const CaptureModel& model) {
    std::size_t lines = 0;
    for_each_credential_line(model, [&](const SessionEntry&, const Event& e, const Credential& c) {
      const std::string line = line_for_display(e, &c, false);
      EXPECT_TRUE(line.starts_with("AUTH PLAIN \u2022")) << line;
      EXPECT_EQ(line.find(e.text.substr(11)), std::string::npos) << "base64 shown: " << line;
      ++lines;
    });
    EXPECT_EQ(lines, 1u);
  });
}

// No capture of ours puts a password on screen while the secrets are masked.
TEST(SecretDisplay, NoCaptureShowsAPasswordWhileMasked) {
  std::size_t checked = 0;
  for (const auto& file : std::filesystem::directory_iterator(source_path("captures"))) {
    const std::string ext = file.path().extension().string();
    if (ext != ".pcap" && ext != ".pcapng") continue;
    with_model(file.path().string(), [&](const CaptureModel& model) {
      for_each_credential_line(
          model, [&](const SessionEntry&, const Event& e, const Credential& c) {
            if (!c.secret || c.secret->size() < 4) return;
            const std::string line = line_for_display(e, &c, false);
            EXPECT_EQ(line.find(*c.secret), std::string::npos) << file.path() << ": " << line;
            EXPECT_EQ(credential_summary(c, false).find(*c.secret), std::string::npos);
            EXPECT_NE(credential_summary(c, true).find(*c.secret), std::string::npos);
            ++checked;
          });
    });
  }
  EXPECT_GT(checked, 10u);
}

TEST(HexDump, SecretBytesShowAsBulletsUntilRevealed) {
  with_model("captures/imap-login.pcap", [](const CaptureModel& model) {
    ASSERT_FALSE(model.credentials.empty());
    const Credential& c = model.credentials.front();
    const SessionEntry* entry = model.session(c.session);
    auto ranges = frame_ranges_in(entry->detail.segments, c.secret_bytes, c.packet);
    ASSERT_EQ(ranges.size(), 1u);
    const auto frame = model.packets.kept_bytes(c.packet);
    std::vector<HexMark> masked{{HexMark::Kind::kSecret, ranges[0].begin, ranges[0].end, true}};
    std::vector<HexMark> shown{{HexMark::Kind::kSecret, ranges[0].begin, ranges[0].end, false}};
    std::string all_masked, all_shown;
    for (std::size_t row = 0; row < frame.size(); row += kHexBytesPerRow) {
      all_masked += hex_dump_row(frame, row, masked) + "\n";
      all_shown += hex_dump_row(frame, row, shown) + "\n";
    }
    // Each masked byte is "••" in the hex column and "•" in the ASCII one; revealed, none is.
    auto count = [](const std::string& s, const std::string& what) {
      std::size_t n = 0;
      for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size()))
        ++n;
      return n;
    };
    EXPECT_EQ(count(all_masked, "\u2022"), 3 * (ranges[0].end - ranges[0].begin)) << all_masked;
    EXPECT_EQ(count(all_shown, "\u2022"), 0u);
    std::string shown_hex;
    for (std::uint32_t i = ranges[0].begin; i < ranges[0].end; ++i) {
      char byte[4];
      std::snprintf(byte, sizeof byte, "%02x", frame[i]);
      EXPECT_NE(all_shown.find(byte), std::string::npos);
    }
    EXPECT_TRUE(all_shown.starts_with("0000  ")) << all_shown;
  });
}

TEST(SessionText, TheHeadlineSaysWhichSessionsLeakedWhat) {
  with_model("captures/tour.pcapng", [](const CaptureModel& model) {
    EXPECT_EQ(leak_headline(summarize_leaks(model)),
              "2 sessions of 3 leaked 2 passwords, 2 messages in clear; 1 session sealed by TLS.");
    EXPECT_EQ(transport_label(model.session_by_number(2)->summary), "STARTTLS \u2192 TLS 1.3");
    EXPECT_EQ(transport_label(model.session_by_number(1)->summary), "plaintext");
    EXPECT_EQ(endpoints_short_label(model.session_by_number(1)->summary),
              "192.0.2.10 \u2192 198.51.100.25:587");
  });
  with_model("captures/smtps-465.pcap", [](const CaptureModel& model) {
    EXPECT_EQ(leak_headline(summarize_leaks(model)),
              "Nothing leaked in clear: 1 session sealed by TLS.");
    EXPECT_EQ(transport_label(model.sessions.front().summary), "implicit TLS 1.3");
  });
}

TEST(SessionsFilter, EveryWordMustMatch) {
  with_model("captures/tour.pcapng", [](const CaptureModel& model) {
    auto matching = [&](std::string_view filter, bool only_leaks) {
      std::vector<std::uint64_t> numbers;
      for (const SessionEntry& e : model.sessions) {
        if (session_matches(model, e, filter, only_leaks)) numbers.push_back(e.number);
      }
      std::sort(numbers.begin(), numbers.end());
      return numbers;
    };
    EXPECT_EQ(matching("", false), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(matching("", true), (std::vector<std::uint64_t>{1, 3}));
    EXPECT_EQ(matching("imap BOB", false), (std::vector<std::uint64_t>{3}));
    EXPECT_EQ(matching("starttls", false), (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(matching("salary", false), (std::vector<std::uint64_t>{1, 3}));
    EXPECT_EQ(matching(":587", false), (std::vector<std::uint64_t>{1}));
    EXPECT_TRUE(matching("nobody", false).empty());
  });
}

TEST(FileBrowser, ListsCaptureFilesByDefault) {
  EXPECT_TRUE(looks_like_capture("tour.pcapng"));
  EXPECT_TRUE(looks_like_capture("x.pcap"));
  EXPECT_TRUE(looks_like_capture("old.cap"));
  EXPECT_FALSE(looks_like_capture("tour.expected.json"));
  EXPECT_FALSE(looks_like_capture(".pcap"));
}

}  // namespace
}  // namespace mailscope::gui::testing
