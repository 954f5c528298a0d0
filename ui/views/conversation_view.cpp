#include "views/conversation_view.hpp"

#include <imgui.h>

#include "app/selection_actions.hpp"
#include "presentation/secret_display.hpp"
#include "presentation/session_text.hpp"
#include "views/sniffer_eye_view.hpp"
#include "widgets/padlock.hpp"
#include "widgets/text_util.hpp"

namespace mailscope::gui {
namespace {

struct RowLook {
  ImVec4 colour;
  bool padlock = false;
  bool muted = false;
};

RowLook look_of(const Event& e, const Palette& p) {
  switch (e.kind) {
    case Event::Kind::kTlsRecord:
      return {p.sealed, e.encrypted, false};
    case Event::Kind::kStreamGap:
      return {p.warning, false, false};
    case Event::Kind::kNote:
      return {p.text_muted, false, true};
    case Event::Kind::kContent:
      return {p.warning, false, false};
    case Event::Kind::kCommand:
    case Event::Kind::kReply:
      break;
  }
  return {p.text, false, false};
}

void draw_reveal_button(ViewContext& ctx, const Credential& c, const char* id_prefix) {
  const bool shown = ctx.ui.reveal.shows(c.session, c.ordinal);
  if (!c.secret) return;  // a digest has nothing to reveal
  ImGui::PushID(c.ordinal);
  ImGui::PushID(id_prefix);
  if (ctx.ui.reveal.all) {
    ImGui::TextDisabled("(all revealed)");
  } else if (ImGui::SmallButton(shown ? "Hide" : "Reveal")) {
    ctx.ui.reveal.toggle(c.session, c.ordinal);
  }
  if (ctx.log.enabled()) {
    const SessionEntry* entry = ctx.model.session(c.session);
    ctx.log.item(std::string(id_prefix) + "-" + std::to_string(entry ? entry->number : 0) + "-" +
                 std::to_string(c.ordinal));
  }
  ImGui::PopID();
  ImGui::PopID();
}

void draw_event_row(ViewContext& ctx, const SessionEntry& entry, std::size_t index) {
  const Event& e = entry.detail.events[index];
  const Palette& p = ctx.palette;
  const Credential* credential =
      e.credential >= 0 ? ctx.model.credential(entry, e.credential) : nullptr;
  const bool revealed = credential && ctx.ui.reveal.shows(credential->session, credential->ordinal);
  const bool selected =
      ctx.ui.selection.session == entry.summary.id && ctx.ui.selection.event == index;
  const bool client = e.direction == Direction::kClientToServer;

  ImGui::TableNextRow();
  if (credential && credential->secret) {
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, to_u32(p.exposed_row));
  }
  ImGui::TableSetColumnIndex(0);
  ImGui::PushID(static_cast<int>(index));
  const std::string packet = std::to_string(e.packet);
  if (ImGui::Selectable(packet.c_str(), selected,
                        ImGuiSelectableFlags_SpanAllColumns |
                            ImGuiSelectableFlags_AllowItemOverlap |
                            ImGuiSelectableFlags_AllowDoubleClick)) {
    select_event(ctx.ui, entry, index);
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
      ctx.ui.tab = DetailTab::kPackets;
      ctx.ui.tab_forced = true;
      ctx.ui.selection.scroll_to_packet = true;
    }
  }
  ctx.log.item("event-row-" + std::to_string(index));
  if (selected && ctx.ui.selection.scroll_to_event) {
    ImGui::SetScrollHereY(0.35f);
    ctx.ui.selection.scroll_to_event = false;
  }
  ImGui::PopID();

  ImGui::TableSetColumnIndex(1);
  const std::string time = relative_time(e.time, entry.summary.start);
  ImGui::TextDisabled("%s", time.c_str());

  ImGui::TableSetColumnIndex(2);
  ImGui::TextColored(client ? p.client : p.server, "%s",
                     client ? "client \u2192" : "\u2190 server");

  ImGui::TableSetColumnIndex(3);
  const RowLook look = look_of(e, p);
  std::string line = one_line(line_for_display(e, credential, revealed));
  if (e.kind == Event::Kind::kStreamGap) line = "\u26a0 " + line;
  ImGui::PushFont(ctx.fonts.mono);
  if (look.padlock) {
    padlock(true, to_u32(p.sealed));
    ImGui::SameLine();
  }
  if (credential && credential->secret) {
    ImGui::TextColored(p.exposed, "%s", line.c_str());
  } else {
    ImGui::TextColored(look.colour, "%s", line.c_str());
  }
  ImGui::PopFont();
  if (ImGui::IsItemHovered() && line.size() > 60) ImGui::SetTooltip("%s", line.c_str());

