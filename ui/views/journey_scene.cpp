#include "views/journey_scene.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "presentation/secret_display.hpp"
#include "widgets/padlock.hpp"

namespace mailscope::gui {
namespace {

constexpr ImU32 kPaper = IM_COL32(246, 238, 219, 255);  // the postcard and the notebook
constexpr ImU32 kInk = IM_COL32(40, 36, 30, 255);
// A postcard or envelope, in text lines: large enough to read on a projector from the back.
constexpr float kLetterWidth = 3.4f;
constexpr float kLetterHeight = 2.2f;

ImU32 with_alpha(const ImVec4& c, float a) {
  return to_u32(ImVec4(c.x, c.y, c.z, c.w * a));
}
ImVec2 lerp(ImVec2 a, ImVec2 b, float t) {
  return ImVec2(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
}
float smooth(float t) {
  return t * t * (3.0f - 2.0f * t);
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

// A fact of the frame log named after the scene: "journey_flight", "compare_left_flight".
std::string fact(const JourneyScene& scene, const char* what) {
  std::string name = scene.id + "_" + what;
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

// A filled convex shape (a rounded rectangle, a circle), as ImDrawList draws it (the same
// vertices, the same anti-aliased rim), with its inside cut into triangles that a software
// renderer shades cheaply. ImGui fans the inside out from the first vertex: each triangle a
// sliver across the whole shape, and llvmpipe shades every 4x4 block a triangle touches,
// however little of it is covered. Zig-zagging between the two ends of the outline instead
// leaves two large triangles for a box's middle and short slivers at its corners: the same
// pixels, a fraction of the blocks.
template <typename Fill>
void fill_convex(ImDrawList* dl, Fill fill) {
  const int idx_start = dl->IdxBuffer.Size;
  const int vtx_count_before = dl->VtxBuffer.Size;
  fill();
  const int added_idx = dl->IdxBuffer.Size - idx_start;
  const int added_vtx = dl->VtxBuffer.Size - vtx_count_before;
  // Anti-aliased, ImGui's fill is n - 2 triangles over the n inner vertices (every other
  // vertex), then the rim's 6 indices a vertex; without anti-aliasing only the n - 2 triangles.
  // Anything else (a plain rectangle's two triangles) is left as it is.
  const bool aa = added_vtx > 4 && added_idx == (added_vtx / 2 - 2) * 3 + (added_vtx / 2) * 6;
  const bool plain = added_vtx > 4 && added_idx == (added_vtx - 2) * 3;
  if (!aa && !plain) return;
  // ImGui's number for the first vertex (16-bit indices restart from a new offset).
  const unsigned first = dl->_VtxCurrentIdx - static_cast<unsigned>(added_vtx);
  const unsigned step = aa ? 2 : 1;
  const int n = aa ? added_vtx / 2 : added_vtx;
  auto vertex = [&](int i) {
    return static_cast<ImDrawIdx>(first + step * static_cast<unsigned>(i));
  };
  ImDrawIdx* out = dl->IdxBuffer.Data + idx_start;
  int lo = 0;
  int hi = n - 1;
  for (bool from_lo = true; hi - lo >= 2; from_lo = !from_lo) {  // the outline's winding
    if (from_lo) {
      *out++ = vertex(lo), *out++ = vertex(lo + 1), *out++ = vertex(hi);
      ++lo;
    } else {
      *out++ = vertex(lo), *out++ = vertex(hi - 1), *out++ = vertex(hi);
      --hi;
    }
  }
}

void fill_rounded_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 colour, float rounding) {
  fill_convex(dl, [&] { dl->AddRectFilled(a, b, colour, rounding); });
}

struct Layout {
  ImVec2 node[kPathNodeCount];
  ImVec2 node_size;
  float line = 0;
};

// Where a flight on `link`, lane `lane`, starts and ends, client end first.
std::pair<ImVec2, ImVec2> link_ends(const Layout& l, const LinkInfo& link, int lane, int lanes) {
  const ImVec2 c = l.node[static_cast<std::size_t>(link.from)];
  const ImVec2 s = l.node[static_cast<std::size_t>(link.to)];
  const float offset =
      (static_cast<float>(lane) - (static_cast<float>(lanes) - 1) / 2) * l.line * 0.8f;
  const float half = l.node_size.x / 2 + 6;
  const float dir = s.x > c.x ? 1.0f : -1.0f;
  return {ImVec2(c.x + dir * half, c.y + offset), ImVec2(s.x - dir * half, s.y + offset)};
}

// "recipient's server (MX)" where it fits, "recipient's MX" where it does not.
std::string role_that_fits(const std::string& role, float width) {
  if (ImGui::CalcTextSize(role.c_str()).x <= width) return role;
  if (role == "recipient's server (MX)") return "recipient's MX";
  return role;
}

void draw_node(ImDrawList* dl, const ViewContext& ctx, const Layout& l, const NodeInfo& n,
               ImVec2 centre) {
  const Palette& pal = ctx.palette;
  const ImVec2 a(centre.x - l.node_size.x / 2, centre.y - l.node_size.y / 2);
  const ImVec2 b(centre.x + l.node_size.x / 2, centre.y + l.node_size.y / 2);
  fill_rounded_rect(dl, a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), 8);
  dl->AddRect(a, b, with_alpha(pal.text_muted, 0.8f), 8, 0, 1.5f);
  auto centred = [&](const std::string& text, float y, ImU32 colour) {
    std::string t = text;
    while (t.size() > 4 && ImGui::CalcTextSize(t.c_str()).x > l.node_size.x - 10) {
      t = t.substr(0, t.size() - 4) + "\u2026";
    }
    const float tw = ImGui::CalcTextSize(t.c_str()).x;
    dl->AddText(ImVec2(centre.x - tw / 2, y), colour, t.c_str());
  };
  centred(role_that_fits(n.role, l.node_size.x - 10), a.y + l.line * 0.25f, to_u32(pal.text_muted));
  centred(n.name.empty() ? std::string("(not in this capture)") : n.name, a.y + l.line * 1.3f,
          to_u32(pal.text));
}

// A postcard (open, its lines readable) or an envelope (closed flap, padlock). `seal` from 0 to
// 1 closes the flap over a postcard: the STARTTLS moment.
void draw_letter(ImDrawList* dl, const Palette& pal, ImVec2 centre, float line, bool sealed,
                 float seal) {
  const float w = line * kLetterWidth;
  const float h = line * kLetterHeight;
  const ImVec2 a(centre.x - w / 2, centre.y - h / 2);
  const ImVec2 b(centre.x + w / 2, centre.y + h / 2);
  if (!sealed && seal <= 0) {
    fill_rounded_rect(dl, a, b, kPaper, 3);
    dl->AddRect(a, b, to_u32(pal.exposed), 3, 0, 2.0f);
    for (int i = 0; i < 3; ++i) {  // the writing anyone can read
      const float y = a.y + h * (0.3f + 0.2f * static_cast<float>(i));
      dl->AddLine(ImVec2(a.x + w * 0.12f, y), ImVec2(a.x + w * (i == 2 ? 0.6f : 0.88f), y),
                  to_u32(pal.exposed), 2.0f);
    }
    return;
  }
  const float closed = sealed ? 1.0f : smooth(std::clamp(seal, 0.0f, 1.0f));
  const ImU32 body = sealed ? IM_COL32(214, 236, 220, 255) : kPaper;
  fill_rounded_rect(dl, a, b, body, 3);
  if (!sealed) {  // the postcard's writing, still there until the flap covers it
    for (int i = 0; i < 3; ++i) {
      const float y = a.y + h * (0.3f + 0.2f * static_cast<float>(i));
      dl->AddLine(ImVec2(a.x + w * 0.12f, y), ImVec2(a.x + w * (i == 2 ? 0.6f : 0.88f), y),
                  with_alpha(pal.exposed, 1.0f - closed), 2.0f);
    }
  }
  dl->AddRect(a, b, to_u32(closed > 0.5f ? pal.sealed : pal.exposed), 3, 0, 2.0f);
  // The flap swings from above the letter (open) down to its middle (closed).
  const float tip_y = a.y - h * 0.55f * (1 - closed) + h * 0.55f * closed;
  dl->AddTriangleFilled(
      a, ImVec2(b.x, a.y), ImVec2(centre.x, tip_y),
      closed > 0.5f ? IM_COL32(170, 212, 184, 255) : IM_COL32(230, 220, 196, 255));
  dl->AddLine(a, ImVec2(centre.x, tip_y), to_u32(pal.sealed), 2.0f);
  dl->AddLine(ImVec2(b.x, a.y), ImVec2(centre.x, tip_y), to_u32(pal.sealed), 2.0f);
  if (closed > 0.5f) {
    const float ph = h * 0.75f;
    draw_padlock(dl, ImVec2(centre.x - ph * 0.39f, centre.y - ph * 0.2f), ph, true,
                 to_u32(ImVec4(0.05f, 0.45f, 0.2f, 1)));
  }
}

// The lines a flight carries, as the room reads them: secrets masked per the setting.
std::vector<std::string> flight_lines(const ViewContext& ctx, const JourneyScene& scene,
                                      const Flight& f, std::size_t max) {
  const SessionEntry& entry = scene.model.sessions[f.session];
  std::vector<std::string> out;
  if (f.sealed) {
    out.push_back(
        format("encrypted: %.0f bytes", static_cast<double>(f.bytes)) +
        (f.events.size() > 1 ? " in " + std::to_string(f.events.size()) + " records" : ""));
    return out;
  }
  for (std::size_t ei : f.events) {
    if (out.size() == max) {
      out.back() = "\u2026 " + std::to_string(f.events.size() - max + 1) + " more lines";
      break;
    }
    const Event& e = entry.detail.events[ei];
    const Credential* c = e.credential >= 0 ? scene.model.credential(entry, e.credential) : nullptr;
    const bool shown = c && ctx.ui.reveal.shows(entry.summary.id, e.credential);
    std::string line = line_for_display(e, c, shown);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
      line.pop_back();
    if (line.size() > 60) line = line.substr(0, 57) + "\u2026";
    out.push_back(std::move(line));
  }
  return out;
}

// Text in a box beside the letter, above it for the upper links, below for the lower one.
void draw_caption(ImDrawList* dl, const ViewContext& ctx, ImVec2 anchor, bool above,
                  const std::vector<std::string>& lines, ImU32 colour, ImFont* font) {
  float w = 0;
  for (const auto& s : lines)
    w = std::max(w, font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.c_str()).x);
  const float lh = font->FontSize * 1.15f;
  const float h = lh * static_cast<float>(lines.size());
  const ImVec2 region_min = ImGui::GetWindowPos();
  const float region_max_x = region_min.x + ImGui::GetWindowWidth();
  float x = std::clamp(anchor.x - w / 2, region_min.x + 4, region_max_x - w - 12);
  const float y = above ? anchor.y - h - 8 : anchor.y + 8;
  fill_rounded_rect(dl, ImVec2(x - 6, y - 3), ImVec2(x + w + 6, y + h + 3),
                    ImGui::GetColorU32(ImGuiCol_WindowBg, 0.92f), 4);
  dl->AddRect(ImVec2(x - 6, y - 3), ImVec2(x + w + 6, y + h + 3), colour, 4);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    dl->AddText(font, font->FontSize, ImVec2(x, y + lh * static_cast<float>(i)), colour,
                lines[i].c_str());
  }
  (void)ctx;
}

// The eavesdropper: a figure in a hat with a magnifying glass, on the wire.
void draw_eavesdropper(ImDrawList* dl, ImVec2 c, float s, ImU32 colour) {
  fill_convex(dl,
              [&] { dl->AddCircleFilled(ImVec2(c.x, c.y - s * 0.55f), s * 0.28f, colour, 24); });
  dl->AddRectFilled(ImVec2(c.x - s * 0.42f, c.y - s * 0.86f),
                    ImVec2(c.x + s * 0.42f, c.y - s * 0.78f), colour);
  fill_rounded_rect(dl, ImVec2(c.x - s * 0.24f, c.y - s * 1.12f),
                    ImVec2(c.x + s * 0.24f, c.y - s * 0.8f), colour, 3);
  dl->PathArcTo(ImVec2(c.x, c.y + s * 0.55f), s * 0.5f, 3.14159f, 2 * 3.14159f, 20);
  fill_convex(dl, [&] { dl->PathFillConvex(colour); });
  const ImVec2 glass(c.x + s * 0.62f, c.y - s * 0.15f);
  dl->AddCircle(glass, s * 0.2f, colour, 20, s * 0.08f);
  dl->AddLine(ImVec2(glass.x - s * 0.14f, glass.y + s * 0.14f),
              ImVec2(c.x + s * 0.25f, c.y + s * 0.3f), colour, s * 0.1f);
}

void draw_notebook(ImDrawList* dl, ViewContext& ctx, const JourneyScene& scene, ImVec2 a,
                   float width, float max_h) {
  const auto current = scene.timeline.current_at(scene.position);
  std::vector<std::pair<std::string, bool>> lines;  // text, is a secret
  for (const NotebookEntry& e : scene.timeline.notebook) {
    if (!current || e.flight > *current) break;
    if (e.kind == NotebookEntry::Kind::kCredential) {
      const Credential& c = scene.model.credentials[e.credential];
      const bool shown = ctx.ui.reveal.shows(c.session, c.ordinal);
      lines.push_back(
          {user_label(c) + " \u00b7 " + secret_noun(c) + " " + secret_for_display(c, shown), true});
    } else {
      lines.push_back({e.text, false});
    }
  }
  const float line = ImGui::GetTextLineHeight();
  const float lh = line * 1.15f;
  const std::size_t fit = static_cast<std::size_t>(std::max(1.0f, (max_h - line * 1.6f) / lh));
  const std::size_t shown_lines = std::max<std::size_t>(1, std::min(lines.size(), fit));
  const float h = line * 1.5f + lh * static_cast<float>(shown_lines) + 6;
  const ImVec2 b(a.x + width, a.y + h);
  fill_rounded_rect(dl, a, b, kPaper, 4);
  for (float y = a.y + line * 1.45f; y + lh - 2 < b.y; y += lh) {
    dl->AddLine(ImVec2(a.x + 4, y + lh - 2), ImVec2(b.x - 4, y + lh - 2),
                IM_COL32(170, 190, 215, 140));
  }
  dl->AddLine(ImVec2(a.x + 22, a.y), ImVec2(a.x + 22, b.y), IM_COL32(220, 120, 120, 160));
  dl->AddText(ImVec2(a.x + 30, a.y + 4), kInk, "What the eavesdropper read");
  const ImU32 red = IM_COL32(190, 20, 20, 255);
  float y = a.y + line * 1.5f;
  if (lines.empty()) {
    const bool over = scene.position >= scene.timeline.duration - 1e-6;
    dl->AddText(ImVec2(a.x + 30, y), IM_COL32(30, 110, 60, 255),
                over ? "nothing: every mail was sealed" : "nothing yet");
  }
  // Too many to fit: the oldest addresses give way first, never a password or a subject.
  for (auto it = lines.begin(); lines.size() > fit && it != lines.end();) {
    it = it->second || it->first.starts_with("Subject") ? it + 1 : lines.erase(it);
  }
  const std::size_t first = lines.size() > fit ? lines.size() - fit : 0;
  for (std::size_t i = first; i < lines.size(); ++i) {
    std::string t = lines[i].first;
    while (t.size() > 4 && ImGui::CalcTextSize(t.c_str()).x > width - 40)
      t = t.substr(0, t.size() - 4) + "\u2026";
    dl->AddText(ImVec2(a.x + 30, y), lines[i].second ? red : kInk, t.c_str());
    ctx.log.row(scene.id + "-notebook", {{"text", lines[i].first}, {"secret", lines[i].second}});
    y += lh;
  }
  ctx.log.rect(scene.id + "-notebook", a, b);
}

}  // namespace

