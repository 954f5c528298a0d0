// StreamBuffer: each line taken from a stream names the packet that completed it, however the
// bytes were cut into segments; memory for those packet marks stays bounded on a long line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "proto/stream_buffer.hpp"

namespace mailscope {
namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Feeds `stream` in segments of `segment` bytes (segment n is packet n + 1, at second n + 1),
// taking every line as soon as it is complete, as the decoders do.
std::vector<Line> lines_of(const std::string& stream, std::size_t segment,
                           std::vector<std::string>& texts) {
  StreamBuffer buffer(Direction::kClientToServer);
  std::vector<Line> lines;
  std::uint64_t packet = 0;
  for (std::size_t at = 0; at < stream.size(); at += segment) {
    std::string_view piece = std::string_view(stream).substr(at, segment);
    ++packet;
    buffer.append(bytes_of(piece), at, packet, Timestamp{static_cast<std::int64_t>(packet), 0});
    while (auto line = buffer.next_line()) {
      texts.emplace_back(line->text);
      lines.push_back(*line);
    }
    buffer.keep();
  }
  return lines;
}

// A line names the packet of its last character (a password's, say), not of its CRLF.
TEST(StreamBuffer, EachLineNamesThePacketOfItsLastCharacter) {
  std::string stream = "EHLO a\r\nAUTH LOGIN\r\nYWxpY2U=\r\n";
  std::vector<std::string> texts;
  auto lines = lines_of(stream, 5, texts);
  ASSERT_EQ(texts, (std::vector<std::string>{"EHLO a", "AUTH LOGIN", "YWxpY2U="}));
  // Last characters: byte 5 (segment 2, bytes 5-9), 17 (segment 4), 27 (segment 6).
  EXPECT_EQ(lines[0].packet, 2u);
  EXPECT_EQ(lines[1].packet, 4u);
  EXPECT_EQ(lines[2].packet, 6u);
  EXPECT_EQ(lines[2].time.seconds, 6);
  EXPECT_EQ(lines[1].bytes.begin, 8u);
  EXPECT_EQ(lines[1].bytes.end, 18u);  // without the CRLF
}

TEST(StreamBuffer, ALineOverThousandsOfSegmentsKeepsItsPacketsRight) {
  // A 5,000-byte line, then short lines. The marks of the consumed segments are dropped once the
  // long line is read (all of them at one byte a segment; all but the one still being read at
  // seven); the lines after it must still name their packets.
  std::string stream = std::string(5000, 'x') + "\r\nOK\r\nNOOP\r\nQUIT\r\n";
  struct Case {
    std::size_t segment;
    std::uint64_t packets[4];
  };
  // Last characters at bytes 4999, 5003, 5009 and 5015. At seven bytes a segment, "OK" lies
  // wholly in the segment that ends the long line: its mark is the one kept.
  for (const Case& c : {Case{1, {5000, 5004, 5010, 5016}}, Case{7, {715, 715, 716, 717}}}) {
    SCOPED_TRACE(c.segment);
    std::vector<std::string> texts;
    auto lines = lines_of(stream, c.segment, texts);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(texts[0].size(), 5000u);
    EXPECT_EQ(texts[1], "OK");
    EXPECT_EQ(texts[3], "QUIT");
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(lines[i].packet, c.packets[i]) << "line " << i;
    EXPECT_EQ(lines[3].time.seconds, static_cast<std::int64_t>(c.packets[3]));
    EXPECT_EQ(lines[3].bytes.begin, 5012u);
  }
}

}  // namespace
}  // namespace mailscope
