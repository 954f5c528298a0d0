#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/report.hpp"

namespace mailscope::gui::testing {

using Rgb = std::array<int, 3>;

struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // 3 bytes a pixel, top row first

  Rgb at(int x, int y) const;
};

std::optional<Image> load_png(const std::string& path);
Rgb rgb_of(const nlohmann::json& triple);

// Pixels in `area` within `tolerance` (per channel) of `colour`.
std::size_t count_near(const Image& image, const Rect& area, const Rgb& colour, int tolerance = 40);
// How many different colours the picture holds: a blank or failed frame has a handful.
std::size_t distinct_colours(const Image& image);
// The most frequent colour in `area`.
Rgb dominant_colour(const Image& image, const Rect& area);
Rect whole(const Image& image);

}  // namespace mailscope::gui::testing
