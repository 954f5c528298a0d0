#include "views/tls_view.hpp"

#include <imgui.h>

#include "app/selection_actions.hpp"
#include "presentation/session_text.hpp"
#include "views/conversation_view.hpp"
#include "widgets/padlock.hpp"

namespace mailscope::gui {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

void fact(ViewContext& ctx, const char* label, const std::string& value, bool present = true) {
  ImGui::TableNextRow();
  ImGui::TableSetColumnIndex(0);
  ImGui::TextDisabled("%s", label);
  ImGui::TableSetColumnIndex(1);
  if (present && !value.empty()) {
    ImGui::TextUnformatted(value.c_str());
  } else {
    ImGui::TextDisabled("%s", value.empty() ? "not seen" : value.c_str());
  }
  ctx.log.row("tls_facts", {{"label", label}, {"value", value.empty() ? "not seen" : value}});
}

void draw_facts(ViewContext& ctx, const Session& s) {
  const TlsInfo& tls = *s.tls;
  if (!ImGui::BeginTable("tls-facts", 2,
                         ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH)) {
    return;
  }
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed, em * 11);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  fact(ctx, "Version", tls.version);
  fact(ctx, "Cipher suite", tls.cipher);
  fact(ctx, "Server name (SNI)", tls.sni);
  fact(ctx, "ALPN", join(tls.alpn));
  fact(ctx, "Client offered", join(tls.offered_versions));
  if (tls.certificate) {
    fact(ctx, "Certificate subject", tls.certificate->subject);
    fact(ctx, "Certificate issuer", tls.certificate->issuer);
    fact(ctx, "Valid until", tls.certificate->not_after);
  } else {
    const bool tls13 = tls.version.find("1.3") != std::string::npos;
    fact(ctx, "Certificate",
         tls13 ? "not visible: TLS 1.3 encrypts the certificate" : "not in the capture", false);
  }
  fact(ctx, "TLS records", std::to_string(tls.records));
  fact(ctx, "First TLS packet", tls.start_packet ? std::to_string(tls.start_packet) : "");
  ImGui::EndTable();
}

void draw_all_tls_sessions(ViewContext& ctx) {
  ImGui::Spacing();
  ImGui::TextUnformatted("Every TLS session of the capture");
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("tls-sessions", 5, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, em * 3);
  ImGui::TableSetupColumn("Transport", ImGuiTableColumnFlags_WidthStretch, 1.2f);
  ImGui::TableSetupColumn("Server name", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableSetupColumn("Cipher suite", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Certificate", ImGuiTableColumnFlags_WidthStretch, 1.5f);
  ImGui::TableHeadersRow();
  for (const SessionEntry& e : ctx.model.sessions) {
    if (!e.summary.tls) continue;
    const TlsInfo& tls = *e.summary.tls;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::PushID(static_cast<int>(e.summary.id));
    const std::string number = session_tag(e.number);
    if (ImGui::Selectable(number.c_str(), ctx.ui.selection.session == e.summary.id,
                          ImGuiSelectableFlags_SpanAllColumns)) {
      select_session(ctx.ui, e);
    }
    ImGui::PopID();
    ImGui::TableSetColumnIndex(1);
    ImGui::TextColored(ctx.palette.sealed, "%s", transport_label(e.summary).c_str());
    ImGui::TableSetColumnIndex(2);
    ImGui::TextUnformatted(tls.sni.empty() ? "\u2014" : tls.sni.c_str());
    ImGui::TableSetColumnIndex(3);
    ImGui::TextUnformatted(tls.cipher.empty() ? "\u2014" : tls.cipher.c_str());
    ImGui::TableSetColumnIndex(4);
    ImGui::TextUnformatted(tls.certificate ? tls.certificate->subject.c_str() : "not visible");
  }
  ImGui::EndTable();
}

}  // namespace

void draw_tls_view(ViewContext& ctx) {
  const SessionEntry* entry = ctx.model.session(ctx.ui.selection.session);
  const Palette& p = ctx.palette;
  if (entry) {
    draw_session_header(ctx, *entry);
    ImGui::Separator();
    const Session& s = entry->summary;
    if (s.tls) {
      ImGui::TextColored(p.sealed,
                         "A sniffer reads the handshake below in clear; after it, only the size "
                         "of each encrypted record.");
      draw_facts(ctx, s);
    } else if (s.transport == Transport::kPlaintext) {
      ImGui::PushFont(ctx.fonts.heading);
      padlock(false, to_u32(p.exposed));
      ImGui::SameLine();
      ImGui::TextColored(p.exposed, "No TLS: every byte of this session is readable.");
      ImGui::PopFont();
      ctx.log.set("tls_state", "none");
    } else {
      ImGui::TextDisabled("TLS began, but the capture holds no handshake to read.");
    }
  } else {
    ImGui::TextDisabled("Pick a session to see what its TLS shows a sniffer.");
  }
  draw_all_tls_sessions(ctx);
}

}  // namespace mailscope::gui
