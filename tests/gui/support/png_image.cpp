#include "support/png_image.hpp"

#include <stb_image.h>  // the implementation is in Debian's libstb

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

namespace mailscope::gui::testing {

Rgb Image::at(int x, int y) const {
  const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

std::optional<Image> load_png(const std::string& path) {
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &w, &h, &channels, 3);
  if (!data) return std::nullopt;
  Image image{w, h, std::vector<std::uint8_t>(data, data + static_cast<std::size_t>(w) * h * 3)};
  stbi_image_free(data);
  return image;
}

Rgb rgb_of(const nlohmann::json& triple) {
  return {triple[0].get<int>(), triple[1].get<int>(), triple[2].get<int>()};
}

Rect whole(const Image& image) {
  return {0, 0, static_cast<float>(image.width), static_cast<float>(image.height)};
}

namespace {
template <typename F>
void for_each_pixel(const Image& image, const Rect& area, F&& f) {
  const int x0 = std::clamp(static_cast<int>(area.x0), 0, image.width);
  const int x1 = std::clamp(static_cast<int>(area.x1), 0, image.width);
  const int y0 = std::clamp(static_cast<int>(area.y0), 0, image.height);
  const int y1 = std::clamp(static_cast<int>(area.y1), 0, image.height);
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x)
      f(image.at(x, y));
  }
}
}  // namespace

std::size_t count_near(const Image& image, const Rect& area, const Rgb& colour, int tolerance) {
  std::size_t n = 0;
  for_each_pixel(image, area, [&](const Rgb& c) {
    if (std::abs(c[0] - colour[0]) <= tolerance && std::abs(c[1] - colour[1]) <= tolerance &&
        std::abs(c[2] - colour[2]) <= tolerance) {
      ++n;
    }
  });
  return n;
}

std::size_t distinct_colours(const Image& image) {
  std::set<Rgb> colours;
  for_each_pixel(image, whole(image), [&](const Rgb& c) { colours.insert(c); });
  return colours.size();
}

Rgb dominant_colour(const Image& image, const Rect& area) {
  std::map<Rgb, std::size_t> counts;
  for_each_pixel(image, area, [&](const Rgb& c) { ++counts[c]; });
  Rgb best{};
  std::size_t best_count = 0;
  for (const auto& [c, n] : counts) {
    if (n > best_count) best = c, best_count = n;
  }
  return best;
}

}  // namespace mailscope::gui::testing
