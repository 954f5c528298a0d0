// TCP reassembly of one direction: order, holes, overlaps and the bounds that keep memory flat.
#include <gtest/gtest.h>

#include <string>

#include "net/tcp_stream_reassembler.hpp"

namespace mailscope {
namespace {

class Collector final : public StreamConsumer {
 public:
  void on_stream_data(std::span<const std::uint8_t> b, const SegmentOrigin& o) override {
    data.append(reinterpret_cast<const char*>(b.data()), b.size());
    packets.push_back(o.packet);
    offsets.push_back(o.stream_offset);
  }
  void on_stream_status(StreamStatus s, std::uint64_t n, const SegmentOrigin& o) override {
    statuses.push_back(s);
    counts.push_back(n);
    status_offsets.push_back(o.stream_offset);
  }
  int count(StreamStatus s) const {
    return static_cast<int>(std::count(statuses.begin(), statuses.end(), s));
  }
  std::string data;
  std::vector<std::uint64_t> packets, offsets, counts, status_offsets;
  std::vector<StreamStatus> statuses;
};

std::span<const std::uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

SegmentOrigin packet(std::uint64_t n) {
  return {n, {}, 0, 0};
}

constexpr std::uint32_t kIsn = 4294967290U;  // wraps around 2^32 within the test

TEST(TcpReassembler, InOrderAcrossSequenceWrap) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(kIsn);
  r.on_segment(kIsn + 1, bytes("EHLO "), false, packet(3));
  r.on_segment(kIsn + 6, bytes("x\r\n"), false, packet(4));
  EXPECT_EQ(c.data, "EHLO x\r\n");
  EXPECT_EQ(c.offsets, (std::vector<std::uint64_t>{0, 5}));
  EXPECT_TRUE(c.statuses.empty());
}

TEST(TcpReassembler, OutOfOrderIsHeldThenDelivered) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(100);
  r.on_segment(106, bytes("world"), false, packet(2));
  EXPECT_EQ(c.data, "");
  r.on_segment(101, bytes("hello"), false, packet(3));
  EXPECT_EQ(c.data, "helloworld");
  EXPECT_EQ(c.count(StreamStatus::kOutOfOrder), 1);
  EXPECT_EQ(r.held_bytes(), 0U);
}

TEST(TcpReassembler, IdenticalRetransmissionIsIgnoredConflictingIsReported) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(0);
  r.on_segment(1, bytes("PASS secret\r\n"), false, packet(2));
  r.on_segment(1, bytes("PASS secret\r\n"), false, packet(3));
  r.on_segment(1, bytes("PASS public\r\n"), false, packet(4));
  EXPECT_EQ(c.data, "PASS secret\r\n") << "the first copy wins";
  EXPECT_EQ(c.count(StreamStatus::kRetransmission), 1);
  EXPECT_EQ(c.count(StreamStatus::kConflictingOverlap), 1);
}

TEST(TcpReassembler, PartialOverlapDeliversOnlyTheNewBytes) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(0);
  r.on_segment(1, bytes("abcdef"), false, packet(2));
  r.on_segment(4, bytes("defghi"), false, packet(3));
  EXPECT_EQ(c.data, "abcdefghi");
}

TEST(TcpReassembler, PeerAcknowledgingUnseenBytesDeclaresAGap) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(0);
  r.on_segment(1, bytes("abc"), false, packet(2));
  // 1000 bytes never captured, then more data arrives and the peer acknowledges it all.
  r.on_segment(1004, bytes("xyz"), false, packet(3));
  r.on_peer_ack(1007, packet(4));
  EXPECT_EQ(c.data, "abcxyz");
  ASSERT_EQ(c.count(StreamStatus::kGap), 1);
  auto gap =
      std::find(c.statuses.begin(), c.statuses.end(), StreamStatus::kGap) - c.statuses.begin();
  EXPECT_EQ(c.counts[gap], 1000U);
  EXPECT_EQ(c.status_offsets[gap], 3U);
  EXPECT_EQ(c.offsets.back(), 1003U) << "stream offsets count the missing bytes";
}

TEST(TcpReassembler, FlushDeliversHeldBytesAfterTheHole) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(0);
  r.on_segment(11, bytes("tail"), false, packet(2));
  r.flush(packet(3));
  EXPECT_EQ(c.data, "tail");
  EXPECT_EQ(c.count(StreamStatus::kGap), 1);
}

TEST(TcpReassembler, NoSynStartsAtTheFirstSegment) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_segment(123456, bytes("* OK"), false, packet(1));
  EXPECT_EQ(c.data, "* OK");
  EXPECT_FALSE(r.syn_seen());
}

TEST(TcpReassembler, OneByteSegmentsInReverseStayWithinTheBound) {
  // A million one-byte segments in reverse order: held bytes never pass the cap, the hole is
  // declared a gap when the cap is reached, and nothing is lost beyond what had to be.
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(0);
  constexpr std::uint32_t kSegments = 1'000'000;
  std::size_t peak_held = 0;
  for (std::uint32_t i = kSegments; i >= 1; --i) {
    r.on_segment(i, bytes("x"), false, packet(kSegments - i + 1));
    peak_held = std::max(peak_held, r.held_bytes());
  }
  r.flush(packet(kSegments + 1));
  EXPECT_LE(peak_held, TcpStreamReassembler::kMaxHeldSegments + 1);
  EXPECT_GT(c.count(StreamStatus::kPendingLimit), 0);
  EXPECT_EQ(r.held_bytes(), 0U);
}

TEST(TcpReassembler, FinIsReachedOnlyWhenAllBytesArrived) {
  Collector c;
  TcpStreamReassembler r(c);
  r.on_syn(0);
  r.on_segment(4, bytes("def"), true, packet(2));
  EXPECT_FALSE(r.fin_reached());
  r.on_segment(1, bytes("abc"), false, packet(3));
  EXPECT_TRUE(r.fin_reached());
}

}  // namespace
}  // namespace mailscope