  ImGui::TableSetColumnIndex(4);
  std::string meaning;
  if (credential) {
    // The button first: a long meaning must not push it out of the column. Short: the verdict
    // and the mechanism are in the header above.
    if (credential->secret) {
      draw_reveal_button(ctx, *credential, "reveal-row");
      ImGui::SameLine();
    }
    meaning = "user " + user_label(*credential) + " \u00b7 " + secret_noun(*credential) + " " +
              secret_for_display(*credential, revealed);
    ImGui::TextColored(p.exposed, "%s", meaning.c_str());
  } else if (e.credential >= 0) {
    meaning = "credential (verdict pending)";
    ImGui::TextDisabled("%s", meaning.c_str());
  } else {
    meaning = one_line(e.detail);
    ImGui::TextDisabled("%s", meaning.c_str());
  }

  if (ctx.log.enabled()) {
    ctx.log.row("conversation", {{"index", index},
                                 {"packet", e.packet},
                                 {"direction", client ? "client" : "server"},
                                 {"kind", std::string(to_string(e.kind))},
                                 {"encrypted", e.encrypted},
                                 {"text", line},
                                 {"meaning", meaning},
                                 {"credential", credential != nullptr},
                                 {"revealed", revealed},
                                 {"selected", selected}});
  }
}

void draw_event_table(ViewContext& ctx, const SessionEntry& entry) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("conversation", 5, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Packet", ImGuiTableColumnFlags_WidthFixed, em * 3.6f);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 5.0f);
  ImGui::TableSetupColumn("Who", ImGuiTableColumnFlags_WidthFixed, em * 4.6f);
  ImGui::TableSetupColumn("What crossed the wire", ImGuiTableColumnFlags_WidthStretch, 2.6f);
  ImGui::TableSetupColumn("What it means", ImGuiTableColumnFlags_WidthStretch, 2.4f);
  ImGui::TableHeadersRow();

  const auto& events = entry.detail.events;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(events.size()));
  if (ctx.ui.selection.scroll_to_event && ctx.ui.selection.event &&
      *ctx.ui.selection.event < events.size()) {
    const int i = static_cast<int>(*ctx.ui.selection.event);
    clipper.ForceDisplayRangeByIndices(i, i + 1);
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      draw_event_row(ctx, entry, static_cast<std::size_t>(i));
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_session_header(ViewContext& ctx, const SessionEntry& entry) {
  const Palette& p = ctx.palette;
  const Session& s = entry.summary;
  const bool sealed = is_sealed(s);
  padlock(sealed, to_u32(sealed ? p.sealed : p.exposed));
  ImGui::SameLine();
  const std::string title = session_tag(entry.number) + "  " + protocol_label(s.protocol) + " " +
                            hop_label(s.hop) + "   " + endpoints_label(s);
  ImGui::TextUnformatted(title.c_str());
  ImGui::SameLine();
  const std::string transport = transport_label(s);
  ImGui::TextColored(sealed ? p.sealed : p.exposed, "   %s", transport.c_str());
  if (!s.server_name.empty()) {
    const std::string server = "   server " + s.server_name;
    ImGui::SameLine();
    // Only when it fits: the line must not push the transport out of sight on a projector.
    if (ImGui::CalcTextSize(server.c_str()).x <= ImGui::GetContentRegionAvail().x) {
      ImGui::TextDisabled("%s", server.c_str());
    } else {
      ImGui::NewLine();
    }
  }
  ctx.log.set("session_title", title + "  " + transport);

  for (std::size_t i : entry.credentials) {
    const Credential& c = ctx.model.credentials[i];
    const bool shown = ctx.ui.reveal.shows(c.session, c.ordinal);
    const std::string summary = c.mechanism + ": " + credential_summary(c, shown);
    ImGui::TextColored(p.exposed, "\u26a0 %s", summary.c_str());
    ImGui::SameLine();
    draw_reveal_button(ctx, c, "reveal");
    if (ctx.log.enabled()) {
      ctx.log.row("header_credentials", {{"session", entry.number},
                                         {"ordinal", c.ordinal},
                                         {"text", summary},
                                         {"revealed", shown}});
    }
  }
}

void draw_conversation_view(ViewContext& ctx) {
  const SessionEntry* entry = ctx.model.session(ctx.ui.selection.session);
  if (!entry) {
    ImGui::TextDisabled("Pick a session in the table above to read it as the sniffer did.");
    return;
  }
  draw_session_header(ctx, *entry);
  ImGui::Separator();
  if (ctx.ui.sniffers_eye) {
    draw_sniffer_eye_view(ctx, *entry);
  } else {
    draw_event_table(ctx, *entry);
  }
}

}  // namespace mailscope::gui
