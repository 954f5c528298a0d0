#include "app/gui_app.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "app/selection_actions.hpp"
#include "capture/packet_source.hpp"
#include "views/main_window.hpp"

namespace mailscope::gui {
namespace {

constexpr int kFramesToSettle = 4;  // auto-sized windows and tables take a couple of frames

WorkerSettings worker_settings(const GuiOptions& o) {
  WorkerSettings s;
  s.packet_byte_budget = o.packet_memory;
  s.pause_per_progress = std::chrono::milliseconds(o.test_pause_ms);
  return s;
}

bool ctrl_pressed(int key) {
  return ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(key, false);
}

// Opens one of the bundled tours in `worker`, or says why it cannot.
void open_tour(AnalysisWorker& worker, CaptureInput (*input)()) {
  try {
    worker.open(input());
  } catch (const CaptureError& e) {
    worker.fail("bundled tour", e.what());
  }
}

}  // namespace

GuiApp::GuiApp(const GuiOptions& options)
    : options_(options),
      worker_(worker_settings(options)),
      second_(worker_settings(options)),
      recent_(RecentFiles::default_location()),
      log_(options.report.has_value() || options.screenshot.has_value()) {
  ui_.display.theme = options.theme;
  ui_.display.presentation = options.presentation;
  ui_.display.font_size = options.font_size.value_or(
      options.presentation ? DisplaySettings::kPresentationSize : DisplaySettings::kNormalSize);
  ui_.recent_files = recent_.load();
}

void GuiApp::start() {
  if (options_.live_interface) {
    LivePanelState& panel = live_.panel();
    panel.open = true;
    live_.list_interfaces_now();
    panel.interface = *options_.live_interface;
    if (options_.live_filter) panel.filter = *options_.live_filter;
    std::optional<std::chrono::seconds> duration;
    if (options_.live_seconds > 0) duration = std::chrono::seconds(options_.live_seconds);
    if (live_.start(worker_, duration)) return;
    // The panel says why; the main window shows the tour meanwhile.
  }
  if (options_.file) {
    open_file(*options_.file);
  } else {
    open_tour(worker_, bundled_tour_input);
  }
  if (options_.compare_sessions) {
    compare_sessions(options_.compare_sessions->first, options_.compare_sessions->second);
  } else if (options_.compare && options_.second_file) {
    compare_with(file_input(*options_.second_file));
  } else if (options_.compare) {
    open_tour(second_, bundled_protected_tour_input);
    compare_with({});
  }
  ui_.compare.start_at = options_.at;
  ui_.compare.start_playing = options_.play;
}

void GuiApp::compare_with(CaptureInput input) {
  if (!input.path.empty()) second_.open(std::move(input));
  CompareState& c = ui_.compare;
  c.active = true;
  c.panes[0].second_capture = false;
  c.panes[0].session = 0;
  c.panes[1].second_capture = true;
  c.panes[1].session = 0;
  c.playback = {};
  frames_since_change_ = 0;
}

void GuiApp::compare_sessions(std::uint64_t a, std::uint64_t b) {
  CompareState& c = ui_.compare;
  c.active = true;
  c.panes[0].second_capture = false;
  c.panes[0].session = a;
  c.panes[1].second_capture = false;
  c.panes[1].session = b;
  c.playback = {};
  frames_since_change_ = 0;
}

void GuiApp::close_comparison() {
  ui_.compare.active = false;
  ui_.compare.playback.playing = false;
  frames_since_change_ = 0;
}

void GuiApp::open_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) ui_.recent_files = recent_.remember(path);
  worker_.open(file_input(path));
}

void GuiApp::set_font_size(float size) {
  ui_.display.font_size = std::clamp(size, DisplaySettings::kMinSize, DisplaySettings::kMaxSize);
}

bool GuiApp::prepare_frame() {
  bool atlas_changed = false;
  if (built_font_size_ != ui_.display.font_size) {
    fonts_ = load_fonts(*ImGui::GetIO().Fonts, ui_.display.font_size);
    ImGui::GetIO().FontDefault = fonts_.text;
    built_font_size_ = ui_.display.font_size;
    atlas_changed = true;
    style_applied_ = false;  // spacing follows the type size
    frames_since_change_ = 0;
  }
  if (!style_applied_ || applied_theme_ != ui_.display.theme ||
      applied_contrast_ != ui_.display.presentation) {
    palette_ = apply_theme(ui_.display.theme, ui_.display.presentation, ui_.display.font_size);
    applied_theme_ = ui_.display.theme;
    applied_contrast_ = ui_.display.presentation;
    style_applied_ = true;
    frames_since_change_ = 0;
  }
  return atlas_changed;
}

