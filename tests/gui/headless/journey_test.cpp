// The journey view's model, without drawing: which session sits on which hop with which names
// and protection, how the tour's events play as flights on a timeline, what the eavesdropper
// writes down, and the playback controls. Then the view itself, drawn headless.
#include <gtest/gtest.h>

#include <cstdio>

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

std::vector<std::uint64_t> numbers_on(const PathModel& path, std::size_t link) {
  std::vector<std::uint64_t> out;
  for (const SessionOnPath& s : path.links[link].sessions)
    out.push_back(s.number);
  return out;
}

TEST(JourneyPath, TheTourPutsEachSessionOnItsHopWithNamesFromTheCapture) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const PathModel path = build_path_model(tour.model());
  EXPECT_EQ(numbers_on(path, 0), std::vector<std::uint64_t>{1});
  EXPECT_EQ(numbers_on(path, 1), std::vector<std::uint64_t>{2});
  EXPECT_EQ(numbers_on(path, 2), std::vector<std::uint64_t>{3});
  EXPECT_EQ(path.off_path, 0u);
  EXPECT_EQ(path.links[0].title, "(1) submission");
  EXPECT_EQ(path.links[1].title, "(2) relay");
  EXPECT_EQ(path.links[2].title, "(3) retrieval");
  EXPECT_EQ(path.links[0].sessions[0].protection, "SMTP \u00b7 port 587 \u00b7 plaintext");
  EXPECT_EQ(path.links[1].sessions[0].protection, "SMTP \u00b7 port 25 \u00b7 STARTTLS");
  EXPECT_EQ(path.links[2].sessions[0].protection, "IMAP \u00b7 port 143 \u00b7 plaintext");
  // Names: the EHLO argument, the greetings' host names, else addresses.
  EXPECT_EQ(path.node(PathNode::kSenderClient).name, "[192.0.2.10]");
  EXPECT_EQ(path.node(PathNode::kSubmission).name, "smtp.pt.lu");
  EXPECT_EQ(path.node(PathNode::kRecipientServer).name, "mx.example.com");
  EXPECT_EQ(path.node(PathNode::kMailbox).name, "203.0.113.143");
  EXPECT_EQ(path.node(PathNode::kRecipientClient).name, "203.0.113.77");
  // Retrieval runs from the reader's client to the mailbox: client end first.
  EXPECT_EQ(path.links[2].from, PathNode::kRecipientClient);
  EXPECT_EQ(path.links[2].to, PathNode::kMailbox);
  EXPECT_EQ(path.lane_of(tour.model().index_of(*tour.model().session_by_number(3))), 0);
}

TEST(JourneyPath, TheProtectedTourIsSealedOnEveryHopAndNamedByItsSni) {
  Analysed tour("captures/tour-protected.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const PathModel path = build_path_model(tour.model());
  ASSERT_EQ(path.links[0].sessions.size(), 1u);
  EXPECT_EQ(path.links[0].sessions[0].transport, Transport::kStartTls);
  EXPECT_EQ(path.links[1].sessions[0].transport, Transport::kStartTls);
  EXPECT_EQ(path.links[2].sessions[0].protection, "IMAP \u00b7 port 993 \u00b7 implicit TLS");
  EXPECT_EQ(path.node(PathNode::kSubmission).name, "smtp.pt.lu");
  EXPECT_EQ(path.node(PathNode::kMailbox).name, "imap.example.com");  // from the SNI
}

TEST(JourneyTimeline, TheTourPlaysHopByHopWithTheLongSilenceShortened) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const CaptureModel& model = tour.model();
  const Timeline tl = build_timeline(model);
  ASSERT_GT(tl.flights.size(), 20u);
  // The first flight is smtp.pt.lu's greeting, from the server to the sender's client.
  EXPECT_EQ(model.sessions[tl.flights[0].session].number, 1u);
  EXPECT_EQ(tl.flights[0].link, 0);
  EXPECT_EQ(tl.flights[0].direction, Direction::kServerToClient);
  EXPECT_DOUBLE_EQ(tl.flights[0].start, Timeline::kLead);
  int link = 0;
  for (std::size_t i = 1; i < tl.flights.size(); ++i) {
    const Flight& f = tl.flights[i];
    EXPECT_GE(f.start - tl.flights[i - 1].start, Timeline::kBeat - 1e-9) << i;
    EXPECT_GE(f.capture_time, tl.flights[i - 1].capture_time) << i;
    EXPECT_GE(f.link, link) << "hops play in order: submission, relay, retrieval";
    link = f.link;
    EXPECT_EQ(f.link + 1, static_cast<int>(model.sessions[f.session].number));
  }
  // One silence (relay to retrieval, about 67 s) shortened and marked.
  ASSERT_EQ(tl.gaps.size(), 1u);
  EXPECT_NEAR(tl.gaps[0].real, 67.07, 0.1);
  EXPECT_DOUBLE_EQ(tl.gaps[0].shown, Timeline::kIdleShown);
  EXPECT_LT(tl.duration, 150.0) << "a story of about two minutes";
  EXPECT_GT(tl.duration, 60.0);
  // The relay: in clear up to the STARTTLS go-ahead, sealed after it.
  const SessionEntry& relay = *model.session_by_number(2);
  bool sealed_from_here = false;
  std::size_t sealing = 0;
  for (const Flight& f : tl.flights) {
    if (&model.sessions[f.session] != &relay) {
      EXPECT_FALSE(f.sealed) << "only the relay used TLS";
      continue;
    }
    EXPECT_EQ(f.sealed, sealed_from_here) << "packet " << f.packet;
    if (f.seals) {
      ++sealing;
      EXPECT_EQ(f.packet, relay.summary.starttls_packet);
      EXPECT_EQ(f.direction, Direction::kServerToClient);
      sealed_from_here = true;
    }
  }
  EXPECT_EQ(sealing, 1u);
  EXPECT_TRUE(sealed_from_here);
  // The password line: from alice's client to smtp.pt.lu, a finding points at it.
  bool password_flight = false;
  for (const Flight& f : tl.flights) {
    if (f.packet != 11) continue;
    password_flight = true;
    EXPECT_EQ(f.link, 0);
    EXPECT_EQ(f.direction, Direction::kClientToServer);
    EXPECT_TRUE(f.finding);
  }
  EXPECT_TRUE(password_flight);
}

