#include "views/packets_view.hpp"

#include <imgui.h>

#include "presentation/secret_display.hpp"
#include "presentation/session_text.hpp"
#include "presentation/stream_map.hpp"
#include "widgets/hex_dump.hpp"
#include "widgets/text_util.hpp"

namespace mailscope::gui {
namespace {

void index_session(ViewContext& ctx, const SessionEntry* entry) {
  PacketsViewState& st = ctx.ui.packets_view;
  const std::uint64_t id = entry ? entry->summary.id : 0;
  if (st.for_session == id && st.for_generation == ctx.model.generation) return;
  st.event_at.clear();
  st.carried.clear();
  if (entry) {
    const auto& events = entry->detail.events;
    for (std::size_t i = 0; i < events.size(); ++i)
      st.event_at.try_emplace(events.packet(i), i);
    for (const StreamSegment s : entry->detail.segments) {
      auto& c = st.carried[s.packet];
      c.direction = static_cast<std::uint8_t>(s.direction);
      c.length += s.length;
    }
  }
  st.for_session = id;
  st.for_generation = ctx.model.generation;
}

Timestamp capture_start(const CaptureModel& model) {
  const std::optional<PacketRecord> first = model.packets.record(1);
  return first ? first->time : Timestamp{};
}

// What the packet list says a packet held.
std::string carried_text(const ViewContext& ctx, const SessionEntry* entry, std::uint64_t number,
                         const PacketRecord& record) {
  const PacketsViewState& st = ctx.ui.packets_view;
  if (record.session == 0) return "not mail (or before the session was recognised)";
  if (!entry || record.session != entry->summary.id) {
    const SessionEntry* other = ctx.model.session(record.session);
    return other ? "session #" + std::to_string(other->number) : std::string("mail session");
  }
  if (auto it = st.event_at.find(number); it != st.event_at.end()) {
    const Event& e = entry->detail.events[it->second];
    const Credential* c = e.credential >= 0 ? ctx.model.credential(*entry, e.credential) : nullptr;
    const bool revealed = c && ctx.ui.reveal.shows(c->session, c->ordinal);
    return one_line(line_for_display(e, c, revealed));
  }
  if (auto it = st.carried.find(number); it != st.carried.end() && it->second.length > 0) {
    return std::to_string(it->second.length) + " bytes of the stream";
  }
  return "TCP without data (handshake, ACK or FIN)";
}

void draw_packet_row(ViewContext& ctx, const SessionEntry* entry, std::uint64_t number,
                     Timestamp origin) {
  const std::optional<PacketRecord> record = ctx.model.packets.record(number);
  if (!record) return;
  const Palette& p = ctx.palette;
  const bool selected = ctx.ui.selection.packet == number;
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  const std::string label = std::to_string(number);
  ImGui::PushID(static_cast<int>(number));
  if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns)) {
    ctx.ui.selection.packet = number;
  }
  ctx.log.item("packet-row-" + label);
  if (selected && ctx.ui.selection.scroll_to_packet) {
    ImGui::SetScrollHereY(0.3f);
    ctx.ui.selection.scroll_to_packet = false;
  }
  ImGui::PopID();
  ImGui::TableSetColumnIndex(1);
  const std::string time = relative_time(record->time, origin);
  ImGui::TextDisabled("%s", time.c_str());
  ImGui::TableSetColumnIndex(2);
  const SessionEntry* owner = record->session ? ctx.model.session(record->session) : nullptr;
  if (owner) {
    ImGui::Text("#%llu", static_cast<unsigned long long>(owner->number));
  } else {
    ImGui::TextDisabled("\u2014");
  }
  ImGui::TableSetColumnIndex(3);
  std::string direction = "\u2014";
  if (entry && record->session == entry->summary.id) {
    if (auto it = ctx.ui.packets_view.carried.find(number);
        it != ctx.ui.packets_view.carried.end()) {
      const bool client = it->second.direction == 0;
      direction = client ? "client \u2192" : "\u2190 server";
      ImGui::TextColored(client ? p.client : p.server, "%s", direction.c_str());
    } else {
      ImGui::TextDisabled("%s", direction.c_str());
    }
  } else {
    ImGui::TextDisabled("%s", direction.c_str());
  }
  ImGui::TableSetColumnIndex(4);
  ImGui::Text("%u", record->wire_length);
  ImGui::TableSetColumnIndex(5);
  const std::string carried = carried_text(ctx, entry, number, *record);
  ImGui::PushFont(ctx.fonts.mono);
  ImGui::TextUnformatted(carried.c_str());
  ImGui::PopFont();
  if (ctx.log.enabled()) {
    ctx.log.row("packets", {{"number", number},
                            {"session", owner ? owner->number : 0},
                            {"direction", direction},
                            {"length", record->wire_length},
                            {"info", carried},
                            {"selected", selected}});
  }
}

