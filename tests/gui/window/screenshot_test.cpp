// The real mailscope-gui under Xvfb: `--screenshot` renders the window, writes the PNG and
// exits; with `--report` it also writes what it drew. Each test checks the picture (size, not
// blank, the colours where the report says it drew them) and the report (the text drawn).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/capture_truth.hpp"
#include "support/gui_process.hpp"
#include "support/png_image.hpp"
#include "support/report.hpp"
#include "support/screenshot_fixture.hpp"

namespace mailscope::gui::testing {
namespace {

using Screenshot = ScreenshotFixture;

Rgb colour(const Shot& s, const char* name) {
  return rgb_of(s.report["palette"][name]);
}

void expect_a_real_picture(const Shot& s) {
  EXPECT_EQ(s.image.width, 1600);
  EXPECT_EQ(s.image.height, 900);
  EXPECT_GT(distinct_colours(s.image), 200u) << "blank or nearly blank picture";
  // Mostly the theme's panels: the frame was drawn with the theme, not left black.
  const Rgb dominant = dominant_colour(s.image, whole(s.image));
  EXPECT_TRUE(dominant == colour(s, "panel") || dominant == colour(s, "background"))
      << dominant[0] << "," << dominant[1] << "," << dominant[2];
}

TEST_F(Screenshot, TheTourShowsWhichSessionsLeakedWhat) {
  auto shot = shoot({});
  ASSERT_TRUE(shot);
  expect_a_real_picture(*shot);
  const Report& r = shot->report;
  EXPECT_EQ(r["headline"],
            "2 sessions of 3 leaked 2 passwords, 2 messages in clear; 1 session sealed by TLS.");
  ASSERT_EQ(rows(r, "sessions").size(), 3u);
  // Open padlocks drawn red for the plaintext sessions, a closed green one for STARTTLS.
  for (int n : {1, 3}) {
    auto lock = item(r, "padlock-" + std::to_string(n));
    ASSERT_TRUE(lock);
    EXPECT_GT(count_near(shot->image, *lock, colour(*shot, "exposed")), 20u) << "padlock " << n;
    EXPECT_EQ(count_near(shot->image, *lock, colour(*shot, "sealed")), 0u) << "padlock " << n;
  }
  auto sealed = item(r, "padlock-2");
  ASSERT_TRUE(sealed);
  EXPECT_GT(count_near(shot->image, *sealed, colour(*shot, "sealed")), 20u);
  // The headline's red is on screen, and no password is.
  EXPECT_GT(count_near(shot->image, Rect{0, 30, 1600, 70}, colour(*shot, "exposed")), 300u);
  for (const Credential& c : analyse_with_core(source_path("captures/tour.pcapng")).credentials) {
    EXPECT_EQ(all_text(r).find(*c.secret), std::string::npos);
  }
  EXPECT_EQ(r["secrets"], "masked");
  EXPECT_EQ(rows(r, "findings").size(), 9u);
}

TEST_F(Screenshot, RevealShowsThePasswordsAndSaysSo) {
  auto shot = shoot({"--reveal", "--session", "3"});
  ASSERT_TRUE(shot);
  expect_a_real_picture(*shot);
  EXPECT_EQ(shot->report["secrets"], "all visible");
  EXPECT_EQ(shot->report["selected_session"], 3);
  const std::string text = all_text(shot->report);
  for (const Credential& c : analyse_with_core(source_path("captures/tour.pcapng")).credentials) {
    EXPECT_NE(text.find(*c.secret), std::string::npos) << *c.secret;
  }
  // The switch is filled red: a visible state, even from the back of the room.
  auto button = item(shot->report, "reveal-all");
  ASSERT_TRUE(button);
  EXPECT_EQ(dominant_colour(shot->image, *button), colour(*shot, "exposed"));
}

TEST_F(Screenshot, PacketsViewHighlightsTheSecretsBytes) {
  auto shot = shoot({"--view", "packets", "--session", "3"});
  ASSERT_TRUE(shot);
  expect_a_real_picture(*shot);
  const Report& r = shot->report;
  EXPECT_EQ(r["tab"], "packets");
  EXPECT_TRUE(r["hex_secret"]);
  EXPECT_TRUE(r["hex_secret_masked"]);
  const std::string heading = r["hex_heading"];
  EXPECT_TRUE(heading.starts_with("Packet 55")) << heading;
  bool bullets = false;
  for (const auto& row : rows(r, "hexdump")) {
    bullets |= row.get<std::string>().find("\u2022\u2022") != std::string::npos;
  }
  EXPECT_TRUE(bullets);
  EXPECT_GT(count_near(shot->image, whole(shot->image), colour(*shot, "secret_background"), 12),
            500u);
}

TEST_F(Screenshot, SniffersEyeShowsCiphertextAfterStarttls) {
  auto shot = shoot({"--view", "sniffer", "--session", "2"});
  ASSERT_TRUE(shot);
  expect_a_real_picture(*shot);
  EXPECT_TRUE(shot->report["sniffers_eye"]);
  bool plain = false, cipher = false;
  for (const auto& line : rows(shot->report, "sniffer")) {
    (line["tls"] ? cipher : plain) = true;
  }
  EXPECT_TRUE(plain);
  EXPECT_TRUE(cipher);
  EXPECT_GT(count_near(shot->image, whole(shot->image), colour(*shot, "ciphertext"), 10), 2000u);
}

TEST_F(Screenshot, TlsViewShowsTheCertificateTheWireShows) {
  auto shot = shoot({"--view", "tls", source_path("captures/smtp-starttls.pcap")});
  ASSERT_TRUE(shot);
  expect_a_real_picture(*shot);
  std::map<std::string, std::string> facts;
  for (const auto& f : rows(shot->report, "tls_facts"))
    facts[f["label"]] = f["value"];
  EXPECT_EQ(facts["Version"], "TLS 1.2");
  EXPECT_EQ(facts["Cipher suite"], "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(facts["Server name (SNI)"], "smtp.pt.lu");
  EXPECT_NE(facts["Certificate subject"].find("smtp.pt.lu"), std::string::npos)
      << facts["Certificate subject"];
}

TEST_F(Screenshot, ABrokenFileShowsAReadableMessage) {
  const std::string garbage = (dir_ / "broken.pcap").string();
  std::ofstream(garbage) << "GIF89a, not a capture";
  auto shot = shoot({garbage});
  ASSERT_TRUE(shot);
  EXPECT_EQ(shot->report["analysis"], "failed");
  const std::string error = shot->report["error"];
  EXPECT_NE(error.find("not a pcap or pcapng capture file"), std::string::npos) << error;
  EXPECT_TRUE(item(shot->report, "failure-open"));
  EXPECT_GT(count_near(shot->image, whole(shot->image), colour(*shot, "warning"), 30), 300u);
}

TEST_F(Screenshot, PresentationModeIsLargeAndHighContrast) {
  auto shot = shoot({"--presentation"});
  ASSERT_TRUE(shot);
  EXPECT_EQ(shot->report["font_size"], 22.0);
  const Rgb dominant = dominant_colour(shot->image, whole(shot->image));
  EXPECT_LE(dominant[0] + dominant[1] + dominant[2], 3 * 12) << "not a black background";
  EXPECT_GT(distinct_colours(shot->image), 200u);
}

TEST_F(Screenshot, LightTheme) {
  auto shot = shoot({"--theme", "light"});
  ASSERT_TRUE(shot);
  expect_a_real_picture(*shot);
  const Rgb bg = dominant_colour(shot->image, whole(shot->image));
  EXPECT_GT(bg[0] + bg[1] + bg[2], 600) << "not a light background";
}

TEST_F(Screenshot, TheTourIsInsideTheBinary) {
  // From a folder with no captures/ in sight.
  auto shot = shoot({}, "shot", dir_.string());
  ASSERT_TRUE(shot);
  EXPECT_EQ(shot->report["capture"], "tour.pcapng (bundled tour)");
}

}  // namespace
}  // namespace mailscope::gui::testing
