#pragma once

#include <deque>

struct GLFWwindow;

namespace mailscope::gui {

// Debian's Dear ImGui 1.86 reads each key as a state once per frame, so a key pressed and
// released between two frames (a quick tap, xdotool, a slow software-rendered frame) is never
// seen, and a second tap of the same key right after the first is lost too. The queue hands
// key events to ImGui's backend in order, at most one change per key per frame and nothing
// after a key press until a frame has seen it (with the modifiers held at that moment): a tap
// becomes "down" for one frame and "up" the next. (ImGui 1.87 queues input itself; drop this class
// when Debian ships it.) Typed characters go through the same queue, so text typed after a
// shortcut (Ctrl+A, then a path) arrives after it, not while Ctrl is still held.
class KeyEventQueue {
 public:
  // From GLFW's key callback.
  void push(int key, int scancode, int action, int mods);
  // From GLFW's character callback.
  void push_char(unsigned int codepoint);
  // Before ImGui::NewFrame(): passes on the events this frame may see, in order, stopping at
  // the first that would change a key a second time; the rest wait for the next frame.
  void deliver(GLFWwindow* window);
  bool empty() const { return events_.empty(); }

 private:
  struct KeyEvent {
    int key, scancode, action, mods;
    unsigned int codepoint;  // a typed character when key < 0
  };
  std::deque<KeyEvent> events_;
};

}  // namespace mailscope::gui
