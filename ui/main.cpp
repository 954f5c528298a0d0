// mailscope-gui: the window, the GL context and the frame loop (as in Dear ImGui's
// example_glfw_opengl3). Everything shown is drawn by GuiApp from the analysis worker's model.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cfloat>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <thread>
#include <variant>

#include "app/command_line.hpp"
#include "app/frame_stats.hpp"
#include "app/gui_app.hpp"
#include "app/key_event_queue.hpp"
#include "app/screenshot.hpp"

namespace {

using mailscope::gui::FramePacer;
using mailscope::gui::FrameStats;
using mailscope::gui::GuiApp;
using mailscope::gui::KeyEventQueue;
using Clock = std::chrono::steady_clock;

// The frame rate aimed at, and never exceeded.
constexpr auto kFramePeriod =
    std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / 60));

double seconds_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of the whole process (the renderer's threads too): a frame's cost that other work
// on the machine changes less than the wall clock.
double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string gl_string(GLenum name) {
  const auto* s = reinterpret_cast<const char*>(glGetString(name));
  return s ? s : "";
}

// --measure-frames: the frames drawn once the window settled, timed, then printed as one line
// of JSON with the renderer that drew them.
struct FrameMeasurement {
  double seconds = 0;
  FrameStats stats;
  std::optional<Clock::time_point> started;
  Clock::time_point last_swap;
  double last_cpu = 0;

  // After a frame's swap; true once the time is up.
  bool after_swap(bool settled, const FrameStats::Frame& frame) {
    const Clock::time_point now = Clock::now();
    const double cpu = process_cpu_seconds();
    if (!settled) return false;
    if (!started) {
      started = now;
    } else {
      FrameStats::Frame f = frame;
      f.period = seconds_between(last_swap, now);
      f.cpu = cpu - last_cpu;
      stats.add(f);
    }
    last_swap = now;
    last_cpu = cpu;
    return seconds_between(*started, now) >= seconds;
  }

  void print(int width, int height) const {
    nlohmann::json out = stats.summary();
    out["renderer"] = gl_string(GL_RENDERER);
    out["gl_version"] = gl_string(GL_VERSION);
    out["size"] = {width, height};
    std::printf("%s\n", out.dump().c_str());
    std::fflush(stdout);
  }
};

// What the GLFW callbacks reach (GLFW takes plain function pointers and one user pointer).
struct WindowHooks {
  GuiApp* app = nullptr;
  KeyEventQueue keys;
};

WindowHooks& hooks_of(GLFWwindow* window) {
  return *static_cast<WindowHooks*>(glfwGetWindowUserPointer(window));
}

void install_callbacks(GLFWwindow* window) {
  // ImGui's backend is initialised without its own callbacks so key events can go through the
  // queue; the others are forwarded unchanged.
  glfwSetWindowFocusCallback(window, ImGui_ImplGlfw_WindowFocusCallback);
  glfwSetCursorEnterCallback(window, ImGui_ImplGlfw_CursorEnterCallback);
  glfwSetMouseButtonCallback(window, ImGui_ImplGlfw_MouseButtonCallback);
  glfwSetScrollCallback(window, ImGui_ImplGlfw_ScrollCallback);
  glfwSetMonitorCallback(ImGui_ImplGlfw_MonitorCallback);
  glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
    hooks_of(w).keys.push(key, scancode, action, mods);
  });
  glfwSetCharCallback(
      window, [](GLFWwindow* w, unsigned int codepoint) { hooks_of(w).keys.push_char(codepoint); });
  glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
    if (count > 0) hooks_of(w).app->open_file(paths[0]);  // one capture at a time: the first
  });
}

