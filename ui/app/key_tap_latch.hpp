#pragma once

#include <bitset>
#include <vector>

struct GLFWwindow;

namespace mailscope::gui {

// Debian's Dear ImGui 1.86 reads keys as a state once per frame, so a key pressed and released
// between two frames (a quick tap, xdotool, a slow software-rendered frame) is never seen.
// The latch holds such a release back until the frame after the press, so every tap counts.
// (ImGui 1.87 has an input queue that does this; remove the latch when Debian ships it.)
class KeyTapLatch {
 public:
  // Forwards GLFW key events to ImGui's backend, holding back releases of keys pressed since
  // the last frame began.
  void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
  // Call right after ImGui::NewFrame(): presses up to now have been seen.
  void frame_started();
  // Call before polling events for the next frame: the held releases go through now.
  void release_held_keys(GLFWwindow* window);

 private:
  struct Held {
    int key, scancode, mods;
  };
  static constexpr int kKeys = 512;
  std::bitset<kKeys> pressed_this_frame_;
  std::vector<Held> held_;
};

}  // namespace mailscope::gui
