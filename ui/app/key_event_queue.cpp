#include "app/key_event_queue.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

#include <set>

namespace mailscope::gui {

void KeyEventQueue::push(int key, int scancode, int action, int mods) {
  events_.push_back({key, scancode, action, mods, 0});
}

void KeyEventQueue::push_char(unsigned int codepoint) {
  events_.push_back({-1, 0, 0, 0, codepoint});
}

void KeyEventQueue::deliver(GLFWwindow* window) {
  std::set<int> changed;
  bool pressed = false;  // a key (not a modifier) went down: the frame must see it as it is
  while (!events_.empty()) {
    const KeyEvent e = events_.front();
    if (e.key < 0) {  // the character a press typed travels with it
      events_.pop_front();
      ImGui_ImplGlfw_CharCallback(window, e.codepoint);
      continue;
    }
    // Order matters across keys too (Ctrl down, -, Ctrl up): stop here rather than skip.
    if (pressed) return;
    if (e.action != GLFW_REPEAT) {
      if (changed.contains(e.key)) return;
      changed.insert(e.key);
    }
    events_.pop_front();
    ImGui_ImplGlfw_KeyCallback(window, e.key, e.scancode, e.action, e.mods);
    const bool modifier = e.key >= GLFW_KEY_LEFT_SHIFT && e.key <= GLFW_KEY_RIGHT_SUPER;
    pressed = e.action == GLFW_PRESS && !modifier;
  }
}

}  // namespace mailscope::gui
