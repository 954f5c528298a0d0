// The side-by-side comparison: two timelines on one clock (ui/journey/timeline.*), the
// comparison's command line, and its view drawn headless: two captures (the tour without and
// with TLS) and two sessions of one capture. And the live edge a growing capture waits at.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "app/analysis_worker.hpp"
#include "app/command_line.hpp"
#include "capture/packet_source.hpp"
#include "headless/headless_gui.hpp"
#include "journey/path_model.hpp"
#include "journey/timeline.hpp"
#include "support/analysed.hpp"
#include "support/capture_truth.hpp"
#include "support/worker_run.hpp"

namespace mailscope::gui::testing {
namespace {

// The first flight of session #`number` in `tl`.
const Flight* first_of(const Timeline& tl, const CaptureModel& model, std::uint64_t number) {
  for (const Flight& f : tl.flights) {
    if (model.sessions[f.session].number == number) return &f;
  }
  return nullptr;
}

TEST(CompareTimelines, OneSourceIsTheJourneysTimeline) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const Timeline single = build_timeline(tour.model());
  const std::vector<Timeline> one = build_timelines({{&tour.model(), std::nullopt}});
  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(one[0].flights.size(), single.flights.size());
  for (std::size_t i = 0; i < single.flights.size(); ++i) {
    EXPECT_DOUBLE_EQ(one[0].flights[i].start, single.flights[i].start) << i;
    EXPECT_EQ(one[0].flights[i].packet, single.flights[i].packet) << i;
  }
  EXPECT_DOUBLE_EQ(one[0].duration, single.duration);
  EXPECT_EQ(one[0].notebook.size(), single.notebook.size());
}

TEST(CompareTimelines, TheTourWithoutAndWithTlsPlayOnOneClockAlignedByCaptureTime) {
  Analysed plain("captures/tour.pcapng");
  Analysed sealed("captures/tour-protected.pcapng");
  ASSERT_EQ(plain.state(), AnalysisState::kDone);
  ASSERT_EQ(sealed.state(), AnalysisState::kDone);
  const std::vector<Timeline> tls =
      build_timelines({{&plain.model(), std::nullopt}, {&sealed.model(), std::nullopt}});
  ASSERT_EQ(tls.size(), 2u);
  // They start together (each at its own first session) and end together.
  EXPECT_DOUBLE_EQ(tls[0].flights.front().start, Timeline::kLead);
  EXPECT_DOUBLE_EQ(tls[1].flights.front().start, Timeline::kLead);
  EXPECT_DOUBLE_EQ(tls[0].duration, tls[1].duration);
  // Every flight keeps its beat within its pane.
  for (const Timeline& tl : tls) {
    for (std::size_t i = 1; i < tl.flights.size(); ++i) {
      EXPECT_GE(tl.flights[i].start - tl.flights[i - 1].start, Timeline::kBeat - 1e-9) << i;
    }
  }
  // One clock: across both panes, a later capture time never plays earlier.
  const Timeline clock = merged_clock({&tls[0], &tls[1]});
  ASSERT_EQ(clock.flights.size(), tls[0].flights.size() + tls[1].flights.size());
  for (std::size_t i = 1; i < clock.flights.size(); ++i) {
    EXPECT_LE(clock.flights[i - 1].start, clock.flights[i].start) << i;
    EXPECT_LE(clock.flights[i - 1].capture_time, clock.flights[i].capture_time + 1e-9) << i;
  }
  EXPECT_DOUBLE_EQ(clock.duration, tls[0].duration);
  // The silence before the retrieval is shortened for both, and both retrievals start
  // together after it (72.4 s into each capture), as far apart as their capture times.
  ASSERT_EQ(tls[0].gaps.size(), 1u);
  EXPECT_EQ(tls[1].gaps.size(), 1u);
  const Flight* r0 = first_of(tls[0], plain.model(), 3);
  const Flight* r1 = first_of(tls[1], sealed.model(), 3);
  ASSERT_TRUE(r0 && r1);
  EXPECT_NEAR(r0->start - r1->start, r0->capture_time - r1->capture_time, 1e-9);
  EXPECT_LT(std::abs(r0->start - r1->start), 0.1);
  // The relays (5.2 s into each capture) start within a beat of each other.
  const Flight* relay0 = first_of(tls[0], plain.model(), 2);
  const Flight* relay1 = first_of(tls[1], sealed.model(), 2);
  ASSERT_TRUE(relay0 && relay1);
  EXPECT_LE(std::abs(relay0->start - relay1->start), Timeline::kBeat);
  // Each pane's eavesdropper reads its own capture: a full notebook, an empty one.
  EXPECT_GE(tls[0].notebook.size(), 5u);
  EXPECT_TRUE(tls[1].notebook.empty());
}

TEST(CompareTimelines, TwoSessionsOfOneCaptureEachStartAtTheirOwnBeginning) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const std::size_t s1 = tour.index(1);
  const std::size_t s3 = tour.index(3);
  const std::vector<Timeline> tls = build_timelines({{&tour.model(), s1}, {&tour.model(), s3}});
  ASSERT_FALSE(tls[0].flights.empty());
  ASSERT_FALSE(tls[1].flights.empty());
  for (const Flight& f : tls[0].flights)
    EXPECT_EQ(f.session, s1);
  for (const Flight& f : tls[1].flights)
    EXPECT_EQ(f.session, s3);
  // #3 began 72 s after #1, yet both play from the start: each counts from its own session's
  // beginning. From there they keep capture time: IMAP's greeting (6.8 ms after its connect)
  // plays first, SMTP's (30 ms after its own) once the IMAP lines before it have had their beat.
  const Flight& smtp = tls[0].flights.front();
  const Flight& imap = tls[1].flights.front();
  EXPECT_LT(smtp.capture_time, 0.1);
  EXPECT_LT(imap.capture_time, smtp.capture_time);
  EXPECT_DOUBLE_EQ(imap.start, Timeline::kLead);
  for (const Flight& f : tls[1].flights) {
    if (f.capture_time < smtp.capture_time) {
      EXPECT_LT(f.start, smtp.start);
    } else {
      EXPECT_GT(f.start, smtp.start);
    }
  }
  EXPECT_TRUE(tls[0].gaps.empty());
  // The path of one session: it alone, on its hop.
  const PathModel path = build_path_model(tour.model(), s3);
  EXPECT_TRUE(path.links[0].sessions.empty());
  EXPECT_TRUE(path.links[1].sessions.empty());
  ASSERT_EQ(path.links[2].sessions.size(), 1u);
  EXPECT_EQ(path.links[2].sessions[0].number, 3u);
  EXPECT_EQ(path.node(PathNode::kSenderClient).name, "");  // not in this pane
  EXPECT_EQ(path.node(PathNode::kMailbox).name, "203.0.113.143");
}

