#include "app/key_tap_latch.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>

namespace mailscope::gui {

void KeyTapLatch::on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
  const bool tracked = key >= 0 && key < kKeys;
  if (action == GLFW_PRESS && tracked) pressed_this_frame_.set(static_cast<std::size_t>(key));
  if (action == GLFW_RELEASE && tracked &&
      pressed_this_frame_.test(static_cast<std::size_t>(key))) {
    held_.push_back({key, scancode, mods});
    return;
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void KeyTapLatch::frame_started() {
  pressed_this_frame_.reset();
}

void KeyTapLatch::release_held_keys(GLFWwindow* window) {
  for (const Held& h : held_)
    ImGui_ImplGlfw_KeyCallback(window, h.key, h.scancode, GLFW_RELEASE, h.mods);
  held_.clear();
}

}  // namespace mailscope::gui
