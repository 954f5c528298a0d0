#include "views/findings_view.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/selection_actions.hpp"
#include "presentation/session_text.hpp"

namespace mailscope::gui {
namespace {

// Many findings do not fit wrapped rows of varying height: past this, rows are one line each
// (the full sentence in a tooltip) so the list clipper keeps scrolling smooth.
constexpr std::size_t kMaxWrappedRows = 400;

const char* severity_label(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "CRITICAL";
    case Severity::kWarning:
      return "WARNING";
    case Severity::kInfo:
      return "INFO";
  }
  return "?";
}

ImVec4 severity_colour(Severity s, const Palette& p) {
  switch (s) {
    case Severity::kCritical:
      return p.exposed;
    case Severity::kWarning:
      return p.warning;
    case Severity::kInfo:
      return p.sealed;
  }
  return p.text;
}

void refresh_rows(ViewContext& ctx) {
  FindingsViewState& st = ctx.ui.findings_view;
  st.rows.clear();
  const auto& findings = ctx.model.findings;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (st.only_selected_session && findings.session(i) != ctx.ui.selection.session) continue;
    st.rows.push_back(i);
  }
  // By session number, then packet: the keys looked up once per finding, not per comparison
  // (hundreds of thousands of findings on a big capture).
  struct Key {
    std::uint64_t number;
    std::uint64_t packet;
    std::size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(st.rows.size());
  for (std::size_t i : st.rows) {
    const SessionEntry* e = ctx.model.session(findings.session(i));
    keys.push_back({e ? e->number : 0, findings.packet(i), i});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return a.number != b.number ? a.number < b.number : a.packet < b.packet;
  });
  for (std::size_t k = 0; k < keys.size(); ++k)
    st.rows[k] = keys[k].index;
  st.rows_generation = ctx.model.generation;
  st.rows_session = ctx.ui.selection.session;
  st.rows_time = ImGui::GetTime();
}

void draw_badge(Severity s, const Palette& p) {
  const char* label = severity_label(s);
  const ImVec4 colour = severity_colour(s, p);
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::CalcTextSize(label);
  const float pad = ImGui::GetFontSize() * 0.25f;
  ImGui::GetWindowDrawList()->AddRect(ImVec2(pos.x, pos.y - 1),
                                      ImVec2(pos.x + size.x + 2 * pad, pos.y + size.y + 1),
                                      to_u32(colour), 3, 0, 1.5f);
  ImGui::GetWindowDrawList()->AddText(ImVec2(pos.x + pad, pos.y), to_u32(colour), label);
  ImGui::Dummy(ImVec2(size.x + 2 * pad, size.y));
}

// One finding as a card: a severity bar and badge, where it points (session, packet), and the
// sentence beneath, wrapped to the pane so a narrow pane or a projector's large type still
// shows all of it. `wrapped` false: one line, the sentence in a tooltip (very long lists).
void draw_card(ViewContext& ctx, std::size_t index, bool wrapped) {
  const Finding& f = ctx.model.findings[index];
  const Palette& p = ctx.palette;
  const SessionEntry* entry = ctx.model.session(f.session);
  const bool selected = entry && ctx.ui.selection.session == f.session &&
                        ctx.ui.selection.packet == f.packet && f.packet != 0;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float bar = std::max(3.0f, ImGui::GetFontSize() * 0.22f);
  const float indent = bar + style.ItemSpacing.x;
  const float width = ImGui::GetContentRegionAvail().x;
  const float line = ImGui::GetTextLineHeight();
  const float text_height =
      wrapped ? ImGui::CalcTextSize(f.message.c_str(), nullptr, false, width - indent).y : 0.0f;
  const float height = line + (wrapped ? style.ItemSpacing.y * 0.5f + text_height : 0.0f);

  const ImVec2 start = ImGui::GetCursorScreenPos();
  ImGui::PushID(static_cast<int>(index));
  if (ImGui::Selectable("##finding", selected, ImGuiSelectableFlags_AllowItemOverlap,
                        ImVec2(width, height))) {
    select_finding(ctx.ui, ctx.model, f);
  }
  ctx.log.item("finding-" + std::to_string(index));
  if (!wrapped && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.message.c_str());
  ImGui::PopID();
  const ImVec2 after = ImGui::GetCursorScreenPos();

  ImGui::GetWindowDrawList()->AddRectFilled(start, ImVec2(start.x + bar, start.y + height),
                                            to_u32(severity_colour(f.severity, p)));
  ImGui::SetCursorScreenPos(ImVec2(start.x + indent, start.y));
  draw_badge(f.severity, p);
  ImGui::SameLine();
  std::string where = entry ? session_tag(entry->number) : std::string("capture");
  if (f.packet) where += "  ·  packet " + std::to_string(f.packet);
  ImGui::TextDisabled("%s", where.c_str());
  if (wrapped) {
    ImGui::SetCursorScreenPos(
        ImVec2(start.x + indent, start.y + line + style.ItemSpacing.y * 0.5f));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - indent);
    ImGui::TextUnformatted(f.message.c_str());
    ImGui::PopTextWrapPos();
  } else {
    ImGui::SameLine();
    ImGui::TextUnformatted(f.message.c_str());
  }
  ImGui::SetCursorScreenPos(after);
  ImGui::Dummy(ImVec2(0, style.ItemSpacing.y * 0.5f));

  if (ctx.log.enabled()) {
    ctx.log.row("findings", {{"index", index},
                             {"severity", severity_label(f.severity)},
                             {"code", f.code},
                             {"session", entry ? entry->number : 0},
                             {"packet", f.packet},
                             {"message", f.message},
                             {"selected", selected}});
  }
}

}  // namespace

void draw_findings_view(ViewContext& ctx) {
  FindingsViewState& st = ctx.ui.findings_view;
  ImGui::PushFont(ctx.fonts.heading);
  ImGui::Text("Findings");
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("(%zu)", ctx.model.findings.size());
  ImGui::SameLine();
  if (ImGui::Checkbox("Selected session only", &st.only_selected_session)) st.rows_time = -1;
  const bool asked =
      st.rows_time < 0 || (st.only_selected_session && st.rows_session != ctx.ui.selection.session);
  const bool grown = st.rows_generation != ctx.model.generation &&
                     (ctx.model.state != AnalysisState::kRunning ||
                      ImGui::GetTime() - st.rows_time >= kRefreshWhileRunning);
  if (asked || grown) refresh_rows(ctx);

  ImGui::BeginChild("findings-list", ImVec2(0, 0), true);
  const bool wrapped = st.rows.size() <= kMaxWrappedRows;
  if (wrapped) {
    for (std::size_t i : st.rows)
      draw_card(ctx, i, true);
  } else {
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(st.rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        draw_card(ctx, st.rows[static_cast<std::size_t>(i)], false);
      }
    }
  }
  if (ctx.model.findings.empty() && ctx.model.state != AnalysisState::kRunning) {
    ImGui::TextDisabled("Nothing to point out.");
  }
  ImGui::EndChild();
}

}  // namespace mailscope::gui