TEST(JourneyTimeline, TheEavesdropperWritesDownPasswordsAddressesAndTheSubject) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const Timeline tl = build_timeline(tour.model());
  std::size_t credentials = 0;
  bool subject = false;
  bool recipient = false;
  std::size_t last_flight = 0;
  for (const NotebookEntry& e : tl.notebook) {
    EXPECT_GE(e.flight, last_flight) << "written in the order it passed";
    last_flight = e.flight;
    EXPECT_FALSE(tl.flights[e.flight].sealed);
    if (e.kind == NotebookEntry::Kind::kCredential) {
      ++credentials;
      EXPECT_TRUE(e.text.empty()) << "the view masks secrets; the notebook holds none";
    }
    subject |= e.text == "Subject: Salary 2026";
    recipient |= e.text == "to bob@example.com";
  }
  EXPECT_EQ(credentials, 2u);
  EXPECT_TRUE(subject);
  EXPECT_TRUE(recipient);
}

TEST(JourneyTimeline, WithTlsEverywhereTheNotebookStaysEmpty) {
  Analysed tour("captures/tour-protected.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const Timeline tl = build_timeline(tour.model());
  ASSERT_FALSE(tl.flights.empty());
  EXPECT_TRUE(tl.notebook.empty());
}

TEST(JourneyPlayback, StepsScrubsPlaysAndJumpsToFindings) {
  Analysed tour("captures/tour.pcapng");
  ASSERT_EQ(tour.state(), AnalysisState::kDone);
  const Timeline tl = build_timeline(tour.model());
  ASSERT_GT(tl.flights.size(), 3u);
  Playback p;
  EXPECT_EQ(tl.current_at(0), std::nullopt);
  p.step_next(tl);
  EXPECT_DOUBLE_EQ(p.position, tl.flights[0].start);
  p.step_next(tl);
  EXPECT_DOUBLE_EQ(p.position, tl.flights[1].start);
  EXPECT_EQ(tl.current_at(p.position), 1u);
  p.scrub(tl, tl.flights[1].start + 0.5);
  p.step_previous(tl);  // back to the start of the flight in progress
  EXPECT_DOUBLE_EQ(p.position, tl.flights[1].start);
  p.step_previous(tl);
  p.step_previous(tl);
  EXPECT_DOUBLE_EQ(p.position, 0.0);
  // A flight is on the wire for kTravel seconds, then rests.
  EXPECT_FLOAT_EQ(*tl.progress(0, tl.flights[0].start), 0.0f);
  EXPECT_NEAR(*tl.progress(0, tl.flights[0].start + Timeline::kTravel / 2), 0.5f, 1e-5);
  EXPECT_EQ(tl.progress(0, tl.flights[0].start + Timeline::kTravel + 0.1), std::nullopt);
  // Speed from 0.25x to 16x, clamped.
  for (int i = 0; i < 10; ++i)
    p.slower();
  EXPECT_DOUBLE_EQ(p.speed(), 0.25);
  for (int i = 0; i < 10; ++i)
    p.faster();
  EXPECT_DOUBLE_EQ(p.speed(), 16.0);
  p.toggle(tl);
  EXPECT_TRUE(p.playing);
  p.advance(tl, 1.0);
  EXPECT_DOUBLE_EQ(p.position, 16.0);
  p.advance(tl, 1000.0);
  EXPECT_DOUBLE_EQ(p.position, tl.duration);
  EXPECT_FALSE(p.playing) << "stops at the end";
  p.toggle(tl);
  EXPECT_TRUE(p.playing);
  EXPECT_DOUBLE_EQ(p.position, 0.0) << "play at the end starts over";
  p.advance(tl, 0.0);
  // Next finding: the first flight a finding points at, then the one after.
  ASSERT_TRUE(p.next_finding(tl));
  EXPECT_FALSE(p.playing);
  const auto first = tl.current_at(p.position);
  ASSERT_TRUE(first);
  EXPECT_TRUE(tl.flights[*first].finding);
  ASSERT_TRUE(p.next_finding(tl));
  EXPECT_GT(*tl.current_at(p.position), *first);
  p.scrub(tl, -5);
  EXPECT_DOUBLE_EQ(p.position, 0.0);
  p.scrub(tl, 1e9);
  EXPECT_DOUBLE_EQ(p.position, tl.duration);
  EXPECT_FALSE(p.next_finding(tl));
}

TEST(JourneyView, DrawnHeadlessItFollowsTheFlightAndMasksTheNotebook) {
  GuiOptions options = headless_options();
  options.tab = DetailTab::kJourney;
  options.at = 200;  // past the end: everything has passed
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled());
  const Report& r = gui.report();
  EXPECT_EQ(r["tab"], "journey");
  EXPECT_FALSE(r["journey"]["playing"]);
  EXPECT_DOUBLE_EQ(r["journey"]["position"].get<double>(), r["journey"]["duration"].get<double>());
  ASSERT_EQ(rows(r, "journey-links").size(), 3u);
  // The other views follow: the last flight is session #3's, selected.
  EXPECT_EQ(r["journey_flight"]["session"], 3);
  EXPECT_EQ(r["selected_session"], 3);
  EXPECT_EQ(r["selected_packet"], r["journey_flight"]["packet"]);
  std::size_t secrets = 0;
  for (const auto& row : rows(r, "journey-notebook"))
    secrets += row["secret"].get<bool>();
  EXPECT_EQ(secrets, 2u);
  const std::string text = all_text(r);
  for (const Credential& c : analyse_with_core(source_path("captures/tour.pcapng")).credentials) {
    EXPECT_EQ(text.find(*c.secret), std::string::npos) << "a password on screen";
  }
  ASSERT_TRUE(item(r, "journey-session-2"));
  ASSERT_TRUE(gui.click("journey-session-2"));
  gui.frame();
  EXPECT_EQ(gui.report()["selected_session"], 2);
  EXPECT_EQ(gui.report()["journey_flight"]["session"], 2);
}

