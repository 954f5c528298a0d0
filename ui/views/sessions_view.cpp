#include "views/sessions_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

#include "app/selection_actions.hpp"
#include "presentation/secret_display.hpp"
#include "presentation/session_text.hpp"
#include "widgets/padlock.hpp"

namespace mailscope::gui {
namespace {

enum Column : ImGuiID { kNumber, kProtocol, kHop, kEndpoints, kTransport, kCredentials, kMessages };

bool contains_folded(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it != haystack.end();
}

// Every word of the filter must match somewhere in the row ("imap bob" finds bob's IMAP login).
bool matches_all_words(const std::string& row_text, std::string_view filter) {
  std::size_t i = 0;
  while (i < filter.size()) {
    while (i < filter.size() && filter[i] == ' ')
      ++i;
    std::size_t j = filter.find(' ', i);
    if (j == std::string_view::npos) j = filter.size();
    if (j > i && !contains_folded(row_text, filter.substr(i, j - i))) return false;
    i = j;
  }
  return true;
}

bool leaked(const SessionEntry& e) {
  return !e.credentials.empty() || !e.summary.messages.empty();
}

int compare(const CaptureModel& model, const SessionEntry& a, const SessionEntry& b,
            ImGuiID column) {
  auto three_way = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (column) {
    case kProtocol:
      return three_way(protocol_label(a.summary.protocol), protocol_label(b.summary.protocol));
    case kHop:
      return three_way(static_cast<int>(a.summary.hop), static_cast<int>(b.summary.hop));
    case kEndpoints:
      return three_way(endpoints_label(a.summary), endpoints_label(b.summary));
    case kTransport:
      return three_way(static_cast<int>(a.summary.transport),
                       static_cast<int>(b.summary.transport));
    case kCredentials: {
      int by_count = three_way(a.credentials.size(), b.credentials.size());
      return by_count ? by_count
                      : three_way(credentials_label(model, a), credentials_label(model, b));
    }
    case kMessages:
      return three_way(a.summary.messages.size(), b.summary.messages.size());
    default:
      break;
  }
  return three_way(a.number, b.number);
}

void refresh_rows(ViewContext& ctx, const ImGuiTableSortSpecs* specs) {
  SessionsTableState& st = ctx.ui.sessions_table;
  const bool asked = st.rows_filter != st.filter || st.rows_only_leaks != st.only_leaks ||
                     st.sort_dirty || st.rows_time < 0;
  const bool grown = st.rows_generation != ctx.model.generation &&
                     (ctx.model.state != AnalysisState::kRunning ||
                      ImGui::GetTime() - st.rows_time >= kRefreshWhileRunning);
  if (!asked && !grown) return;
  st.rows.clear();
  const auto& sessions = ctx.model.sessions;
  // The usual order (by number, ascending) needs no sort: numbers are 1..n, one per session,
  // so each row goes straight to its place. A big capture's 250,000 sessions are then
  // re-listed in a few milliseconds while it loads, not in a sort that holds the model lock.
  const bool by_number = !specs || specs->SpecsCount == 0 ||
                         (specs->SpecsCount == 1 && specs->Specs[0].ColumnUserID == kNumber &&
                          specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
  bool listed = false;
  if (by_number) {
    constexpr std::size_t kNone = ~std::size_t{0};
    std::vector<std::size_t> at(sessions.size(), kNone);
    bool numbered = true;
    for (std::size_t i = 0; i < sessions.size() && numbered; ++i) {
      const std::uint64_t n = sessions[i].number;
      numbered = n >= 1 && n <= sessions.size() && at[n - 1] == kNone;
      if (numbered) at[n - 1] = i;
    }
    listed = numbered;
    if (numbered) {
      for (std::size_t i : at) {
        if (session_matches(ctx.model, sessions[i], st.filter, st.only_leaks)) st.rows.push_back(i);
      }
    }
  }
  if (!listed) {
    for (const SessionEntry& e : sessions) {
      if (session_matches(ctx.model, e, st.filter, st.only_leaks)) {
        st.rows.push_back(ctx.model.index_of(e));
      }
    }
    std::stable_sort(st.rows.begin(), st.rows.end(), [&](std::size_t ia, std::size_t ib) {
      if (specs) {
        for (int i = 0; i < specs->SpecsCount; ++i) {
          const ImGuiTableColumnSortSpecs& s = specs->Specs[i];
          int c = compare(ctx.model, sessions[ia], sessions[ib], s.ColumnUserID);
          if (c != 0) return s.SortDirection == ImGuiSortDirection_Ascending ? c < 0 : c > 0;
        }
      }
      return sessions[ia].number < sessions[ib].number;
    });
  }
  st.rows_generation = ctx.model.generation;
  st.rows_filter = st.filter;
  st.rows_only_leaks = st.only_leaks;
  st.sort_dirty = false;
  st.rows_time = ImGui::GetTime();
}

// "alice@example.lu · password": who, and what of theirs leaked; the secret itself once
// revealed (the conversation shows its masked form, which would only crowd the table).
std::string credentials_cell(const ViewContext& ctx, const SessionEntry& e) {
  if (e.credentials.empty()) return "\u2014";
  const Credential& c = ctx.model.credentials[e.credentials.front()];
  std::string out = user_label(c) + " \u00b7 ";
  out += c.secret && ctx.ui.reveal.shows(c.session, c.ordinal) ? *c.secret : secret_noun(c);
  if (e.credentials.size() > 1) {
    out += "  +" + std::to_string(e.credentials.size() - 1) + " more";
  }
  return out;
}

void draw_row(ViewContext& ctx, const SessionEntry& e) {
  const Palette& p = ctx.palette;
  const Session& s = e.summary;
  const bool selected = ctx.ui.selection.session == s.id;
  const bool sealed = is_sealed(s);
  ImGui::TableNextRow();
  if (leaked(e)) {
    ImGui::TableSetBgColor(
        ImGuiTableBgTarget_RowBg1,
        to_u32(ImVec4(p.exposed_row.x, p.exposed_row.y, p.exposed_row.z, p.exposed_row.w * 0.5f)));
  }

  ImGui::TableSetColumnIndex(0);
  const std::string number = session_tag(e.number);
  ImGui::PushID(static_cast<int>(s.id));
  if (ImGui::Selectable(
          number.c_str(), selected,
          ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap)) {
    select_session(ctx.ui, e);
  }
  ctx.log.item("session-row-" + std::to_string(e.number));
  if (ctx.ui.selection.scroll_to_session && selected) {
    ImGui::SetScrollHereY(0.3f);
    ctx.ui.selection.scroll_to_session = false;
  }
  ImGui::PopID();

  ImGui::TableSetColumnIndex(1);
  ImGui::TextUnformatted(protocol_label(s.protocol).c_str());
  ImGui::TableSetColumnIndex(2);
  ImGui::TextUnformatted(hop_label(s.hop).c_str());
  ImGui::TableSetColumnIndex(3);
  const std::string endpoints = endpoints_short_label(s);
  ImGui::TextUnformatted(endpoints.c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s\nclient %s\nserver %s", endpoints_label(s).c_str(),
                      s.client_name.empty() ? "?" : s.client_name.c_str(),
                      s.server_name.empty() ? "?" : s.server_name.c_str());
  }

  ImGui::TableSetColumnIndex(4);
  const ImVec4 transport_colour = sealed ? p.sealed : p.exposed;
  padlock(sealed, to_u32(transport_colour));
  ctx.log.item("padlock-" + std::to_string(e.number));
  ImGui::SameLine();
  const std::string transport = transport_label(s);
  ImGui::TextColored(transport_colour, "%s", transport.c_str());

  ImGui::TableSetColumnIndex(5);
  const std::string credentials = credentials_cell(ctx, e);
  if (e.credentials.empty()) {
    ImGui::TextDisabled("%s", credentials.c_str());
  } else {
    ImGui::TextColored(p.exposed, "%s", credentials.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", credentials_label(ctx.model, e).c_str());
  }
  ImGui::TableSetColumnIndex(6);
  const std::string messages = messages_label(e);
  if (s.messages.empty()) {
    ImGui::TextDisabled("%s", messages.c_str());
  } else {
    ImGui::TextColored(p.warning, "%s", messages.c_str());
  }

  if (ctx.log.enabled()) {
    ctx.log.row("sessions", {{"number", e.number},
                             {"protocol", protocol_label(s.protocol)},
                             {"hop", hop_label(s.hop)},
                             {"endpoints", endpoints},
                             {"transport", transport},
                             {"sealed", sealed},
                             {"credentials", credentials},
                             {"messages", messages},
                             {"leaked", leaked(e)},
                             {"selected", selected}});
  }
}

}  // namespace

bool session_matches(const CaptureModel& model, const SessionEntry& e, std::string_view filter,
                     bool only_leaks) {
  if (only_leaks && !leaked(e)) return false;
  if (filter.empty()) return true;
  const Session& s = e.summary;
  std::string text = session_tag(e.number) + " " + protocol_label(s.protocol) + " " +
                     hop_label(s.hop) + " " + endpoints_label(s) + " " + transport_label(s) + " " +
                     s.server_name + " " + s.client_name;
  if (s.tls) text += " " + s.tls->sni;
  for (std::size_t i : e.credentials) {
    text += " " + model.credentials[i].username + " " + model.credentials[i].mechanism;
  }
  for (const MailMessage& m : s.messages) {
    text += " " + m.from + " " + m.subject;
    for (const std::string& to : m.to)
      text += " " + to;
  }
  return matches_all_words(text, filter);
}

void draw_sessions_view(ViewContext& ctx) {
  SessionsTableState& st = ctx.ui.sessions_table;
  const float filter_width = ImGui::GetFontSize() * 26;
  ImGui::SetNextItemWidth(filter_width);
  ImGui::InputTextWithHint("##session-filter", "Filter: address, user, protocol, subject\u2026",
                           &st.filter);
  ctx.log.item("session-filter");
  ImGui::SameLine();
  ImGui::Checkbox("Only sessions that leaked", &st.only_leaks);
  ImGui::SameLine();
  ImGui::TextDisabled("%zu of %zu sessions", st.rows.size(), ctx.model.sessions.size());

  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_Sortable | ImGuiTableFlags_SortMulti | ImGuiTableFlags_RowBg |
      ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV |
      ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Hideable |
      ImGuiTableFlags_Reorderable;
  if (!ImGui::BeginTable("sessions", 7, kFlags)) return;
  const float em = ImGui::GetFontSize();
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthFixed,
                          em * 3.2f, kNumber);
  ImGui::TableSetupColumn("Protocol", ImGuiTableColumnFlags_WidthFixed, em * 4.6f, kProtocol);
  ImGui::TableSetupColumn("Hop", ImGuiTableColumnFlags_WidthFixed, em * 6.2f, kHop);
  ImGui::TableSetupColumn("Client \u2192 Server", ImGuiTableColumnFlags_WidthStretch, 2.0f,
                          kEndpoints);
  ImGui::TableSetupColumn("Transport", ImGuiTableColumnFlags_WidthStretch, 1.5f, kTransport);
  ImGui::TableSetupColumn("Credentials in clear", ImGuiTableColumnFlags_WidthStretch, 2.0f,
                          kCredentials);
  ImGui::TableSetupColumn("Messages in clear", ImGuiTableColumnFlags_WidthStretch, 1.4f, kMessages);
  // The header row by hand (what TableHeadersRow does), so each header can be named for tests.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int column = 0; column < ImGui::TableGetColumnCount(); ++column) {
    if (!ImGui::TableSetColumnIndex(column)) continue;
    ImGui::TableHeader(ImGui::TableGetColumnName(column));
    ctx.log.item("sessions-header-" + std::to_string(column));
  }

  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (specs && specs->SpecsDirty) {
    st.sort_dirty = true;
    specs->SpecsDirty = false;
  }
  refresh_rows(ctx, specs);

  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(st.rows.size()));
  if (ctx.ui.selection.scroll_to_session) {
    for (std::size_t i = 0; i < st.rows.size(); ++i) {
      if (ctx.model.sessions[st.rows[i]].summary.id == ctx.ui.selection.session) {
        clipper.ForceDisplayRangeByIndices(static_cast<int>(i), static_cast<int>(i) + 1);
        break;
      }
    }
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      draw_row(ctx, ctx.model.sessions[st.rows[static_cast<std::size_t>(i)]]);
    }
  }
  ImGui::EndTable();
  ctx.log.item("sessions-list");               // the whole table, its scroll bar at the right edge
  ctx.ui.selection.scroll_to_session = false;  // done, or the session is filtered out
  if (ctx.model.sessions.empty() && ctx.model.state != AnalysisState::kRunning) {
    ImGui::TextDisabled("No SMTP, IMAP or POP3 session in this capture.");
  }
}

}  // namespace mailscope::gui