void GuiApp::on_new_capture() {
  // A new capture starts masked and unselected: a secret revealed in the last one must not
  // carry over to the next demo.
  ui_.selection = {};
  ui_.reveal = {};
  std::string filter = std::move(ui_.sessions_table.filter);
  ui_.sessions_table = {};
  ui_.sessions_table.filter = std::move(filter);
  ui_.findings_view = {};
  ui_.packets_view = {};
  ui_.sniffer_eye = {};
  ui_.capture_serial = worker_.capture_serial();
  shown_final_state_ = false;
  frames_since_change_ = 0;
}

// The first view of a capture once it is analysed: the command line's choices for the first
// capture, else the session that leaked something (so a new user sees a leak without a click).
void GuiApp::apply_first_view(const CaptureModel& model) {
  if (ui_.selection.session == 0) {
    const SessionEntry* entry = nullptr;
    if (first_view_pending_ && options_.session) {
      entry = model.session_by_number(*options_.session);
      if (!entry) log_.set("warning", "no session #" + std::to_string(*options_.session));
    }
    if (!entry && first_view_pending_ && options_.tab == DetailTab::kTls) {
      for (const SessionEntry& e : model.sessions) {
        if (e.summary.tls && (!entry || e.number < entry->number)) entry = &e;
      }
    }
    if (!entry) entry = first_session_to_show(model);
    if (entry) {
      select_session(ui_, *entry);
      // Point at the line that leaked: the first credential's row, if any.
      if (!entry->credentials.empty()) {
        const Credential& c = model.credentials[entry->credentials.front()];
        ui_.selection.event = event_at_packet(*entry, c.packet);
        ui_.selection.packet = c.packet;
        ui_.selection.scroll_to_event = true;
        ui_.selection.scroll_to_packet = true;
      }
    }
  }
  if (first_view_pending_) {
    first_view_pending_ = false;
    ui_.tab = options_.tab;
    ui_.tab_forced = true;
    ui_.sniffers_eye = options_.sniffers_eye;
    ui_.reveal.all = options_.reveal;
    ui_.journey.start_at = options_.at;
    ui_.journey.start_playing = options_.play;
    if (options_.select_first_finding) {
      const SessionEntry* selected = model.session(ui_.selection.session);
      for (const Finding& f : model.findings) {
        if (f.severity == Severity::kCritical && (!selected || f.session == selected->summary.id)) {
          select_finding(ui_, model, f);
          break;
        }
      }
    }
  }
  shown_final_state_ = true;
  frames_since_change_ = 0;
}

void GuiApp::handle_shortcuts() {
  ImGuiIO& io = ImGui::GetIO();
  AppRequests r;
  if (ctrl_pressed(GLFW_KEY_EQUAL) || ctrl_pressed(GLFW_KEY_KP_ADD)) r.font_steps = 1;
  if (ctrl_pressed(GLFW_KEY_MINUS) || ctrl_pressed(GLFW_KEY_KP_SUBTRACT)) r.font_steps = -1;
  if (ctrl_pressed(GLFW_KEY_0) || ctrl_pressed(GLFW_KEY_KP_0)) r.reset_font = true;
  if (ctrl_pressed(GLFW_KEY_O)) {
    ui_.file_browser.open_requested = true;
    ui_.file_browser.for_compare = false;
  }
  if (ctrl_pressed(GLFW_KEY_Q)) r.quit = true;
  if (ctrl_pressed(GLFW_KEY_E)) ui_.sniffers_eye = !ui_.sniffers_eye;
  if (ctrl_pressed(GLFW_KEY_L)) live_.panel().open = true;
  if (!io.WantTextInput && ImGui::IsKeyPressed(GLFW_KEY_F5, false)) r.toggle_presentation = true;
  carry_out(r);
}

void GuiApp::carry_out(AppRequests r) {
  if (r.quit) quit_ = true;
  if (r.font_steps != 0) {
    set_font_size(ui_.display.font_size + 2.0f * static_cast<float>(r.font_steps));
  }
  if (r.reset_font) {
    set_font_size(ui_.display.presentation ? DisplaySettings::kPresentationSize
                                           : DisplaySettings::kNormalSize);
  }
  if (r.toggle_presentation) {
    ui_.display.presentation = !ui_.display.presentation;
    if (ui_.display.presentation) {
      font_size_before_presentation_ = ui_.display.font_size;
      set_font_size(std::max(ui_.display.font_size, DisplaySettings::kPresentationSize));
    } else {
      set_font_size(font_size_before_presentation_);
    }
  }
  if (r.cancel_analysis) {
    worker_.cancel();
    second_.cancel();
  }
  if (r.close_compare) close_comparison();
  if (r.compare_tours) {
    open_tour(worker_, bundled_tour_input);
    open_tour(second_, bundled_protected_tour_input);
    compare_with({});
  } else if (r.compare_sessions) {
    compare_sessions(r.compare_sessions->first, r.compare_sessions->second);
  } else if (r.open_tour) {
    open_tour(worker_, bundled_tour_input);
  } else if (r.open_path && ui_.file_browser.for_compare) {
    // "Side by side with another capture…": the file picked opens beside the main one.
    ui_.file_browser.for_compare = false;
    compare_with(file_input(*r.open_path));
  } else if (r.open_path) {
    open_file(*r.open_path);
  }
}

