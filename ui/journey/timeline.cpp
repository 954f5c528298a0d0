#include "journey/timeline.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <tuple>

#include "journey/path_model.hpp"

namespace mailscope::gui {
namespace {

constexpr double kEpsilon = 1e-6;

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' '))
    s.remove_suffix(1);
  return s;
}

bool is_sealed(const Event& e) {
  return e.encrypted || e.kind == Event::Kind::kTlsRecord;
}

bool travels(const EventList& events, std::size_t i) {
  const Event::Kind k = events.kind(i);
  return k == Event::Kind::kCommand || k == Event::Kind::kReply || k == Event::Kind::kContent ||
         k == Event::Kind::kTlsRecord;
}

bool is_sealed(const EventList& events, std::size_t i) {
  return events.encrypted(i) || events.kind(i) == Event::Kind::kTlsRecord;
}

// What the eavesdropper reads off one plaintext line.
void read_line(const CaptureModel& model, const SessionEntry& entry, const Event& e,
               std::size_t flight, std::set<std::string>& seen, std::vector<NotebookEntry>& out) {
  if (is_sealed(e)) return;
  if (e.credential >= 0) {
    if (const Credential* c = model.credential(entry, e.credential)) {
      const auto index = static_cast<std::size_t>(c - model.credentials.data());
      if (seen.insert("credential " + std::to_string(index)).second) {
        out.push_back({NotebookEntry::Kind::kCredential, {}, index, flight});
      }
    }
    return;
  }
  std::string text;
  NotebookEntry::Kind kind = NotebookEntry::Kind::kAddress;
  const std::string_view detail = e.detail;
  const std::string_view line = trimmed(e.text);
  if (detail.starts_with("sender ")) {
    text = "from " + std::string(detail.substr(7));
  } else if (detail.starts_with("recipient ")) {
    text = "to " + std::string(detail.substr(10));
  } else if (e.kind == Event::Kind::kContent && starts_with_nocase(line, "subject:")) {
    text = std::string(line);
    kind = NotebookEntry::Kind::kSubject;
  } else if (e.kind == Event::Kind::kContent &&
             (starts_with_nocase(line, "from:") || starts_with_nocase(line, "to:"))) {
    text = std::string(line);
  } else {
    return;
  }
  if (seen.insert(text).second) out.push_back({kind, std::move(text), 0, flight});
}

}  // namespace

std::vector<Timeline> build_timelines(const std::vector<TimelineSource>& sources) {
  std::vector<Timeline> out(sources.size());
  // Every event that travels, in capture order: by seconds since its pane's origin, then by
  // pane, then in its session's own order (a stable sort keeps it).
  struct Item {
    double since;  // seconds since the pane's origin
    std::size_t pane;
    std::size_t session;
    std::size_t event;
  };
  std::vector<Item> items;
  for (std::size_t p = 0; p < sources.size(); ++p) {
    const CaptureModel& model = *sources[p].model;
    auto included = [&](std::size_t s) { return !sources[p].session || *sources[p].session == s; };
    std::optional<Timestamp> origin;
    for (std::size_t s = 0; s < model.sessions.size(); ++s) {
      const Timestamp start = model.sessions[s].summary.start;
      if (included(s) && (!origin || start < *origin)) origin = start;
    }
    const double t0 = origin ? origin->as_seconds() : 0.0;
    for (std::size_t s = 0; s < model.sessions.size(); ++s) {
      if (!included(s)) continue;
      const auto& events = model.sessions[s].detail.events;
      for (std::size_t i = 0; i < events.size(); ++i) {
        if (travels(events, i)) items.push_back({events.time(i).as_seconds() - t0, p, s, i});
      }
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.since, a.pane, a.session) < std::tie(b.since, b.pane, b.session);
  });

  std::vector<IdleGap> gaps;
  // The last flight to leave, in any pane: when (playback) and when it was captured.
  std::optional<std::pair<double, double>> previous;  // (start, capture time)
  for (const Item& item : items) {
    const CaptureModel& model = *sources[item.pane].model;
    Timeline& tl = out[item.pane];
    const SessionEntry& entry = model.sessions[item.session];
    const EventList& events = entry.detail.events;
    const std::size_t ei = item.event;
    const Direction direction = events.direction(ei);
    const std::uint64_t packet = events.packet(ei);
    const bool sealed = is_sealed(events, ei);
    Flight* last = tl.flights.empty() ? nullptr : &tl.flights.back();
    if (last && last->session == item.session && last->direction == direction &&
        last->packet == packet && last->sealed == sealed) {
      last->events.push_back(item.event);
      last->bytes += events.bytes(ei).size();
      continue;
    }
    Flight f;
    f.session = item.session;
    f.link = link_of(entry.summary.hop);
    f.direction = direction;
    f.events = {item.event};
    f.packet = packet;
    f.capture_time = item.since;
    f.bytes = events.bytes(ei).size();
    f.sealed = sealed;
    f.seals = entry.summary.transport == Transport::kStartTls &&
              direction == Direction::kServerToClient && !f.sealed &&
              packet == entry.summary.starttls_packet;
    for (std::size_t fi : entry.findings) {
      f.finding |= model.findings.packet(fi) == packet;
    }
    // Playback time: as long after the last flight (of any pane) as the capture says, a long
    // silence shortened; and at least a beat after the last flight of its own pane.
    if (!previous) {
      f.start = Timeline::kLead;
    } else {
      const auto [previous_start, previous_time] = *previous;
      const double gap = f.capture_time - previous_time;
      if (gap > Timeline::kIdleThreshold) {
        gaps.push_back({previous_start + Timeline::kBeat, Timeline::kIdleShown, gap});
        f.start = previous_start + Timeline::kBeat + Timeline::kIdleShown;
      } else {
        f.start = previous_start + gap;
      }
      if (last) f.start = std::max(f.start, last->start + Timeline::kBeat);
    }
    previous = {f.start, f.capture_time};
    tl.flights.push_back(std::move(f));
  }

  const double duration = previous ? previous->first + Timeline::kTravel + Timeline::kLead : 0.0;
  for (std::size_t p = 0; p < out.size(); ++p) {
    Timeline& tl = out[p];
    const CaptureModel& model = *sources[p].model;
    std::set<std::string> seen;
    for (std::size_t fi = 0; fi < tl.flights.size(); ++fi) {
      const Flight& f = tl.flights[fi];
      const SessionEntry& entry = model.sessions[f.session];
      for (std::size_t ei : f.events) {
        if (is_sealed(entry.detail.events, ei)) continue;  // read_line skips it: made up no Event
        read_line(model, entry, entry.detail.events[ei], fi, seen, tl.notebook);
      }
    }
    tl.gaps = gaps;
    tl.duration = duration;
  }
  return out;
}

