// The journey view under Xvfb: `--screenshot --view journey --at SECONDS` renders the animation
// at that moment. The same moment twice gives the same picture; two moments of one flight
// differ where the envelope moved, and only around the journey.
#include <gtest/gtest.h>

#include "support/gui_process.hpp"
#include "support/png_image.hpp"
#include "support/report.hpp"
#include "support/screenshot_fixture.hpp"

namespace mailscope::gui::testing {
namespace {

class JourneyScreenshot : public ScreenshotFixture {
 protected:
  // The journey of `capture` at `at` seconds of its playback.
  std::optional<Shot> shoot_at(const std::string& at, const std::string& capture) {
    return shoot(
        {"--view", "journey", "--at", at, std::string(MAILSCOPE_SOURCE_DIR) + "/" + capture},
        "at-" + at);
  }
};

// Pixels of `area` that differ between two pictures.
std::size_t differing(const Image& a, const Image& b, const Rect& area) {
  std::size_t n = 0;
  for (int y = static_cast<int>(area.y0); y < static_cast<int>(area.y1); ++y) {
    for (int x = static_cast<int>(area.x0); x < static_cast<int>(area.x1); ++x) {
      n += a.at(x, y) != b.at(x, y);
    }
  }
  return n;
}

TEST_F(JourneyScreenshot, TwoMomentsDifferWhereTheEnvelopeMoved) {
  // The tour's first flight (smtp.pt.lu's greeting) leaves at 1.0 s and travels 1.5 s.
  auto early = shoot_at("1.3", "captures/tour.pcapng");
  auto again = shoot_at("1.3", "captures/tour.pcapng");
  auto later = shoot_at("2.1", "captures/tour.pcapng");
  ASSERT_TRUE(early && again && later);
  EXPECT_EQ(early->report["tab"], "journey");
  for (const Shot* s : {&*early, &*later}) {
    EXPECT_EQ(s->report["journey_flight"]["index"], 0);
    EXPECT_TRUE(s->report["journey_flight"]["moving"]);
    EXPECT_FALSE(s->report["journey_flight"]["to_server"]) << "the greeting goes to the client";
  }
  // Deterministic: the same moment, the same picture.
  EXPECT_EQ(differing(early->image, again->image, whole(early->image)), 0u);

  const auto from = item(early->report, "journey-letter");
  const auto to = item(later->report, "journey-letter");
  ASSERT_TRUE(from && to);
  EXPECT_LT(to->cx(), from->cx() - 20) << "from smtp.pt.lu towards the sender's client (left)";
  const std::size_t area = static_cast<std::size_t>((from->x1 - from->x0) * (from->y1 - from->y0));
  EXPECT_GT(differing(early->image, later->image, *from), area / 3) << "the letter left";
  EXPECT_GT(differing(early->image, later->image, *to), area / 3) << "the letter arrived";
  // Nothing else moved: the sessions table and the findings are the same pixels.
  const auto sessions = item(early->report, "session-row-1");
  ASSERT_TRUE(sessions);
  const Rect table{0, sessions->y0, static_cast<float>(early->image.width), sessions->y1};
  EXPECT_EQ(differing(early->image, later->image, table), 0u);
}

TEST_F(JourneyScreenshot, TheProtectedTourLeavesTheNotebookEmpty) {
  auto end = shoot_at("200", "captures/tour-protected.pcapng");
  ASSERT_TRUE(end);
  EXPECT_TRUE(rows(end->report, "journey-notebook").empty());
  const auto notebook = item(end->report, "journey-notebook");
  ASSERT_TRUE(notebook);
  // The notebook's paper is drawn, with no red ink on it.
  EXPECT_GT(count_near(end->image, *notebook, Rgb{246, 238, 219}, 6), 1000u);
  EXPECT_EQ(count_near(end->image, *notebook, Rgb{190, 20, 20}, 30), 0u);
}

// The comparison at the end of the tour, as --screenshot renders it: the same picture twice,
// red ink in the plaintext tour's notebook and none in the protected tour's, each title in its
// colour.
TEST_F(JourneyScreenshot, TheComparisonShowsBothToursSideBySide) {
  auto compared = [&](const std::string& name) {
    return shoot(
        {"--compare", "--at", "500", std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour.pcapng",
         std::string(MAILSCOPE_SOURCE_DIR) + "/captures/tour-protected.pcapng"},
        name);
  };

  auto first = compared("compare-1");
  auto second = compared("compare-2");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(differing(first->image, second->image, whole(first->image)), 0u) << "deterministic";
  const Report& r = first->report;
  EXPECT_EQ(r["compare_left"]["title"], "without TLS");
  EXPECT_EQ(r["compare_right"]["title"], "with TLS");
  const auto left = item(r, "compare-left-notebook");
  const auto right = item(r, "compare-right-notebook");
  ASSERT_TRUE(left && right);
  EXPECT_LT(left->x1, right->x0) << "side by side";
  EXPECT_GT(count_near(first->image, *left, Rgb{190, 20, 20}, 30), 50u) << "passwords in red";
  EXPECT_EQ(count_near(first->image, *right, Rgb{190, 20, 20}, 30), 0u);
  EXPECT_GT(count_near(first->image, *right, Rgb{246, 238, 219}, 6), 1000u) << "its paper";
  const auto left_title = item(r, "compare-left-title");
  const auto right_title = item(r, "compare-right-title");
  ASSERT_TRUE(left_title && right_title);
  const Rgb exposed = rgb_of(r["palette"]["exposed"]);
  const Rgb sealed = rgb_of(r["palette"]["sealed"]);
  EXPECT_GT(count_near(first->image, *left_title, exposed, 10), 100u);
  EXPECT_EQ(count_near(first->image, *left_title, sealed, 10), 0u);
  EXPECT_GT(count_near(first->image, *right_title, sealed, 10), 100u);
  EXPECT_EQ(count_near(first->image, *right_title, exposed, 10), 0u);
}

}  // namespace
}  // namespace mailscope::gui::testing
