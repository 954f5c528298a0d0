#include "views/sniffer_eye_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <numeric>

#include "presentation/secret_display.hpp"

namespace mailscope::gui {
namespace {

constexpr char32_t kMiddleDot = 0x00B7;
constexpr char32_t kBullet = 0x2022;

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Where TLS begins in each direction of the stream: the first TLS record's first byte.
struct TlsStart {
  std::uint64_t at[2] = {~std::uint64_t{0}, ~std::uint64_t{0}};
};

TlsStart tls_start(const SessionEntry& entry) {
  TlsStart t;
  const EventList& events = entry.detail.events;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events.kind(i) != Event::Kind::kTlsRecord) continue;
    auto& at = t.at[static_cast<int>(events.direction(i))];
    at = std::min(at, events.bytes(i).begin);
  }
  return t;
}

// Segments in the order their packets crossed the wire.
std::vector<std::uint32_t> wire_order(const SessionEntry& entry) {
  std::vector<std::uint32_t> order(entry.detail.segments.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return entry.detail.segments[a].packet < entry.detail.segments[b].packet;
  });
  return order;
}

// Splits every segment into display lines: after each line feed (so plain text reads line by
// line) and at `columns` bytes (so ciphertext fills a block).
void lay_out(ViewContext& ctx, const SessionEntry& entry, int columns, const TlsStart& tls) {
  SnifferEyeState& st = ctx.ui.sniffer_eye;
  st.lines.clear();
  st.complete = true;
  for (std::uint32_t index : wire_order(entry)) {
    const StreamSegment s = entry.detail.segments[index];
    if (s.length == 0 || s.frame_offset == 0) continue;
    FrameBytes frame = ctx.frames.get(s.packet);
    if (frame.pending) st.complete = false;
    std::uint32_t begin = 0;
    while (begin < s.length) {
      std::uint32_t end =
          std::min<std::uint32_t>(s.length, begin + static_cast<std::uint32_t>(columns));
      const std::size_t available =
          frame.data.size() > s.frame_offset ? frame.data.size() - s.frame_offset : 0;
      // Ciphertext is laid out in full blocks: a 0x0a byte in it is no line end.
      const bool ciphertext = s.stream_offset + begin >= tls.at[static_cast<int>(s.direction)];
      for (std::uint32_t i = begin; i < end && i < available && !ciphertext; ++i) {
        if (frame.data[s.frame_offset + i] == '\n') {
          end = i + 1;
          break;
        }
      }
      st.lines.push_back({index, begin, end});
      begin = end;
    }
  }
  const bool new_session = st.for_session != entry.summary.id;
  st.for_session = entry.summary.id;
  st.for_generation = ctx.model.generation;
  st.for_columns = columns;
  if (new_session && ctx.ui.selection.packet != 0) {
    for (std::size_t i = 0; i < st.lines.size(); ++i) {
      if (entry.detail.segments[st.lines[i].segment].packet >= ctx.ui.selection.packet) {
        st.scroll_to_line = i;
        break;
      }
    }
  }
}

struct SecretRange {
  ByteRange bytes;
  bool revealed = false;
};

void draw_line(ViewContext& ctx, const SessionEntry& entry, const SnifferEyeState::Line& line,
               bool first_of_segment, const TlsStart& tls, const std::vector<SecretRange>& secrets,
               float glyph_width, int prefix_columns) {
  const Palette& p = ctx.palette;
  const StreamSegment s = entry.detail.segments[line.segment];
  const bool client = s.direction == Direction::kClientToServer;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line_height = ImGui::GetTextLineHeight();
  ImFont* font = ctx.fonts.mono;
  const float size = ImGui::GetFontSize();

  if (first_of_segment) {
    char prefix[48];
    std::snprintf(prefix, sizeof prefix, "%6llu %s", static_cast<unsigned long long>(s.packet),
                  client ? "C\u2192S" : "S\u2192C");
    draw->AddText(font, size, origin, to_u32(client ? p.client : p.server), prefix);
  }

  FrameBytes frame = ctx.frames.get(s.packet);
  const float x0 = origin.x + glyph_width * static_cast<float>(prefix_columns);
  std::string text;  // the glyphs drawn, for the frame log
  std::string run;   // glyphs of one colour, drawn together
  ImU32 run_colour = 0;
  float run_x = x0;
  bool any_tls = false;
  bool any_secret = false;
  auto flush = [&] {
    if (!run.empty()) draw->AddText(font, size, ImVec2(run_x, origin.y), run_colour, run.c_str());
    run.clear();
  };
  const int dir = static_cast<int>(s.direction);
  for (std::uint32_t i = line.begin; i < line.end; ++i) {
    const float x = x0 + glyph_width * static_cast<float>(i - line.begin);
    const std::uint64_t stream_offset = s.stream_offset + i;
    const std::size_t frame_index = s.frame_offset + i;
    char32_t glyph = kMiddleDot;
    ImU32 colour = to_u32(p.text_muted);
    const bool have = frame_index < frame.data.size();
    const std::uint8_t byte = have ? frame.data[frame_index] : 0;
    if (have) glyph = sniffer_glyph(byte);
    const bool in_tls = stream_offset >= tls.at[dir];
    if (in_tls) {
      colour = to_u32(p.ciphertext);
      any_tls = true;
    } else if (have && byte >= 0x20 && byte < 0x7f) {
      colour = to_u32(p.text);
    }
    for (const SecretRange& secret : secrets) {
      if (secret.bytes.direction != s.direction || stream_offset < secret.bytes.begin ||
          stream_offset >= secret.bytes.end) {
        continue;
      }
      any_secret = true;
      draw->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + glyph_width, origin.y + line_height),
                          to_u32(p.secret_background));
      colour = to_u32(p.secret_text);
      if (!secret.revealed) glyph = kBullet;
    }
    if (!have && frame.pending) glyph = ' ';
    if (colour != run_colour) {
      flush();
      run_colour = colour;
      run_x = x;
    }
    append_utf8(run, glyph);
    append_utf8(text, glyph);
  }
  flush();
  ImGui::Dummy(ImVec2(glyph_width * static_cast<float>(prefix_columns + line.end - line.begin),
                      line_height));
  if (ctx.log.enabled()) {
    ctx.log.row("sniffer", {{"packet", s.packet},
                            {"direction", client ? "client" : "server"},
                            {"text", text},
                            {"tls", any_tls},
                            {"secret", any_secret}});
  }
}

}  // namespace

