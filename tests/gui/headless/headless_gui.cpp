#include "headless/headless_gui.hpp"

#include <chrono>
#include <thread>

namespace mailscope::gui::testing {

GuiOptions headless_options(const std::string& capture) {
  GuiOptions o;
  if (!capture.empty()) o.file = capture;
  o.report = "(headless)";  // turns the frame log on; nothing is written
  return o;
}

HeadlessGui::HeadlessGui(GuiOptions options, ImVec2 display) {
  context_ = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = display;
  app_ = std::make_unique<GuiApp>(options);
  app_->start();
}

HeadlessGui::~HeadlessGui() {
  app_.reset();  // joins the analysis before the context goes
  ImGui::DestroyContext(context_);
}

const Report& HeadlessGui::frame() {
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = 1.0f / 30.0f;
  if (app_->prepare_frame()) {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // what a renderer would upload
  }
  io.MousePos = mouse_;
  io.MouseDown[0] = mouse_down_;
  io.MouseWheel = wheel_;
  wheel_ = 0;
  const auto start = std::chrono::steady_clock::now();
  ImGui::NewFrame();
  app_->draw_frame();
  ImGui::Render();
  last_frame_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  report_ = app_->frame_log().json();
  return report_;
}

bool HeadlessGui::run_until_settled(double timeout_seconds) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    frame();
    if (app_->settled()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

bool HeadlessGui::click(const std::string& id) {
  auto r = item(report_, id);
  if (!r) return false;
  mouse_ = ImVec2(r->cx(), r->cy());
  frame();
  mouse_down_ = true;
  frame();
  mouse_down_ = false;
  frame();
  frame();
  return true;
}

void HeadlessGui::scroll_at(const std::string& id, float wheel) {
  if (auto r = item(report_, id)) mouse_ = ImVec2(r->cx(), r->cy());
  wheel_ = wheel;
  frame();
}

}  // namespace mailscope::gui::testing
