// The whole window drawn headless (no X, no GL): what a user sees and what their clicks do.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "headless/headless_gui.hpp"
#include "support/big_capture.hpp"
#include "support/capture_truth.hpp"

namespace mailscope::gui::testing {
namespace {

std::vector<std::string> tour_passwords() {
  std::vector<std::string> out;
  for (const Credential& c : analyse_with_core(source_path("captures/tour.pcapng")).credentials) {
    out.push_back(*c.secret);
  }
  return out;
}

// The first item the frame drew whose name starts with `prefix`.
std::string item_starting(const char* prefix, const Report& r) {
  for (const auto& [id, rect] : r["items"].items()) {
    if (id.starts_with(prefix)) return id;
  }
  return {};
}

TEST(HeadlessWindow, TheTourOpensOnTheSessionThatLeakedWithSecretsMasked) {
  HeadlessGui gui(headless_options());
  ASSERT_TRUE(gui.run_until_settled());
  const Report& r = gui.report();
  EXPECT_EQ(r["capture"], "tour.pcapng (bundled tour)");
  EXPECT_EQ(r["analysis"], "done");
  EXPECT_EQ(r["selected_session"], 1);
  EXPECT_EQ(r["secrets"], "masked");
  EXPECT_EQ(r["headline"],
            "2 sessions of 3 leaked 2 passwords, 2 messages in clear; 1 session sealed by TLS.");
  ASSERT_EQ(rows(r, "sessions").size(), 3u);
  EXPECT_FALSE(rows(r, "sessions")[1]["leaked"]);
  EXPECT_TRUE(rows(r, "sessions")[1]["sealed"]);
  EXPECT_EQ(rows(r, "findings").size(), 9u);
  // The conversation opens on the line that carried the password.
  bool credential_row_selected = false;
  for (const auto& row : rows(r, "conversation")) {
    credential_row_selected |= row["credential"] && row["selected"];
  }
  EXPECT_TRUE(credential_row_selected);
  const std::string text = all_text(r);
  for (const std::string& password : tour_passwords()) {
    EXPECT_EQ(text.find(password), std::string::npos) << password << " is on screen";
  }
}

TEST(HeadlessWindow, RevealOneSecretThenMaskThemAll) {
  HeadlessGui gui(headless_options());
  ASSERT_TRUE(gui.run_until_settled());
  const std::vector<std::string> passwords = tour_passwords();
  const std::string reveal = item_starting("reveal-row-", gui.report());
  ASSERT_FALSE(reveal.empty());
  ASSERT_TRUE(gui.click(reveal));
  EXPECT_EQ(gui.report()["secrets"], "some visible");
  EXPECT_NE(all_text(gui.report()).find(passwords[0]), std::string::npos);
  EXPECT_EQ(all_text(gui.report()).find(passwords[1]), std::string::npos);  // #3 still masked

  ASSERT_TRUE(gui.click("reveal-all"));  // visible → masks everything
  EXPECT_EQ(gui.report()["secrets"], "masked");
  EXPECT_EQ(all_text(gui.report()).find(passwords[0]), std::string::npos);

  ASSERT_TRUE(gui.click("reveal-all"));  // masked → reveals everything
  EXPECT_EQ(gui.report()["secrets"], "all visible");
  ASSERT_TRUE(gui.click("session-row-3"));
  EXPECT_NE(all_text(gui.report()).find(passwords[1]), std::string::npos);
}

TEST(HeadlessWindow, TheSessionsTableSortsAndFilters) {
  HeadlessGui gui(headless_options());
  ASSERT_TRUE(gui.run_until_settled());
  auto order = [&gui] {
    std::vector<int> numbers;
    for (const auto& row : rows(gui.report(), "sessions"))
      numbers.push_back(row["number"]);
    return numbers;
  };
  EXPECT_EQ(order(), (std::vector<int>{1, 2, 3}));
  ASSERT_TRUE(gui.click("sessions-header-0"));  // "#" again: descending
  EXPECT_EQ(order(), (std::vector<int>{3, 2, 1}));
  ASSERT_TRUE(gui.click("sessions-header-4"));  // Transport: plaintext first, then STARTTLS
  EXPECT_EQ(order(), (std::vector<int>{1, 3, 2}));
  ASSERT_TRUE(gui.click("sessions-header-4"));  // and the other way round
  EXPECT_EQ(order().front(), 2);

  // Typing into the filter keeps the rows that match every word.
  ASSERT_TRUE(gui.click("session-filter"));
  for (char c : std::string("imap"))
    ImGui::GetIO().AddInputCharacter(c);
  gui.frame();
  gui.frame();
  EXPECT_EQ(order(), (std::vector<int>{3}));
}

TEST(HeadlessWindow, AFindingSelectsItsSessionRowAndPacket) {
  HeadlessGui gui(headless_options());
  ASSERT_TRUE(gui.run_until_settled());
  std::string finding;
  std::uint64_t packet = 0;
  for (const auto& row : rows(gui.report(), "findings")) {
    if (row["session"] == 3 && row["severity"] == "CRITICAL") {
      finding = "finding-" + std::to_string(row["index"].get<int>());
      packet = row["packet"];
      break;
    }
  }
  ASSERT_FALSE(finding.empty());
  ASSERT_TRUE(gui.click(finding));
  const Report& r = gui.report();
  EXPECT_EQ(r["selected_session"], 3);
  EXPECT_EQ(r["selected_packet"], packet);
  EXPECT_EQ(r["tab"], "conversation");
  bool selected_row_at_packet = false;
  for (const auto& row : rows(r, "conversation")) {
    if (row["selected"]) selected_row_at_packet = row["packet"] == packet && row["credential"];
  }
  EXPECT_TRUE(selected_row_at_packet);

  ASSERT_TRUE(gui.click("tab-packets"));
  bool packet_selected = false;
  for (const auto& row : rows(gui.report(), "packets")) {
    packet_selected |= row["selected"] && row["number"] == packet;
  }
  EXPECT_TRUE(packet_selected);
  EXPECT_EQ(gui.report()["hex_packet"], packet);
  EXPECT_TRUE(gui.report()["hex_secret"]);
  EXPECT_TRUE(gui.report()["hex_secret_masked"]);
}

TEST(HeadlessWindow, SniffersEyeShowsPlainTextThenCiphertext) {
  GuiOptions options = headless_options();
  options.session = 2;
  options.sniffers_eye = true;
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled());
  const auto& lines = rows(gui.report(), "sniffer");
  ASSERT_GT(lines.size(), 5u);
  EXPECT_FALSE(lines[0]["tls"]);
  EXPECT_TRUE(lines[0]["text"].get<std::string>().starts_with("220 mx.example.com"));
  bool ciphertext = false;
  for (const auto& line : lines)
    ciphertext |= line["tls"].get<bool>();
  EXPECT_TRUE(ciphertext);
}

TEST(HeadlessWindow, PresentationModeEnlargesTheTextAndRaisesTheContrast) {
  HeadlessGui gui(headless_options());
  ASSERT_TRUE(gui.run_until_settled());
  EXPECT_EQ(gui.report()["font_size"], 17.0);
  ASSERT_TRUE(gui.click("presentation"));
  EXPECT_TRUE(gui.report()["presentation"]);
  EXPECT_EQ(gui.report()["font_size"], 22.0);
  EXPECT_EQ(gui.report()["palette"]["background"], nlohmann::json::array({0, 0, 0}));
  ASSERT_TRUE(gui.click("presentation"));
  EXPECT_FALSE(gui.report()["presentation"]);
  EXPECT_EQ(gui.report()["font_size"], 17.0);
}

TEST(HeadlessWindow, TheFontsCoverGermanAndFrenchAndTheSymbols) {
  HeadlessGui gui(headless_options());
  gui.frame();
  ImFont* font = ImGui::GetIO().FontDefault;
  ASSERT_NE(font, nullptr);
  for (ImWchar c : std::u16string(u"äöüÄÖÜßéèàçêœŒ€•—…→←↵⚠✓✗·")) {
    EXPECT_NE(font->FindGlyphNoFallback(c), nullptr) << "U+" << std::hex << int(c);
  }
}

TEST(HeadlessWindow, ABrokenFileShowsWhyAndTheTourReopens) {
  const std::string garbage = "/tmp/mailscope-gui-broken-" + std::to_string(::getpid()) + ".pcap";
  std::ofstream(garbage) << "not a capture at all";
  HeadlessGui gui(headless_options(garbage));
  ASSERT_TRUE(gui.run_until_settled());
  EXPECT_EQ(gui.report()["analysis"], "failed");
  EXPECT_NE(gui.report()["error"].get<std::string>().find("not a pcap or pcapng capture file"),
            std::string::npos);
  ASSERT_TRUE(gui.click("failure-tour"));
  ASSERT_TRUE(gui.run_until_settled());
  EXPECT_EQ(gui.report()["capture"], "tour.pcapng (bundled tour)");
  EXPECT_EQ(rows(gui.report(), "sessions").size(), 3u);
  std::filesystem::remove(garbage);
}

TEST(HeadlessWindow, ANewCaptureStartsMaskedAgain) {
  GuiOptions options = headless_options();
  options.reveal = true;
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled());
  EXPECT_EQ(gui.report()["secrets"], "all visible");
  gui.app().open_file(source_path("captures/imap-login.pcap"));
  ASSERT_TRUE(gui.run_until_settled());
  EXPECT_EQ(gui.report()["secrets"], "masked");
}