void draw_packet_list(ViewContext& ctx, const SessionEntry* entry, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("packets", 6, kFlags, ImVec2(0, height))) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("No.", ImGuiTableColumnFlags_WidthFixed, em * 4.0f);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
  ImGui::TableSetupColumn("Session", ImGuiTableColumnFlags_WidthFixed, em * 4.0f);
  ImGui::TableSetupColumn("Direction", ImGuiTableColumnFlags_WidthFixed, em * 5.0f);
  ImGui::TableSetupColumn("Length", ImGuiTableColumnFlags_WidthFixed, em * 3.6f);
  ImGui::TableSetupColumn("What it carried", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();

  const Timestamp origin = capture_start(ctx.model);
  const bool all = ctx.ui.packets_view.all_packets || !entry;
  const std::uint64_t count = all ? ctx.model.packets.count() : entry->packets.size();
  auto number_at = [&](std::uint64_t row) { return all ? row + 1 : entry->packets[row]; };
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(count));
  if (ctx.ui.selection.scroll_to_packet && ctx.ui.selection.packet) {
    for (std::uint64_t row = 0; row < count; ++row) {
      if (number_at(row) == ctx.ui.selection.packet) {
        clipper.ForceDisplayRangeByIndices(static_cast<int>(row), static_cast<int>(row) + 1);
        break;
      }
    }
  }
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      draw_packet_row(ctx, entry, number_at(static_cast<std::uint64_t>(row)), origin);
    }
  }
  ImGui::EndTable();
  ctx.log.item("packets-list");  // the whole table, its scroll bar at the right edge
  ctx.ui.selection.scroll_to_packet = false;
}

void draw_legend_swatch(ImU32 background, ImU32 text, const char* label) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 size = ImGui::CalcTextSize(label);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - 3, pos.y),
                                            ImVec2(pos.x + size.x + 3, pos.y + h), background, 3);
  ImGui::GetWindowDrawList()->AddText(pos, text, label);
  ImGui::Dummy(size);
}

void draw_packet_bytes(ViewContext& ctx) {
  const Palette& p = ctx.palette;
  const std::uint64_t number = ctx.ui.selection.packet;
  const std::optional<PacketRecord> record = ctx.model.packets.record(number);
  if (!record) {
    ImGui::TextDisabled("Pick a packet to see its bytes.");
    return;
  }
  const SessionEntry* owner = record->session ? ctx.model.session(record->session) : nullptr;
  std::string heading = "Packet " + std::to_string(number) + "  \u00b7  " +
                        std::to_string(record->captured_length) + " bytes captured, " +
                        std::to_string(record->wire_length) + " on the wire";
  if (owner) heading += "  \u00b7  session #" + std::to_string(owner->number);
  ImGui::TextUnformatted(heading.c_str());
  ctx.log.set("hex_heading", heading);

  std::vector<HexMark> marks;
  bool has_secret = false;
  bool secret_masked = false;
  if (owner) {
    for (const FrameRange& r : payload_ranges(owner->detail.segments, number)) {
      marks.push_back({HexMark::Kind::kPayload, r.begin, r.end, false});
    }
    for (std::size_t i : owner->credentials) {
      const Credential& c = ctx.model.credentials[i];
      const bool masked = c.secret && !ctx.ui.reveal.shows(c.session, c.ordinal);
      const ByteRange secret = shown_secret_range(*owner, c);
      for (const FrameRange& r : frame_ranges_in(owner->detail.segments, secret, number)) {
        marks.push_back({HexMark::Kind::kSecret, r.begin, r.end, masked});
        has_secret = true;
        secret_masked = secret_masked || masked;
      }
    }
  }
  ImGui::SameLine(0, ImGui::GetFontSize() * 2);
  ImGui::TextColored(p.header_bytes, "headers");
  ImGui::SameLine();
  ImGui::TextUnformatted("payload");
  if (has_secret) {
    ImGui::SameLine();
    draw_legend_swatch(to_u32(p.secret_background), to_u32(p.secret_text),
                       secret_masked ? "secret (masked)" : "secret (revealed)");
  }

  FrameBytes frame = ctx.frames.get(number);
  if (frame.pending) {
    ImGui::TextDisabled("Reading packet %llu back from the capture file\u2026",
                        static_cast<unsigned long long>(number));
    return;
  }
  const HexDumpColours colours{to_u32(p.text_muted), to_u32(p.header_bytes), to_u32(p.text),
                               to_u32(p.secret_text), to_u32(p.secret_background)};
  ImGui::BeginChild("hex", ImVec2(0, 0), true);
  ImGui::PushFont(ctx.fonts.mono);
  draw_hex_dump(frame.data, marks, colours, [&ctx](std::string row) {
    if (ctx.log.enabled()) ctx.log.row("hexdump", row);
  });
  ImGui::PopFont();
  ImGui::EndChild();
  if (ctx.log.enabled()) {
    ctx.log.set("hex_packet", number);
    ctx.log.set("hex_secret", has_secret);
    ctx.log.set("hex_secret_masked", secret_masked);
  }
}

}  // namespace

void draw_packets_view(ViewContext& ctx) {
  const SessionEntry* entry = ctx.model.session(ctx.ui.selection.session);
  index_session(ctx, entry);
  if (entry) {
    ImGui::Text("Packets of session #%llu", static_cast<unsigned long long>(entry->number));
  } else {
    ImGui::TextUnformatted("All packets");
  }
  ImGui::SameLine();
  ImGui::Checkbox("Show every packet of the capture", &ctx.ui.packets_view.all_packets);
  ctx.log.item("all-packets");
  ImGui::SameLine();
  ImGui::TextDisabled("(numbered as in Wireshark)");
  const float list_height = ImGui::GetContentRegionAvail().y * 0.45f;
  draw_packet_list(ctx, entry, list_height);
  draw_packet_bytes(ctx);
}

}  // namespace mailscope::gui
