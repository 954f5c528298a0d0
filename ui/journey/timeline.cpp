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

bool travels(const Event& e) {
  return e.kind == Event::Kind::kCommand || e.kind == Event::Kind::kReply ||
         e.kind == Event::Kind::kContent || e.kind == Event::Kind::kTlsRecord;
}

bool is_sealed(const Event& e) {
  return e.encrypted || e.kind == Event::Kind::kTlsRecord;
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

Timeline build_timeline(const CaptureModel& model) {
  Timeline tl;
  // Every event that travels, in capture order (a session's own order breaks ties).
  struct Item {
    Timestamp time;
    std::size_t session;
    std::size_t event;
  };
  std::vector<Item> items;
  std::optional<Timestamp> origin;
  for (std::size_t s = 0; s < model.sessions.size(); ++s) {
    const SessionEntry& entry = model.sessions[s];
    if (!origin || entry.summary.start < *origin) origin = entry.summary.start;
    const auto& events = entry.detail.events;
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (travels(events[i])) items.push_back({events[i].time, s, i});
    }
  }
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return std::tie(a.time, a.session) < std::tie(b.time, b.session);
  });
  const double t0 = origin ? origin->as_seconds() : 0.0;

  for (const Item& item : items) {
    const SessionEntry& entry = model.sessions[item.session];
    const Event& e = entry.detail.events[item.event];
    Flight* last = tl.flights.empty() ? nullptr : &tl.flights.back();
    if (last && last->session == item.session && last->direction == e.direction &&
        last->packet == e.packet && last->sealed == is_sealed(e)) {
      last->events.push_back(item.event);
      last->bytes += e.bytes.size();
      continue;
    }
    Flight f;
    f.session = item.session;
    f.link = link_of(entry.summary.hop);
    f.direction = e.direction;
    f.events = {item.event};
    f.packet = e.packet;
    f.capture_time = e.time.as_seconds() - t0;
    f.bytes = e.bytes.size();
    f.sealed = is_sealed(e);
    f.seals = entry.summary.transport == Transport::kStartTls &&
              e.direction == Direction::kServerToClient && !f.sealed &&
              e.packet == entry.summary.starttls_packet;
    for (std::size_t fi : entry.findings) {
      f.finding |= model.findings[fi].packet == e.packet;
    }
    // Playback time: at least a beat after the last flight; a long silence shortened.
    if (!last) {
      f.start = Timeline::kLead;
    } else {
      const double gap = f.capture_time - last->capture_time;
      if (gap > Timeline::kIdleThreshold) {
        tl.gaps.push_back({last->start + Timeline::kBeat, Timeline::kIdleShown, gap});
        f.start = last->start + Timeline::kBeat + Timeline::kIdleShown;
      } else {
        f.start = last->start + std::max(gap, Timeline::kBeat);
      }
    }
    tl.flights.push_back(std::move(f));
  }

  std::set<std::string> seen;
  for (std::size_t fi = 0; fi < tl.flights.size(); ++fi) {
    const Flight& f = tl.flights[fi];
    const SessionEntry& entry = model.sessions[f.session];
    for (std::size_t ei : f.events)
      read_line(model, entry, entry.detail.events[ei], fi, seen, tl.notebook);
  }
  tl.duration =
      tl.flights.empty() ? 0.0 : tl.flights.back().start + Timeline::kTravel + Timeline::kLead;
  return tl;
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

void Playback::advance(const Timeline& timeline, double dt) {
  if (!playing) return;
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