TEST(ComparePlayback, AGrowingCaptureWaitsAtItsLiveEdgeStillPlaying) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const Timeline tl = build_timeline(tour.model());
  EXPECT_DOUBLE_EQ(tl.live_edge(), tl.flights.back().start + Timeline::kTravel);
  EXPECT_DOUBLE_EQ(Timeline{}.live_edge(), 0.0);
  Playback p;
  p.toggle(tl);
  p.advance(tl, 1000, /*grows=*/true);
  EXPECT_TRUE(p.playing) << "waits for more";
  EXPECT_DOUBLE_EQ(p.position, tl.live_edge());
  EXPECT_TRUE(tl.progress(tl.flights.size() - 1, p.position)) << "the last flight has arrived";
  p.advance(tl, 1000, /*grows=*/false);  // the capture ended: on to the end, and stop
  EXPECT_FALSE(p.playing);
  EXPECT_DOUBLE_EQ(p.position, tl.duration);
  // A scrub past the edge is not pulled back.
  p.playing = true;
  p.advance(tl, 0.1, true);
  EXPECT_DOUBLE_EQ(p.position, tl.duration);
}

TEST(CompareCommandLine, TwoFilesNoneOrTwoSessions) {
  auto parse = [](std::vector<const char*> args) {
    args.insert(args.begin(), "mailscope-gui");
    return parse_command_line(static_cast<int>(args.size()), args.data());
  };
  auto ok = parse({"--compare", "a.pcapng", "b.pcapng", "--at", "30"});
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(ok));
  EXPECT_TRUE(std::get<GuiOptions>(ok).compare);
  EXPECT_EQ(std::get<GuiOptions>(ok).file, "a.pcapng");
  EXPECT_EQ(std::get<GuiOptions>(ok).second_file, "b.pcapng");
  auto view = parse({"--screenshot", "o.png", "--view", "compare", "a", "b"});
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(view));
  EXPECT_TRUE(std::get<GuiOptions>(view).compare);
  auto tours = parse({"--compare"});
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(tours));
  EXPECT_FALSE(std::get<GuiOptions>(tours).file) << "the bundled tours";
  auto sessions = parse({"--compare-sessions", "1,3", "a.pcapng"});
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(sessions));
  EXPECT_TRUE(std::get<GuiOptions>(sessions).compare);
  using Pair = std::pair<std::uint64_t, std::uint64_t>;
  EXPECT_EQ(std::get<GuiOptions>(sessions).compare_sessions, Pair(1, 3));
  for (auto bad : std::vector<std::vector<const char*>>{{"--compare", "a.pcapng"},
                                                        {"a", "b"},
                                                        {"--compare", "a", "b", "c"},
                                                        {"--compare-sessions", "1", "a"},
                                                        {"--compare-sessions", "0,2"},
                                                        {"--compare-sessions", "1,2", "a", "b"}}) {
    EXPECT_TRUE(std::holds_alternative<UsageError>(parse(bad))) << bad[0] << " " << bad[1];
  }
}

