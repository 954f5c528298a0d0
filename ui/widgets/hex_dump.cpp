#include "widgets/hex_dump.hpp"

#include <cstdio>

namespace mailscope::gui {
namespace {

const char* const kBullet = "\u2022";

struct ByteLook {
  bool payload = false;
  bool secret = false;
  bool masked = false;
};

ByteLook look_of(std::size_t index, std::span<const HexMark> marks) {
  ByteLook look;
  for (const HexMark& m : marks) {
    if (index < m.begin || index >= m.end) continue;
    if (m.kind == HexMark::Kind::kPayload) look.payload = true;
    if (m.kind == HexMark::Kind::kSecret) {
      look.secret = true;
      look.masked = look.masked || m.masked;
    }
  }
  return look;
}

char ascii_of(std::uint8_t b) {
  return b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.';
}

}  // namespace

std::string hex_dump_row(std::span<const std::uint8_t> bytes, std::size_t row_offset,
                         std::span<const HexMark> marks) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04zx", row_offset);
  std::string hex = std::string(buffer) + "  ";
  std::string ascii;
  for (std::size_t i = 0; i < kHexBytesPerRow; ++i) {
    const std::size_t index = row_offset + i;
    if (i == 8) hex += ' ';
    if (index >= bytes.size()) {
      hex += "   ";
      continue;
    }
    const ByteLook look = look_of(index, marks);
    if (look.masked) {
      hex += std::string(kBullet) + kBullet + " ";
      ascii += kBullet;
    } else {
      std::snprintf(buffer, sizeof buffer, "%02x ", bytes[index]);
      hex += buffer;
      ascii += ascii_of(bytes[index]);
    }
  }
  return hex + " " + ascii;
}

void draw_hex_dump_row(std::span<const std::uint8_t> bytes, std::size_t row_offset,
                       std::span<const HexMark> marks, const HexDumpColours& colours) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float glyph = ImGui::CalcTextSize("0").x;
  const float height = ImGui::GetTextLineHeight();
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%04zx", row_offset);
  draw->AddText(origin, colours.offset, buffer);

  // Columns: offset (4) + 2 spaces, 16 x "xx " with one extra space after 8, a space, ASCII.
  const float hex_x = origin.x + glyph * 6;
  const float ascii_x = hex_x + glyph * (3 * kHexBytesPerRow + 2);
  for (std::size_t i = 0; i < kHexBytesPerRow; ++i) {
    const std::size_t index = row_offset + i;
    if (index >= bytes.size()) break;
    const ByteLook look = look_of(index, marks);
    const float x = hex_x + glyph * static_cast<float>(3 * i + (i >= 8 ? 1 : 0));
    const float ax = ascii_x + glyph * static_cast<float>(i);
    ImU32 colour = look.payload ? colours.payload : colours.header;
    if (look.secret) {
      // The highlight spans the gap to the next byte, so a secret reads as one band.
      draw->AddRectFilled(ImVec2(x - glyph * 0.5f, origin.y),
                          ImVec2(x + glyph * 2.5f, origin.y + height), colours.secret_background);
      draw->AddRectFilled(ImVec2(ax, origin.y), ImVec2(ax + glyph, origin.y + height),
                          colours.secret_background);
      colour = colours.secret_text;
    }
    if (look.masked) {
      draw->AddText(ImVec2(x, origin.y), colour, "\u2022\u2022");
      draw->AddText(ImVec2(ax, origin.y), colour, kBullet);
      continue;
    }
    std::snprintf(buffer, sizeof buffer, "%02x", bytes[index]);
    draw->AddText(ImVec2(x, origin.y), colour, buffer);
    const char c[2] = {ascii_of(bytes[index]), 0};
    draw->AddText(ImVec2(ax, origin.y), colour, c);
  }
  ImGui::Dummy(ImVec2(glyph * (6 + 3 * kHexBytesPerRow + 2 + kHexBytesPerRow), height));
}

}  // namespace mailscope::gui