void glfw_error(int code, const char* description) {
  std::fprintf(stderr, "mailscope-gui: GLFW error %d: %s\n", code, description);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mailscope::gui;
  ParsedCommandLine parsed = parse_command_line(argc, argv);
  if (auto* help = std::get_if<HelpRequested>(&parsed)) {
    std::fputs(help->text.c_str(), stdout);
    return 0;
  }
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    std::fprintf(stderr, "mailscope-gui: %s\n", error->message.c_str());
    return 2;
  }
  const GuiOptions& options = std::get<GuiOptions>(parsed);

  glfwSetErrorCallback(glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "mailscope-gui: cannot open a window (is there a display? DISPLAY=%s)\n",
                 std::getenv("DISPLAY") ? std::getenv("DISPLAY") : "");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // A screenshot must have the size asked for, whatever a window manager would prefer.
  if (options.screenshot) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, "mailscope", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "mailscope-gui: cannot create an OpenGL 3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  // No vsync for a screenshot (nothing to pace; software GL is slow enough); on screen, vsync
  // keeps an idle window from spinning a core.
  glfwSwapInterval(options.screenshot ? 0 : 1);
  std::optional<FrameMeasurement> measurement;
  if (options.measure_frames) measurement.emplace().seconds = *options.measure_frames;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is the app's, not a file's
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/false);
  ImGui_ImplOpenGL3_Init("#version 130");

  int exit_code = 0;
  {
    GuiApp app(options);
    WindowHooks hooks;
    hooks.app = &app;
    glfwSetWindowUserPointer(window, &hooks);
    install_callbacks(window);
    app.start();

    std::string title;
    std::uint64_t frame = 0;
    FramePacer pacer(kFramePeriod);
    while (!glfwWindowShouldClose(window) && !app.quit_requested()) {
      const Clock::time_point frame_start = Clock::now();
      // While the analysis runs the progress moves by itself, and the journey's animation
      // draws every frame (at most 60 a second, below); otherwise wait for input.
      if (options.screenshot || measurement || app.analysis_running() || app.animating() ||
          !hooks.keys.empty()) {
        glfwPollEvents();
      } else {
        glfwWaitEventsTimeout(0.25);
      }
      hooks.keys.deliver(window);
      if (app.prepare_frame()) ImGui_ImplOpenGL3_DestroyDeviceObjects();  // re-upload fonts
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // A screenshot shows the window as it is, not as the pointer left it (hover highlights).
      if (options.screenshot) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      const Clock::time_point build_start = Clock::now();
      ImGui::NewFrame();
      app.draw_frame();
      ImGui::Render();
      FrameStats::Frame timing;
      const Clock::time_point render_start = Clock::now();
      timing.build = seconds_between(build_start, render_start);

      int width = 0;
      int height = 0;
      glfwGetFramebufferSize(window, &width, &height);
      glViewport(0, 0, width, height);
      // The panes' colour, which covers most of the window: clearing costs a software renderer
      // almost nothing, painting a background over every pixel costs it a lot. The main window
      // paints the bands around the panes in its own colour (views/main_window.cpp).
      const ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_ChildBg];
      glClearColor(clear.x, clear.y, clear.z, 1.0f);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
      // Measuring: wait for the renderer here, so drawing and presenting are timed apart (a
      // software renderer would otherwise draw inside SwapBuffers).
      if (measurement) glFinish();
      const Clock::time_point present_start = Clock::now();

      if (options.report) write_json_atomically(*options.report, app.frame_log().json());
      if (++frame == 2) std::puts("READY"), std::fflush(stdout);
      if (options.screenshot && app.settled()) {
        std::string error;
        if (!write_screenshot(*options.screenshot, width, height, error)) {
          std::fprintf(stderr, "mailscope-gui: %s\n", error.c_str());
          exit_code = 1;
        }
        break;
      }
      glfwSwapBuffers(window);
      const Clock::time_point swapped = Clock::now();
      if (measurement) {
        timing.render = seconds_between(render_start, present_start);
        timing.present = seconds_between(present_start, swapped);
        timing.work = seconds_between(frame_start, swapped);
        timing.vertices = static_cast<std::uint64_t>(ImGui::GetDrawData()->TotalVtxCount);
        timing.indices = static_cast<std::uint64_t>(ImGui::GetDrawData()->TotalIdxCount);
        timing.overdraw = mailscope::gui::overdraw_of(
            *ImGui::GetDrawData(), static_cast<float>(width), static_cast<float>(height));
        // (Counting blocks takes the views' time again: every 30th frame.)
        if (measurement->stats.count() % 30 == 0) {
          timing.blocks = mailscope::gui::shaded_blocks_of(
              *ImGui::GetDrawData(), static_cast<float>(width), static_cast<float>(height));
        }
        if (measurement->after_swap(app.settled(), timing)) {
          measurement->print(width, height);
          break;
        }
      }
      // At most 60 frames a second, measuring too (what the audience sees): with vsync
      // SwapBuffers waits for the display, but under Xvfb, VNC or a driver that ignores the swap
      // interval it returns at once, and the loop would spin a core for frames nobody sees.
      std::this_thread::sleep_until(pacer.next_start(Clock::now()));
      if (std::string t = app.window_title(); t != title) {
        title = t;
        glfwSetWindowTitle(window, title.c_str());
      }
    }
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return exit_code;
}