// 105,600 packets in the list and 4,800 sessions in the table: the clipper draws only what
// is on screen, so a frame costs the same at the top and in the middle.
TEST(HeadlessWindow, AHundredThousandRowsScrollWithoutSlowingTheFrame) {
  const std::string big = "/tmp/mailscope-gui-big-" + std::to_string(::getpid()) + ".pcap";
  ASSERT_GT(write_repeated_capture(source_path("captures/tour.pcapng"), big, 1600), 100000u);
  GuiOptions options = headless_options(big);
  options.tab = DetailTab::kPackets;
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled(240));  // sanitizer builds on a busy machine: minutes
  EXPECT_EQ(gui.report()["packets"], 105600);
  EXPECT_LT(rows(gui.report(), "sessions").size(), 60u);
  ASSERT_TRUE(gui.click("all-packets"));
  const std::size_t drawn = rows(gui.report(), "packets").size();
  EXPECT_GT(drawn, 3u);
  EXPECT_LT(drawn, 80u);

  // (The clipper also draws row 0 each frame, to measure it: follow a row in the middle.)
  auto middle_row = [&gui] {
    const auto& drawn = rows(gui.report(), "packets");
    return drawn[drawn.size() / 2]["number"].get<int>();
  };
  auto last_row = [&gui] { return rows(gui.report(), "packets").back()["number"].get<int>(); };
  double slowest = 0;
  for (int i = 0; i < 40; ++i) {
    gui.scroll_at("packet-row-" + std::to_string(middle_row()), -200.0f);  // a 200-notch flick
    slowest = std::max(slowest, gui.last_frame_ms());
  }
  EXPECT_GT(last_row(), 20000) << "the list did not scroll";
  EXPECT_LT(rows(gui.report(), "packets").size(), 80u);
  // Generous: sanitizer builds on a busy two-core machine. Without the clipper a frame with
  // 100,000 rows takes seconds.
  EXPECT_LT(slowest, 250.0);
  std::printf("slowest frame while scrolling 105,600 rows: %.1f ms\n", slowest);
  std::filesystem::remove(big);
}

}  // namespace
}  // namespace mailscope::gui::testing
