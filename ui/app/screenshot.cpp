#include "app/screenshot.hpp"

#include <GLFW/glfw3.h>
#include <stb_image_write.h>  // the implementation is in Debian's libstb

#include <vector>

namespace mailscope::gui {

bool write_screenshot(const std::string& path, int width, int height, std::string& error) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // Opaque: the window's alpha is whatever blending left, which PNG viewers would show.
  for (std::size_t i = 3; i < pixels.size(); i += 4)
    pixels[i] = 255;
  stbi_flip_vertically_on_write(1);  // GL's origin is the bottom-left corner
  if (!stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4)) {
    error = path + ": cannot write the screenshot";
    return false;
  }
  return true;
}

}  // namespace mailscope::gui