std::optional<std::size_t> draw_journey_scene(ViewContext& ctx, const JourneyScene& scene) {
  const Palette& pal = ctx.palette;
  const PathModel& path = scene.path;
  const Timeline& tl = scene.timeline;
  const double t = scene.position;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  std::optional<std::size_t> clicked;
  if (avail.x < 200 || avail.y < 150) return clicked;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  Layout l;
  l.line = ImGui::GetTextLineHeight();
  l.node_size = ImVec2(std::min(avail.x * 0.2f, l.line * 13), l.line * 2.6f);
  const float top = origin.y + std::max(avail.y * 0.2f, l.line * 5.0f);
  const float bottom = origin.y + avail.y - std::max(avail.y * 0.16f, l.line * 4.0f);
  const float left = origin.x + l.node_size.x / 2 + 8;
  const float right = origin.x + avail.x - l.node_size.x / 2 - 8;
  l.node[0] = ImVec2(left, top);
  l.node[1] = ImVec2((left + right) / 2, top);
  l.node[2] = ImVec2(right, top);
  l.node[3] = ImVec2(right, bottom);
  l.node[4] = ImVec2(left, bottom);

  // MX to mailbox: inside one provider, not on the wire.
  dl->AddLine(ImVec2(right, top + l.node_size.y / 2), ImVec2(right, bottom - l.node_size.y / 2),
              with_alpha(pal.text_muted, 0.6f), 2.0f);
  dl->AddText(
      ImVec2(right - ImGui::CalcTextSize("delivered").x - 8, (top + bottom) / 2 - l.line / 2),
      to_u32(pal.text_muted), "delivered");

  // The links: one lane per session, red while it crosses in clear, green once sealed.
  const auto current = tl.current_at(t);
  for (std::size_t li = 0; li < kPathLinkCount; ++li) {
    const LinkInfo& link = path.links[li];
    const bool lower = li == 2;
    const int lanes = std::max<int>(1, static_cast<int>(link.sessions.size()));
    auto [c0, s0] = link_ends(l, link, 0, 1);
    if (link.sessions.empty()) {
      for (float x = std::min(c0.x, s0.x); x < std::max(c0.x, s0.x); x += 14) {
        dl->AddLine(ImVec2(x, c0.y), ImVec2(std::min(x + 7, std::max(c0.x, s0.x)), c0.y),
                    with_alpha(pal.text_muted, 0.6f), 2.0f);
      }
    }
    for (int lane = 0; lane < static_cast<int>(link.sessions.size()); ++lane) {
      const SessionOnPath& sp = link.sessions[static_cast<std::size_t>(lane)];
      auto [c, s] = link_ends(l, link, lane, lanes);
      bool sealed_now = sp.transport == Transport::kImplicitTls;
      if (sp.transport == Transport::kStartTls) {
        for (std::size_t fi = 0; fi < tl.flights.size(); ++fi) {
          const Flight& f = tl.flights[fi];
          if (f.session == sp.session && (f.seals || f.sealed) &&
              f.start + Timeline::kTravel <= t + 1e-6) {
            sealed_now = true;
            break;
          }
        }
      }
      dl->AddLine(c, s, to_u32(sealed_now ? pal.sealed : pal.exposed), 4.0f);
    }
    // The label: the hop, then one chip per session (click: select it and play from it).
    const float label_y =
        lower ? c0.y - l.line * (2.6f + 1.3f * static_cast<float>(lanes)) : c0.y + l.line * 1.25f;
    const float lx = std::min(c0.x, s0.x) + 6;
    dl->AddText(ctx.fonts.heading, ctx.fonts.heading->FontSize, ImVec2(lx, label_y),
                to_u32(pal.text), link.title.c_str());
    float y = label_y + ctx.fonts.heading->FontSize * 1.1f;
    if (link.sessions.empty()) {
      dl->AddText(ImVec2(lx, y), to_u32(pal.text_muted), "not in this capture");
    }
    for (const SessionOnPath& sp : link.sessions) {
      const SessionEntry& entry = scene.model.sessions[sp.session];
      const bool sealed = sp.transport != Transport::kPlaintext;
      std::string label = "#";
      label += std::to_string(sp.number);
      label += "  ";
      label += sp.protection;
      const ImVec2 size = ImGui::CalcTextSize(label.c_str());
      const ImVec2 a(lx, y);
      const ImVec2 b(lx + size.x + l.line * 1.6f, y + l.line * 1.2f);
      ImGui::SetCursorScreenPos(a);
      const std::string id = scene.id + "-session-" + std::to_string(sp.number);
      if (ImGui::InvisibleButton(id.c_str(), ImVec2(b.x - a.x, b.y - a.y))) clicked = sp.session;
      ctx.log.item(id);
      const bool selected = scene.selected_session == entry.summary.id;
      const bool hovered = ImGui::IsItemHovered();
      fill_rounded_rect(dl, a, b,
                        ImGui::GetColorU32(selected  ? ImGuiCol_Header
                                           : hovered ? ImGuiCol_HeaderHovered
                                                     : ImGuiCol_FrameBg),
                        4);
      if (selected) dl->AddRect(a, b, to_u32(pal.text), 4, 0, 1.5f);
      draw_padlock(dl, ImVec2(a.x + 5, a.y + l.line * 0.12f), l.line * 0.9f, sealed,
                   to_u32(sealed ? pal.sealed : pal.exposed));
      dl->AddText(ImVec2(a.x + l.line * 1.3f, a.y + l.line * 0.1f),
                  to_u32(sealed ? pal.sealed : pal.exposed), label.c_str());
      ctx.log.row(scene.id + "-links",
                  {{"hop", link.title}, {"session", sp.number}, {"label", sp.protection}});
      y += l.line * 1.3f;
    }
  }

  for (std::size_t n = 0; n < kPathNodeCount; ++n)
    draw_node(dl, ctx, l, path.nodes[n], l.node[n]);

  // The eavesdropper, tapping every wire, and its notebook.
  const ImVec2 spy(l.node[0].x, (top + bottom) / 2 + l.line * 0.6f);
  const float spy_size = std::min(l.line * 2.6f, (bottom - top) * 0.22f);
  const float notebook_x = spy.x + l.node_size.x * 0.5f + l.line * 3;
  // Half a window (the comparison): the notebook takes the room up to the delivery line.
  const float notebook_w = scene.compact
                               ? std::max(avail.x * 0.42f, right - l.line * 5.5f - notebook_x)
                               : std::min(avail.x * 0.42f, l.line * 24);
  const float nb_top = top + l.node_size.y / 2 + l.line * 3.4f;
  const float nb_bottom = bottom - l.node_size.y / 2 - l.line * 3.9f;

  // The flight on the wire now (or the last one, resting where it arrived).
  const Flight* flight = current ? &tl.flights[*current] : nullptr;
  bool reading = false;
  if (flight && flight->link >= 0) {
    const LinkInfo& link = path.links[static_cast<std::size_t>(flight->link)];
    const int lane = std::max(0, path.lane_of(flight->session));
    const int lanes = std::max<int>(1, static_cast<int>(link.sessions.size()));
    auto [c, s] = link_ends(l, link, lane, lanes);
    // The letter stays on the wire: it leaves and arrives beside the nodes, not over them.
    const float inset = (s.x > c.x ? 1.0f : -1.0f) * l.line * kLetterWidth / 2;
    c.x += inset;
    s.x -= inset;
    const auto moving = tl.progress(*current, t);
    const float p = moving ? smooth(*moving) : 1.0f;
    const bool to_server = flight->direction == Direction::kClientToServer;
    const ImVec2 at = to_server ? lerp(c, s, p) : lerp(s, c, p);
    reading = !flight->sealed;
    const ImU32 tap = reading ? with_alpha(pal.exposed, 0.9f) : with_alpha(pal.sealed, 0.6f);
    dl->AddLine(spy, at, tap, 2.0f);
    const float seal = flight->seals ? (moving ? *moving : 1.0f) : 0.0f;
    draw_letter(dl, pal, at, l.line, flight->sealed, seal);
    const float lh = l.line * kLetterHeight;
    const bool above = flight->link != 2;
    // Above the letter, and above the flap while it is still open.
    const float flap = flight->seals ? lh * 0.55f * (1.0f - smooth(seal)) : 0.0f;
    const ImVec2 anchor(at.x, above ? at.y - lh * 0.6f - flap : at.y + lh / 2);
    std::vector<std::string> lines = flight_lines(ctx, scene, *flight, 3);
    ImU32 colour = to_u32(flight->sealed ? pal.sealed : pal.exposed);
    if (flight->seals) {
      lines.push_back("STARTTLS: from here on, this mail travels sealed");
      colour = to_u32(pal.warning);
    }
    // During a silence the "later" mark takes the caption's place.
    if (moving || !tl.gap_at(t))
      draw_caption(dl, ctx, anchor, above, lines, colour, ctx.fonts.mono);
    ctx.log.rect(scene.id + "-letter", ImVec2(at.x - l.line * kLetterWidth / 2, at.y - lh / 2),
                 ImVec2(at.x + l.line * kLetterWidth / 2, at.y + lh / 2));
    ctx.log.set(fact(scene, "flight"), {{"index", *current},
                                        {"session", scene.model.sessions[flight->session].number},
                                        {"link", flight->link},
                                        {"to_server", to_server},
                                        {"sealed", flight->sealed},
                                        {"seals", flight->seals},
                                        {"packet", flight->packet},
                                        {"moving", moving.has_value()},
                                        {"lines", lines}});
  }
  draw_eavesdropper(dl, spy, spy_size, to_u32(reading ? pal.exposed : pal.text_muted));
  const char* caption = reading ? "reads every postcard" : "sees only sealed envelopes";
  const float cw = ImGui::CalcTextSize(caption).x;
  dl->AddText(ImVec2(std::max(origin.x, spy.x - cw / 2), spy.y + spy_size * 0.65f),
              to_u32(reading ? pal.exposed : pal.text_muted), caption);
  draw_notebook(dl, ctx, scene, ImVec2(notebook_x, nb_top), notebook_w,
                std::max(l.line * 3, nb_bottom - nb_top));

  if (const IdleGap* g = tl.gap_at(t)) {
    const std::string text = format("\u2026 %.0f s later \u2026", g->real);
    ImGui::PushFont(ctx.fonts.heading);
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    const ImVec2 at(origin.x + (avail.x - size.x) / 2, top - l.node_size.y / 2 - size.y * 2.2f);
    fill_rounded_rect(dl, ImVec2(at.x - 10, at.y - 4),
                      ImVec2(at.x + size.x + 10, at.y + size.y + 4),
                      ImGui::GetColorU32(ImGuiCol_WindowBg), 4);
    dl->AddRect(ImVec2(at.x - 10, at.y - 4), ImVec2(at.x + size.x + 10, at.y + size.y + 4),
                to_u32(pal.warning), 4, 0, 1.5f);
    dl->AddText(at, to_u32(pal.warning), text.c_str());
    ctx.log.set(fact(scene, "gap"), text);
    ImGui::PopFont();
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(avail);
  return clicked;
}

void draw_playback_controls(ViewContext& ctx, Playback& p, const Timeline& tl,
                            const std::string& id, const Timeline* capture_clock) {
  const float w = ImGui::GetFontSize() * 5.5f;
  const std::string play = (p.playing ? "Pause###" : "Play###") + id + "-play";
  if (ImGui::Button(play.c_str(), ImVec2(w, 0))) p.toggle(tl);
  ctx.log.item(id + "-play");
  ImGui::SameLine();
  if (ImGui::Button("\u2190 Step")) p.step_previous(tl);
  ctx.log.item(id + "-step-back");
  ImGui::SameLine();
  if (ImGui::Button("Step \u2192")) p.step_next(tl);
  ctx.log.item(id + "-step");
  ImGui::SameLine();
  if (ImGui::Button("Slower")) p.slower();
  ctx.log.item(id + "-slower");
  ImGui::SameLine();
  ImGui::Text("%gx", p.speed());
  ImGui::SameLine();
  if (ImGui::Button("Faster")) p.faster();
  ctx.log.item(id + "-faster");
  ImGui::SameLine();
  if (ImGui::Button("Next finding \u2192")) p.next_finding(tl);
  ctx.log.item(id + "-next-finding");
  ImGui::SameLine();
  std::string clock = format("%.1f s", p.position) + " / " + format("%.0f s", tl.duration);
  if (capture_clock) {
    clock += "   capture +" + format("%.3f s", capture_clock->capture_time_at(p.position));
  }
  ImGui::TextDisabled("%s", clock.c_str());
}

void draw_scrub_bar(ViewContext& ctx, Playback& playback, const Timeline& tl,
                    const std::vector<const Timeline*>& rows, const std::string& id) {
  const Palette& pal = ctx.palette;
  const float rows_shown = static_cast<float>(std::max<std::size_t>(1, rows.size()));
  const float h = ImGui::GetFontSize() * (1.6f + 0.8f * (rows_shown - 1));
  const float width = ImGui::GetContentRegionAvail().x;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(("##" + id + "-scrub").c_str(), ImVec2(width, h));
  ctx.log.item(id + "-scrub");
  const double duration = std::max(tl.duration, 1e-3);
  if (ImGui::IsItemActive()) {
    const float x = std::clamp((ImGui::GetIO().MousePos.x - a.x) / width, 0.0f, 1.0f);
    playback.scrub(tl, x * duration);
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b(a.x + width, a.y + h);
  fill_rounded_rect(dl, a, b, ImGui::GetColorU32(ImGuiCol_FrameBg), 4);
  auto x_of = [&](double t) { return a.x + static_cast<float>(t / duration) * width; };
  for (const IdleGap& g : tl.gaps) {
    const float x0 = x_of(g.start);
    const float x1 = x_of(g.start + g.shown);
    dl->AddRectFilled(ImVec2(x0, a.y), ImVec2(x1, b.y), with_alpha(pal.text_muted, 0.25f));
    for (float x = x0; x < x1; x += 6) {
      dl->AddLine(ImVec2(x, b.y), ImVec2(std::min(x + 6, x1), a.y),
                  with_alpha(pal.text_muted, 0.5f));
    }
    const std::string label = format("%.0f s later", g.real);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    if (x1 - x0 > size.x + 4) {
      dl->AddText(ImVec2((x0 + x1 - size.x) / 2, a.y + (h - size.y) / 2), to_u32(pal.text),
                  label.c_str());
    }
  }
  // One row of ticks per timeline (the comparison: the left pane's above the right one's).
  const float band = h / rows_shown;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const float top = a.y + band * static_cast<float>(r);
    for (const Flight& f : rows[r]->flights) {
      const float x = x_of(f.start);
      const ImVec4& c = f.finding ? pal.warning : f.sealed ? pal.sealed : pal.exposed;
      dl->AddLine(ImVec2(x, top + band * (f.finding ? 0.1f : 0.3f)), ImVec2(x, top + band * 0.7f),
                  to_u32(c), f.finding ? 3.0f : 2.0f);
    }
  }
  const float px = x_of(playback.position);
  dl->AddRectFilled(ImVec2(px - 2, a.y - 2), ImVec2(px + 2, b.y + 2), to_u32(pal.text));
}

void handle_playback_keys(Playback& playback, const Timeline& clock) {
  if (ImGui::GetIO().WantTextInput) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) playback.toggle(clock);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) playback.step_next(clock);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) playback.step_previous(clock);
}

}  // namespace mailscope::gui
