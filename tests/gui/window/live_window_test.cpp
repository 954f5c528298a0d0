// The real mailscope-gui under Xvfb capturing live on lo: `--live lo --live-seconds S` opens
// the Live panel and starts at once; a client logs in over 127.0.0.1 meanwhile; the capture
// ends by itself and the screenshot shows the session, its credential and the panel's counters.
// Skipped, with the reason, where capturing is not permitted.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "support/gui_process.hpp"
#include "support/live_exchange.hpp"
#include "support/png_image.hpp"
#include "support/report.hpp"

namespace mailscope::gui::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(LiveWindow, ALoginOverLoopbackFillsTheWindowAndThePanel) {
  constexpr std::uint16_t kPort = 2533;
  const fs::path dir =
      fs::temp_directory_path() / ("mailscope-gui-live-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string png = (dir / "live.png").string();
  const std::string json = (dir / "live.json").string();
  GuiProcess gui({"--screenshot", png, "--report", json, "--live", "lo", "--live-filter",
                  "tcp port " + std::to_string(kPort), "--live-seconds", "8"},
                 (dir / "app.log").string());
  ASSERT_TRUE(gui.started());
  // 8 s of capture: the first frame (fonts, software GL) can take seconds on a loaded machine,
  // and the client below only starts once it is drawn.
  // Once the panel reports "running", libpcap is listening.
  auto started = wait_for_report(
      json, [](const Report& r) { return r.contains("live") && r["live"]["status"] != "idle"; },
      20s);
  ASSERT_TRUE(started) << gui.log();
  if ((*started)["live"]["status"] == "failed") {
    const std::string error = (*started)["live"]["error"];
    if (is_permission_error(error)) GTEST_SKIP() << "capturing is not permitted here: " << error;
    FAIL() << error;
  }
  ASSERT_EQ((*started)["live"]["status"], "running");
  ASSERT_EQ(smtp_auth_plain_on_loopback(kPort), "");
  ASSERT_EQ(gui.wait(60s), 0) << gui.log();

  auto report = read_report(json);
  auto image = load_png(png);
  ASSERT_TRUE(report && image);
  const Report& r = *report;
  EXPECT_EQ(r["live"]["status"], "stopped");
  EXPECT_EQ(r["live"]["interface"], "lo");
  EXPECT_EQ(r["live"]["sessions"], 1);
  EXPECT_GE(r["live"]["packets"].get<int>(), 8);
  EXPECT_EQ(r["live"]["kernel_drops"], 0);
  EXPECT_EQ(r["analysis"], "done");
  ASSERT_EQ(rows(r, "sessions").size(), 1u);
  const std::string text = rows(r, "sessions")[0].dump();
  EXPECT_NE(text.find("alice"), std::string::npos) << text;
  EXPECT_NE(text.find(":" + std::to_string(kPort)), std::string::npos) << text;
  EXPECT_EQ(all_text(r).find("live-secret"), std::string::npos);  // masked by default
  EXPECT_TRUE(item(r, "live-window").has_value());
  EXPECT_EQ(image->width, 1600);
  EXPECT_GT(distinct_colours(*image), 200u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mailscope::gui::testing