TEST(JourneyView, PlaysOnTheInjectedClockAndDrawsInAFewMilliseconds) {
  GuiOptions options = headless_options();
  options.tab = DetailTab::kJourney;
  options.at = 0;
  HeadlessGui gui(options);
  ASSERT_TRUE(gui.run_until_settled());
  ASSERT_TRUE(gui.click("journey-play"));
  ASSERT_TRUE(gui.report()["journey"]["playing"]);
  const double from = gui.report()["journey"]["position"];
  // The headless clock says 1/30 s a frame: 300 frames are ten seconds of playback at 1x,
  // however long they take to draw.
  constexpr int kFrames = 300;
  double total_ms = 0;
  for (int i = 0; i < kFrames; ++i) {
    gui.frame();
    total_ms += gui.last_frame_ms();
  }
  const double to = gui.report()["journey"]["position"];
  EXPECT_NEAR(to - from, kFrames / 30.0, 1e-3);
  const double per_frame = total_ms / kFrames;
  RecordProperty("journey_frame_ms", std::to_string(per_frame));
  std::printf("journey view, ImGui CPU per frame while playing: %.2f ms\n", per_frame);
#ifndef MAILSCOPE_SANITIZED
  EXPECT_LT(per_frame, 16.0) << "the UI's own share of a 60 fps frame";
#endif
}

TEST(JourneyCommandLine, AtTakesThePlaybackSecondsOfTheJourney) {
  const char* ok[] = {"mailscope-gui", "--view", "journey", "--at", "12.5", "x.pcapng"};
  const ParsedCommandLine parsed = parse_command_line(6, ok);
  ASSERT_TRUE(std::holds_alternative<GuiOptions>(parsed));
  const GuiOptions& o = std::get<GuiOptions>(parsed);
  EXPECT_EQ(o.tab, DetailTab::kJourney);
  ASSERT_TRUE(o.at);
  EXPECT_DOUBLE_EQ(*o.at, 12.5);
  for (const char* bad : {"-1", "soon", ""}) {
    const char* args[] = {"mailscope-gui", "--at", bad};
    EXPECT_TRUE(std::holds_alternative<UsageError>(parse_command_line(3, args))) << bad;
  }
  const char* missing[] = {"mailscope-gui", "--at"};
  EXPECT_TRUE(std::holds_alternative<UsageError>(parse_command_line(2, missing)));
}

}  // namespace
}  // namespace mailscope::gui::testing