// The tour without TLS beside the tour with TLS, at the end: one notebook full, one empty.
TEST(CompareView, TheTourWithoutAndWithTlsSideBySide) {
  GuiOptions options = headless_options(source_path("captures/tour.pcapng"));
  options.compare = true;
  options.second_file = source_path("captures/tour-protected.pcapng");
  options.at = 500;  // past the end: everything has passed
  HeadlessGui gui(options, ImVec2(1920, 1080));
  ASSERT_TRUE(gui.run_until_settled());
  gui.frame();
  const Report& r = gui.frame();
  ASSERT_TRUE(r.contains("compare")) << r.dump().substr(0, 1000);
  EXPECT_DOUBLE_EQ(r["compare"]["position"].get<double>(), r["compare"]["duration"].get<double>());
  EXPECT_EQ(r["compare_left"]["title"], "without TLS");
  EXPECT_EQ(r["compare_left"]["detail"], "TLS on 1 of 3 sessions");
  EXPECT_EQ(r["compare_right"]["title"], "with TLS");
  EXPECT_EQ(r["compare_right"]["detail"], "TLS on 3 of 3 sessions");
  EXPECT_EQ(rows(r, "compare-left-links").size(), 3u);
  EXPECT_EQ(rows(r, "compare-right-links").size(), 3u);
  // Two notebooks: the plaintext tour's fills (passwords masked), the protected one's stays empty.
  std::size_t secrets = 0;
  for (const auto& row : rows(r, "compare-left-notebook"))
    secrets += row["secret"].get<bool>();
  EXPECT_EQ(secrets, 2u);
  EXPECT_TRUE(rows(r, "compare-right-notebook").empty());
  ASSERT_TRUE(item(r, "compare-left-notebook") && item(r, "compare-right-notebook"));
  EXPECT_LT(item(r, "compare-left-notebook")->x1, item(r, "compare-right-notebook")->x0);
  const std::string text = all_text(r);
  for (const Credential& c : analyse_with_core(source_path("captures/tour.pcapng")).credentials) {
    EXPECT_EQ(text.find(*c.secret), std::string::npos) << "a password on screen";
  }
  // The panes replace the sessions table and the tabs.
  EXPECT_TRUE(rows(r, "sessions").empty());
  EXPECT_FALSE(item(r, "tab-journey"));
  // One set of controls plays both: back to the start, step, play.
  ASSERT_TRUE(gui.click("compare-scrub"));  // the middle of the bar
  const double middle = gui.report()["compare"]["position"];
  EXPECT_NEAR(middle, gui.report()["compare"]["duration"].get<double>() / 2, 2.0);
  ASSERT_TRUE(gui.click("compare-step"));
  const double stepped = gui.report()["compare"]["position"];
  EXPECT_GT(stepped, middle);
  EXPECT_TRUE(gui.report().contains("compare_left_flight") ||
              gui.report().contains("compare_right_flight"));
  ASSERT_TRUE(gui.click("compare-play"));
  for (int i = 0; i < 30; ++i)
    gui.frame();
  EXPECT_TRUE(gui.report()["compare"]["playing"]);
  EXPECT_NEAR(gui.report()["compare"]["position"].get<double>(), stepped + 33 / 30.0, 0.2);
  EXPECT_TRUE(gui.app().animating());
  // Close: the panes are back.
  ASSERT_TRUE(gui.click("compare-close"));
  EXPECT_FALSE(gui.report().contains("compare"));
  EXPECT_EQ(rows(gui.report(), "sessions").size(), 3u);
}