void GuiApp::draw_frame() {
  ++frame_;
  ++frames_since_change_;
  log_.begin_frame(frame_);
  handle_shortcuts();
  AppRequests requests;
  {
    auto lock = worker_.lock();
    const CaptureModel& model = worker_.model();
    if (ui_.capture_serial != worker_.capture_serial()) on_new_capture();
    if (!shown_final_state_ && model.state != AnalysisState::kRunning &&
        model.state != AnalysisState::kIdle) {
      apply_first_view(model);
    }
    const LiveSnapshot live_state = live_.snapshot(worker_, model);
    // Live: the first session that leaks a password is shown as soon as it does, on its line.
    if (live_state.status == LiveStatus::kRunning && ui_.selection.session == 0) {
      const SessionEntry* entry = first_session_to_show(model);
      if (entry && !entry->credentials.empty()) {
        select_session(ui_, *entry);
        const Credential& c = model.credentials[entry->credentials.front()];
        ui_.selection.event = event_at_packet(*entry, c.packet);
        ui_.selection.packet = c.packet;
        ui_.selection.scroll_to_event = true;
      }
    }
    ViewContext ctx{model,    worker_.frames(), ui_,  requests,
                    palette_, fonts_,           log_, worker_.progress().fraction};
    ctx.live = &live_;
    ctx.live_state = &live_state;
    // The comparison reads the second capture too: its lock after the main one's (the only
    // thread that takes both is this one, always in this order).
    std::unique_lock<std::mutex> second_lock;
    second_running_ = false;
    if (ui_.compare.active) {
      second_lock = second_.lock();
      ctx.second_model = &second_.model();
      ctx.second_capture_serial = second_.capture_serial();
      second_running_ = second_.model().state == AnalysisState::kRunning;
    }
    draw_main_window(ctx);
    if (log_.enabled()) {
      log_.set("reveal_all", ui_.reveal.all);
      log_.set("sniffers_eye", ui_.sniffers_eye);
      log_.set("presentation", ui_.display.presentation);
      log_.set("font_size", ui_.display.font_size);
      log_.set("theme", ui_.display.theme == ThemeKind::kDark ? "dark" : "light");
      const SessionEntry* selected = model.session(ui_.selection.session);
      log_.set("selected_session", selected ? selected->number : 0);
      log_.set("selected_packet", ui_.selection.packet);
      log_.set("capture", model.display_name);
      log_.set("settled", settled());
      // The colours, so a test can look for them in the screenshot.
      auto rgb = [](const ImVec4& c) {
        return nlohmann::json::array({static_cast<int>(c.x * 255.0f + 0.5f),
                                      static_cast<int>(c.y * 255.0f + 0.5f),
                                      static_cast<int>(c.z * 255.0f + 0.5f)});
      };
      log_.set("palette", {{"exposed", rgb(palette_.exposed)},
                           {"sealed", rgb(palette_.sealed)},
                           {"warning", rgb(palette_.warning)},
                           {"ciphertext", rgb(palette_.ciphertext)},
                           {"secret_background", rgb(palette_.secret_background)},
                           {"background", rgb(ImGui::GetStyle().Colors[ImGuiCol_WindowBg])},
                           {"panel", rgb(ImGui::GetStyle().Colors[ImGuiCol_ChildBg])}});
    }
  }
  // Outside the lock: opening a capture waits for the analysis thread, which may want it.
  carry_out(std::move(requests));
  live_.carry_out(worker_);
}

bool GuiApp::analysis_running() const {
  if (second_analysis_running()) return true;
  auto lock = worker_.lock();
  return worker_.model().state == AnalysisState::kRunning;
}

bool GuiApp::second_analysis_running() const {
  if (!ui_.compare.active) return false;
  auto lock = second_.lock();
  return second_.model().state == AnalysisState::kRunning;
}

bool GuiApp::animating() const {
  if (ui_.compare.active) return ui_.compare.playback.playing;
  return ui_.tab == DetailTab::kJourney && ui_.journey.playback.playing;
}

bool GuiApp::settled() const {
  // The comparison's other capture as the last frame saw it (this is called inside a frame).
  return shown_final_state_ && frames_since_change_ >= kFramesToSettle && !second_running_;
}

std::string GuiApp::window_title() const {
  auto lock = worker_.lock();
  std::string title = "mailscope \u2014 " + worker_.model().display_name;
  if (ui_.compare.active && ui_.compare.panes[1].second_capture) {
    auto second_lock = second_.lock();
    title += " | " + second_.model().display_name;
  }
  return title;
}

}  // namespace mailscope::gui