char32_t sniffer_glyph(std::uint8_t byte) {
  return byte >= 0x20 && byte < 0x7f ? static_cast<char32_t>(byte) : kMiddleDot;
}

void draw_sniffer_eye_view(ViewContext& ctx, const SessionEntry& entry) {
  const Palette& p = ctx.palette;
  // A legend rather than a sentence: it must fit one line at a projector's type size.
  ImGui::TextColored(p.text_muted, "Raw bytes in wire order:");
  ImGui::SameLine();
  ImGui::TextColored(p.text, "readable by anyone");
  ImGui::SameLine();
  ImGui::TextColored(p.ciphertext, "TLS ciphertext");
  if (!entry.credentials.empty()) {
    ImGui::SameLine();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size = ImGui::CalcTextSize("secret");
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - 3, pos.y),
                                              ImVec2(pos.x + size.x + 3, pos.y + size.y),
                                              to_u32(p.secret_background), 3);
    ImGui::TextColored(p.secret_text, "secret");
  }

  ImGui::PushFont(ctx.fonts.mono);
  const float glyph_width = ImGui::CalcTextSize("M").x;
  ImGui::PopFont();
  constexpr int kPrefixColumns = 12;  // "  1234 C→S  "
  ImGui::BeginChild("sniffer-eye", ImVec2(0, 0), true);
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 0));
  const float width = ImGui::GetContentRegionAvail().x;
  const int columns = std::max(16, static_cast<int>(width / glyph_width) - kPrefixColumns - 1);

  SnifferEyeState& st = ctx.ui.sniffer_eye;
  const TlsStart tls = tls_start(entry);
  if (st.for_session != entry.summary.id || st.for_generation != ctx.model.generation ||
      st.for_columns != columns || !st.complete) {
    lay_out(ctx, entry, columns, tls);
  }
  std::vector<SecretRange> secrets;
  for (std::size_t i : entry.credentials) {
    const Credential& c = ctx.model.credentials[i];
    if (c.secret) {
      secrets.push_back({shown_secret_range(entry, c), ctx.ui.reveal.shows(c.session, c.ordinal)});
    }
  }

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(st.lines.size()), ImGui::GetTextLineHeight());
  if (st.scroll_to_line) {
    const int target = static_cast<int>(*st.scroll_to_line);
    clipper.ForceDisplayRangeByIndices(target, target + 1);
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const auto& line = st.lines[static_cast<std::size_t>(i)];
      if (st.scroll_to_line && *st.scroll_to_line == static_cast<std::size_t>(i)) {
        ImGui::SetScrollHereY(0.3f);
        st.scroll_to_line.reset();
      }
      const bool first =
          i == 0 || st.lines[static_cast<std::size_t>(i) - 1].segment != line.segment;
      draw_line(ctx, entry, line, first, tls, secrets, glyph_width, kPrefixColumns);
    }
  }
  if (st.lines.empty()) ImGui::TextDisabled("No payload bytes in this session.");
  if (!st.complete) ImGui::TextDisabled("Reading bytes back from the capture file\u2026");
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::EndChild();
}

}  // namespace mailscope::gui
