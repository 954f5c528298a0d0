#include "views/file_browser_view.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>

namespace mailscope::gui {
namespace {

namespace fs = std::filesystem;
constexpr const char* kPopup = "Open a capture";

void list_directory(FileBrowserState& st) {
  st.entries.clear();
  st.error.clear();
  std::error_code ec;
  for (fs::directory_iterator it(st.directory, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(".")) continue;
    std::error_code type_error;
    const bool directory = it->is_directory(type_error);
    if (!directory && !st.show_all_files && !looks_like_capture(name)) continue;
    std::uint64_t size = directory ? 0 : it->file_size(type_error);
    st.entries.push_back({name, directory, type_error ? 0 : size});
  }
  if (ec) st.error = st.directory + ": " + ec.message();
  std::sort(st.entries.begin(), st.entries.end(), [](const auto& a, const auto& b) {
    return a.directory != b.directory ? a.directory : a.name < b.name;
  });
  st.listed_directory = st.directory;
  st.listed_all_files = st.show_all_files;
}

void go_to(FileBrowserState& st, const fs::path& directory) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(directory, ec);
  st.directory = (ec ? directory : canonical).string();
  st.path_input = st.directory;
}

// The path field: a folder is entered, anything else is opened (the analysis says clearly if
// it is not a capture).
void submit(ViewContext& ctx, const std::string& path) {
  FileBrowserState& st = ctx.ui.file_browser;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    go_to(st, path);
    return;
  }
  ctx.requests.open_path = path;
  ImGui::CloseCurrentPopup();
}

std::string human_size(std::uint64_t bytes) {
  char buffer[32];
  if (bytes >= (1u << 20)) {
    std::snprintf(buffer, sizeof buffer, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  } else if (bytes >= 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f KiB", static_cast<double>(bytes) / 1024);
  } else {
    std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
  }
  return buffer;
}

}  // namespace

bool looks_like_capture(std::string_view name) {
  for (std::string_view ext : {".pcap", ".pcapng", ".cap", ".dmp"}) {
    if (name.size() > ext.size() && name.ends_with(ext)) return true;
  }
  return false;
}

void draw_file_browser_view(ViewContext& ctx) {
  FileBrowserState& st = ctx.ui.file_browser;
  if (st.open_requested) {
    st.open_requested = false;
    if (st.directory.empty()) {
      std::error_code ec;
      go_to(st, fs::current_path(ec));
    }
    st.path_input = st.directory;
    st.listed_directory.clear();
    ImGui::OpenPopup(kPopup);
  }
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowSize(ImVec2(display.x * 0.7f, display.y * 0.7f), ImGuiCond_Appearing);
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(kPopup, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    st.for_compare = false;  // closed: what opens next (a recent file, a drop) opens as usual
    return;
  }
  if (st.for_compare) ImGui::TextDisabled("The capture you open goes beside the one shown.");
  ctx.log.set("file_browser", st.directory);
  if (st.listed_directory != st.directory || st.listed_all_files != st.show_all_files) {
    list_directory(st);
  }

  ImGui::TextUnformatted("File or folder:");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 14);
  if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
  const bool entered =
      ImGui::InputText("##path", &st.path_input, ImGuiInputTextFlags_EnterReturnsTrue);
  ctx.log.item("browser-path");
  ctx.log.set("browser_path_active", ImGui::IsItemActive());
  ImGui::SameLine();
  const bool open_clicked = ImGui::Button("Open");
  ctx.log.item("browser-open");
  ImGui::SameLine();
  if (ImGui::Button("Cancel")) ImGui::CloseCurrentPopup();
  ctx.log.item("browser-cancel");
  if (entered || open_clicked) submit(ctx, st.path_input);

  if (ImGui::Button("\u2191 Up")) go_to(st, fs::path(st.directory).parent_path());
  ImGui::SameLine();
  if (const char* home = std::getenv("HOME"); home && ImGui::Button("Home")) go_to(st, home);
  ImGui::SameLine();
  ImGui::Checkbox("Show every file, not only captures", &st.show_all_files);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", st.directory.c_str());
  if (!st.error.empty()) ImGui::TextColored(ctx.palette.exposed, "%s", st.error.c_str());

  const float recent_width = ImGui::GetContentRegionAvail().x * 0.34f;
  ImGui::BeginChild("listing", ImVec2(ImGui::GetContentRegionAvail().x - recent_width, 0), true);
  for (const auto& entry : st.entries) {
    const std::string label = entry.directory ? "\u25b8 " + entry.name + "/" : "   " + entry.name;
    const fs::path full = fs::path(st.directory) / entry.name;
    if (ImGui::Selectable(label.c_str(), st.path_input == full.string(),
                          ImGuiSelectableFlags_AllowDoubleClick)) {
      st.path_input = full.string();
      if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        if (entry.directory) {
          go_to(st, full);
        } else {
          ctx.requests.open_path = full.string();
          ImGui::CloseCurrentPopup();
        }
      }
    }
    if (!entry.directory) {
      ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 5);
      ImGui::TextDisabled("%s", human_size(entry.size).c_str());
    }
  }
  if (st.entries.empty()) ImGui::TextDisabled("No capture files here.");
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("recent", ImVec2(0, 0), true);
  ImGui::TextUnformatted("Recent");
  ImGui::Separator();
  for (const std::string& file : ctx.ui.recent_files) {
    if (ImGui::Selectable(file.c_str())) {
      ctx.requests.open_path = file;
      ImGui::CloseCurrentPopup();
    }
  }
  if (ctx.ui.recent_files.empty()) ImGui::TextDisabled("Nothing opened yet.");
  ImGui::EndChild();
  ImGui::EndPopup();
}

}  // namespace mailscope::gui