Timeline build_timeline(const CaptureModel& model, std::optional<std::size_t> session) {
  return std::move(build_timelines({TimelineSource{&model, session}}).front());
}

Timeline merged_clock(const std::vector<const Timeline*>& timelines) {
  Timeline clock;
  for (const Timeline* tl : timelines) {
    clock.flights.insert(clock.flights.end(), tl->flights.begin(), tl->flights.end());
    clock.duration = std::max(clock.duration, tl->duration);
    if (clock.gaps.empty()) clock.gaps = tl->gaps;
  }
  std::stable_sort(clock.flights.begin(), clock.flights.end(),
                   [](const Flight& a, const Flight& b) { return a.start < b.start; });
  return clock;
}

std::optional<std::size_t> Timeline::current_at(double t) const {
  auto it = std::upper_bound(flights.begin(), flights.end(), t + kEpsilon,
                             [](double v, const Flight& f) { return v < f.start; });
  if (it == flights.begin()) return std::nullopt;
  return static_cast<std::size_t>(it - flights.begin() - 1);
}

std::optional<float> Timeline::progress(std::size_t i, double t) const {
  if (i >= flights.size()) return std::nullopt;
  const double along = (t - flights[i].start) / kTravel;
  if (along < -kEpsilon || along > 1.0 + kEpsilon) return std::nullopt;
  return static_cast<float>(std::clamp(along, 0.0, 1.0));
}

const IdleGap* Timeline::gap_at(double t) const {
  for (const IdleGap& g : gaps) {
    if (t >= g.start && t < g.start + g.shown) return &g;
  }
  return nullptr;
}

double Timeline::capture_time_at(double t) const {
  const auto i = current_at(t);
  if (!i) return 0.0;
  const Flight& f = flights[*i];
  const double since = t - f.start;
  if (*i + 1 < flights.size()) {
    // Between two flights the capture clock runs on, at most to the next one's time.
    const Flight& next = flights[*i + 1];
    const double span = next.start - f.start;
    return f.capture_time +
           (next.capture_time - f.capture_time) * std::clamp(since / span, 0.0, 1.0);
  }
  return f.capture_time;
}

void Playback::advance(const Timeline& timeline, double dt, bool grows) {
  if (!playing) return;
  if (grows) {  // waits at the live edge (never goes back to it: a scrub may have passed it)
    position = std::max(position, std::min(position + dt * speed(), timeline.live_edge()));
    return;
  }
  position += dt * speed();
  if (position >= timeline.duration) {
    position = timeline.duration;
    playing = false;
  }
}

void Playback::toggle(const Timeline& timeline) {
  if (!playing && position >= timeline.duration - kEpsilon) position = 0;
  playing = !playing;
}

void Playback::step_next(const Timeline& timeline) {
  playing = false;
  for (const Flight& f : timeline.flights) {
    if (f.start > position + kEpsilon) {
      position = f.start;
      return;
    }
  }
  position = timeline.duration;
}

void Playback::step_previous(const Timeline& timeline) {
  playing = false;
  double target = 0;
  for (const Flight& f : timeline.flights) {
    if (f.start < position - kEpsilon) target = f.start;
  }
  position = target;
}

bool Playback::next_finding(const Timeline& timeline) {
  for (const Flight& f : timeline.flights) {
    if (f.finding && f.start > position + kEpsilon) {
      position = f.start;
      playing = false;
      return true;
    }
  }
  return false;
}

void Playback::scrub(const Timeline& timeline, double t) {
  position = std::clamp(t, 0.0, timeline.duration);
}

}  // namespace mailscope::gui
