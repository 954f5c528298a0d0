#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/capture_model.hpp"

namespace mailscope::gui {

// The capture's events as a story that plays: each packet's lines travel as one "flight" along
// their link, in their direction. Time follows the capture, with two changes a lay audience
// needs: every flight gets at least one beat on screen (a reply 20 ms after its command would
// otherwise be invisible), and a long idle stretch is shortened and marked ("67 s later").
// Plain data, no drawing: the journey view draws it, the tests check it.

struct Flight {
  std::size_t session = 0;  // index into CaptureModel::sessions
  int link = -1;            // 0 submission, 1 relay, 2 retrieval; -1: off the path
  Direction direction = Direction::kClientToServer;
  std::vector<std::size_t> events;  // indexes into the session's events, in order
  std::uint64_t packet = 0;         // the packet that carried them
  double capture_time = 0;          // seconds since the capture's first session began
  double start = 0;                 // playback seconds at which it leaves its sender
  std::uint64_t bytes = 0;
  bool sealed = false;   // TLS records: the sniffer sees only their sizes
  bool seals = false;    // the STARTTLS go-ahead: from here on, this session is sealed
  bool finding = false;  // a finding points at its packet
};

// A stretch of the capture with nothing on the wire, shortened on the timeline.
struct IdleGap {
  double start = 0;  // playback seconds where the gap begins
  double shown = 0;  // playback seconds it lasts
  double real = 0;   // capture seconds it lasted
};

// What the eavesdropper writes down: read off plaintext lines as they pass.
struct NotebookEntry {
  enum class Kind : std::uint8_t { kCredential, kAddress, kSubject };
  Kind kind = Kind::kAddress;
  std::string text;            // "from alice@example.lu", "Subject: Salary 2026"; credentials: ""
  std::size_t credential = 0;  // index into CaptureModel::credentials (kCredential)
  std::size_t flight = 0;      // written down when this flight passes
};

struct Timeline {
  static constexpr double kLead = 1.0;           // playback seconds before the first flight
  static constexpr double kBeat = 2.0;           // at least this long between two flights
  static constexpr double kTravel = 1.5;         // how long a flight takes along its link
  static constexpr double kIdleThreshold = 5.0;  // capture gaps longer than this are shortened
  static constexpr double kIdleShown = 3.0;      // ... to this

  std::vector<Flight> flights;  // in capture order
  std::vector<IdleGap> gaps;
  std::vector<NotebookEntry> notebook;  // in the order it is written
  double duration = 0;                  // playback seconds

  // The last flight that has left by `t` (nullopt before the first).
  std::optional<std::size_t> current_at(double t) const;
  // How far flight `i` is along its link at `t`, 0..1; nullopt when it is not on the wire.
  std::optional<float> progress(std::size_t i, double t) const;
  // The idle gap `t` falls in, if any.
  const IdleGap* gap_at(double t) const;
  // The capture time shown at playback time `t` (for the clock beside the scrub bar).
  double capture_time_at(double t) const;
  // Where a live capture's playback waits for more: the last flight has arrived. Flights added
  // later leave after it (a beat is longer than a journey), so none is skipped.
  double live_edge() const { return flights.empty() ? 0.0 : flights.back().start + kTravel; }
};

// One pane of the journey: a capture, all its sessions or one of them.
struct TimelineSource {
  const CaptureModel* model = nullptr;
  std::optional<std::size_t> session;  // index into model->sessions; none: every session
};

Timeline build_timeline(const CaptureModel& model, std::optional<std::size_t> session = {});

// Several panes on one clock (the side-by-side comparison, docs/journey.md): each starts at its
// own first session, and from there the same playback moment is the same number of capture
// seconds later in every pane. The stretching is shared: a flight keeps its beat within its
// pane, a silence is shortened only where every pane is silent, and all end together. With one
// source it is build_timeline.
std::vector<Timeline> build_timelines(const std::vector<TimelineSource>& sources);

// The flights of several timelines in one, in playback order, for the controls of a shared
// clock (Playback reads only the flights' starts, the findings and the duration).
Timeline merged_clock(const std::vector<const Timeline*>& timelines);

// Play, pause, speed and position: the controls' state, in one plain struct.
struct Playback {
  static constexpr std::array<double, 7> kSpeeds = {0.25, 0.5, 1, 2, 4, 8, 16};
  double position = 0;  // playback seconds
  bool playing = false;
  std::size_t speed_index = 2;  // 1x

  double speed() const { return kSpeeds[speed_index]; }
  void faster() {
    if (speed_index + 1 < kSpeeds.size()) ++speed_index;
  }
  void slower() {
    if (speed_index > 0) --speed_index;
  }
  // Moves the position on by `dt` seconds of wall time; stops at the end. While the capture
  // still `grows` (a live capture, an analysis streaming in) it waits at the live edge instead,
  // still playing, and goes on as flights arrive.
  void advance(const Timeline& timeline, double dt, bool grows = false);
  void toggle(const Timeline& timeline);  // at the end, play starts over
  // To the start of the next (previous) flight, paused. Before the first flight, previous
  // goes to 0; from inside a flight it goes back to that flight's start.
  void step_next(const Timeline& timeline);
  void step_previous(const Timeline& timeline);
  // To the next flight a finding points at; false (position unchanged) when there is none.
  bool next_finding(const Timeline& timeline);
  void scrub(const Timeline& timeline, double t);
};

}  // namespace mailscope::gui
