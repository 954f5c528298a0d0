#pragma once

#include <imgui.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mailscope::gui {

// A stretch of the frame the dump marks: the TCP payload (the rest is link, IP and TCP
// headers), or a secret (highlighted; masked as bullets unless revealed).
struct HexMark {
  enum class Kind : std::uint8_t { kPayload, kSecret };
  Kind kind = Kind::kPayload;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool masked = false;
};

struct HexDumpColours {
  ImU32 offset;
  ImU32 header;  // bytes before the payload
  ImU32 payload;
  ImU32 secret_text;
  ImU32 secret_background;
};

// One row of the dump as text: "0040  41 55 54 48 ...  AUTH PLAIN ..." with masked secret
// bytes as "••" and "•". What the widget draws, and what the tests read.
std::string hex_dump_row(std::span<const std::uint8_t> bytes, std::size_t row_offset,
                         std::span<const HexMark> marks);

// Offset, 16 bytes in hex (8 + 8) and their ASCII, one row at a time through a list clipper,
// in the current (monospaced) font. Calls `on_row` with each drawn row's text.
template <typename OnRow>
void draw_hex_dump(std::span<const std::uint8_t> bytes, std::span<const HexMark> marks,
                   const HexDumpColours& colours, OnRow&& on_row);

// Non-template part: draws one row at the cursor.
void draw_hex_dump_row(std::span<const std::uint8_t> bytes, std::size_t row_offset,
                       std::span<const HexMark> marks, const HexDumpColours& colours);

constexpr std::size_t kHexBytesPerRow = 16;

template <typename OnRow>
void draw_hex_dump(std::span<const std::uint8_t> bytes, std::span<const HexMark> marks,
                   const HexDumpColours& colours, OnRow&& on_row) {
  const int rows = static_cast<int>((bytes.size() + kHexBytesPerRow - 1) / kHexBytesPerRow);
  ImGuiListClipper clipper;
  clipper.Begin(rows, ImGui::GetTextLineHeightWithSpacing());
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const std::size_t offset = static_cast<std::size_t>(row) * kHexBytesPerRow;
      draw_hex_dump_row(bytes, offset, marks, colours);
      on_row(hex_dump_row(bytes, offset, marks));
    }
  }
}

}  // namespace mailscope::gui