TEST(CompareView, TwoSessionsOfOneCapture) {
  GuiOptions options = headless_options();
  options.compare = true;
  options.compare_sessions = std::pair(1, 3);
  HeadlessGui gui(options, ImVec2(1920, 1080));
  ASSERT_TRUE(gui.run_until_settled());
  const Report& r = gui.frame();
  ASSERT_TRUE(r.contains("compare"));
  EXPECT_EQ(r["compare_left"]["session"], 1);
  EXPECT_EQ(r["compare_right"]["session"], 3);
  EXPECT_EQ(r["compare_left"]["title"], "without TLS");
  EXPECT_EQ(r["compare_left"]["detail"], "in clear");
  ASSERT_EQ(rows(r, "compare-left-links").size(), 1u);
  EXPECT_EQ(rows(r, "compare-left-links")[0]["session"], 1);
  ASSERT_EQ(rows(r, "compare-right-links").size(), 1u);
  EXPECT_EQ(rows(r, "compare-right-links")[0]["hop"], "(3) retrieval");
  // The relay (#2) beside the submission instead: the request the menu makes.
  gui.app().compare_sessions(2, 1);
  gui.frame();
  const Report& again = gui.frame();
  EXPECT_EQ(again["compare_left"]["title"], "with TLS");
  EXPECT_EQ(again["compare_left"]["detail"], "sealed by TLS");
  EXPECT_EQ(rows(again, "compare-left-links")[0]["hop"], "(2) relay");
}

TEST(CompareView, TheBundledToursNeedNoFiles) {
  GuiOptions options = headless_options();
  options.compare = true;
  options.at = 500;
  HeadlessGui gui(options, ImVec2(1920, 1080));
  ASSERT_TRUE(gui.run_until_settled());
  const Report& r = gui.frame();
  ASSERT_TRUE(r.contains("compare_right"));
  EXPECT_EQ(r["compare_left"]["capture"], "tour.pcapng (bundled tour)");
  EXPECT_EQ(r["compare_right"]["capture"], "tour-protected.pcapng (bundled tour)");
  EXPECT_EQ(r["compare_right"]["title"], "with TLS");
  EXPECT_EQ(r["compare_right"]["notebook"], 0);
  EXPECT_GT(r["compare_left"]["notebook"].get<int>(), 4);
  EXPECT_NE(gui.app().window_title().find("tour-protected.pcapng"), std::string::npos);
}

// The Compare menu, clicked: the tours side by side, then two sessions of the capture (the
// selected one and the next), then "beside another..." opens the file browser, then Close.
TEST(CompareView, TheCompareMenuStartsAndClosesComparisons) {
  HeadlessGui gui(headless_options(), ImVec2(1920, 1080));
  ASSERT_TRUE(gui.run_until_settled());
  auto choose = [&](const std::string& entry) {
    if (!gui.click("menu-compare")) return false;
    gui.frame();
    return gui.click(entry);
  };
  ASSERT_TRUE(choose("menu-compare-tours"));
  // Both tours are analysed again (slowly under the sanitizers on a busy machine).
  for (int i = 0; i < 3000; ++i) {
    const Report& r = gui.frame();
    if (r.contains("compare_right") && r["compare_right"]["flights"] != 0 &&
        r["compare_left"]["flights"] != 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(gui.report()["compare_right"]["capture"], "tour-protected.pcapng (bundled tour)");
  EXPECT_EQ(gui.report()["compare_right"]["title"], "with TLS");

  ASSERT_TRUE(choose("menu-compare-sessions"));
  gui.frame();
  const Report& sessions = gui.frame();
  ASSERT_TRUE(sessions.contains("compare_left"));
  const int left = sessions["compare_left"]["session"];
  EXPECT_GE(left, 1);
  EXPECT_EQ(sessions["compare_right"]["session"], left < 3 ? left + 1 : left - 1);

  ASSERT_TRUE(choose("menu-compare-capture"));
  gui.frame();
  EXPECT_TRUE(gui.frame().contains("file_browser")) << "pick the capture to put beside it";
  ASSERT_TRUE(gui.click("browser-cancel"));
  EXPECT_FALSE(gui.frame().contains("file_browser"));

  gui.app().close_comparison();
  gui.frame();
  EXPECT_FALSE(gui.frame().contains("compare"));
}

}  // namespace
}  // namespace mailscope::gui::testing
