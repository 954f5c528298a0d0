// The flow table: connections found by their 4-tuple either way, a new SYN on a used 4-tuple
// starts a new connection, and memory is bounded by what is open at once.
#include <gtest/gtest.h>

#include <vector>

#include "net/tcp_flow_table.hpp"

namespace mailscope {
namespace {

struct Journal {
  int created = 0;
  int finished = 0;
  std::string data[8];
  std::vector<int> finish_order;  // handler indices, in the order they finished
};

class JournalHandler final : public ConnectionHandler {
 public:
  JournalHandler(Journal& j, int index) : journal_(j), index_(index) {}
  void on_packet(Side, const TcpSegment&, const PacketContext&) override {}
  void on_data(Side, std::span<const std::uint8_t> b, const SegmentOrigin&) override {
    if (index_ < 8) journal_.data[index_].append(b.begin(), b.end());
  }
  void on_status(Side, StreamStatus, std::uint64_t, const SegmentOrigin&) override {}
  void on_finish() override {
    ++journal_.finished;
    journal_.finish_order.push_back(index_);
  }

 private:
  Journal& journal_;
  int index_;
};

IpPacket between(std::uint8_t client_host, std::uint8_t server_host) {
  IpPacket ip;
  std::uint8_t a[4] = {192, 0, 2, client_host};
  std::uint8_t b[4] = {198, 51, 100, server_host};
  ip.src = IpAddress::v4(a);
  ip.dst = IpAddress::v4(b);
  ip.protocol = 6;
  return ip;
}

IpPacket reversed(IpPacket ip) {
  std::swap(ip.src, ip.dst);
  return ip;
}

TcpSegment segment(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint8_t flags,
                   std::string_view payload = {}) {
  TcpSegment s;
  s.src_port = sport;
  s.dst_port = dport;
  s.seq = seq;
  s.flags = flags;
  s.payload = {reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()};
  return s;
}

PacketContext at(std::uint64_t number, std::int64_t seconds) {
  return {number, {seconds, 0}, 0, 0};
}

TcpFlowTable table_for(Journal& journal, TcpFlowTable::Limits limits = {}) {
  return TcpFlowTable(
      [&journal](TcpConnection&) {
        return std::make_unique<JournalHandler>(journal, journal.created++);
      },
      limits);
}

TEST(TcpFlowTable, BothDirectionsMeetInOneConnection) {
  Journal j;
  TcpFlowTable table = table_for(j);
  IpPacket c2s = between(10, 25);
  table.process(c2s, segment(50000, 25, 100, TcpSegment::kSyn), at(1, 0));
  table.process(reversed(c2s), segment(25, 50000, 900, TcpSegment::kSyn | TcpSegment::kAck),
                at(2, 0));
  table.process(reversed(c2s), segment(25, 50000, 901, TcpSegment::kAck, "220 hi\r\n"), at(3, 0));
  table.process(c2s, segment(50000, 25, 101, TcpSegment::kAck, "EHLO x\r\n"), at(4, 0));
  EXPECT_EQ(j.created, 1);
  EXPECT_EQ(j.data[0], "220 hi\r\nEHLO x\r\n");
  table.finish_all(at(5, 0));
  EXPECT_EQ(j.finished, 1);
}

TEST(TcpFlowTable, NewSynOnAClosedFourTupleStartsANewConnection) {
  Journal j;
  TcpFlowTable table = table_for(j);
  IpPacket c2s = between(10, 25);
  table.process(c2s, segment(50000, 25, 100, TcpSegment::kSyn), at(1, 0));
  table.process(c2s, segment(50000, 25, 101, TcpSegment::kAck, "QUIT\r\n"), at(2, 0));
  table.process(c2s, segment(50000, 25, 107, TcpSegment::kFin | TcpSegment::kAck), at(3, 0));
  table.process(reversed(c2s), segment(25, 50000, 5, TcpSegment::kFin | TcpSegment::kAck),
                at(4, 0));
  table.process(c2s, segment(50000, 25, 7000, TcpSegment::kSyn), at(5, 1));
  table.process(c2s, segment(50000, 25, 7001, TcpSegment::kAck, "EHLO again\r\n"), at(6, 1));
  EXPECT_EQ(j.created, 2);
  EXPECT_EQ(j.data[0], "QUIT\r\n");
  EXPECT_EQ(j.data[1], "EHLO again\r\n");
  table.finish_all(at(7, 1));
  EXPECT_EQ(j.finished, 2);
}

TEST(TcpFlowTable, RetransmittedSynIsTheSameConnection) {
  Journal j;
  TcpFlowTable table = table_for(j);
  IpPacket c2s = between(10, 25);
  table.process(c2s, segment(50000, 25, 100, TcpSegment::kSyn), at(1, 0));
  table.process(c2s, segment(50000, 25, 100, TcpSegment::kSyn), at(2, 1));
  EXPECT_EQ(j.created, 1);
}

TEST(TcpFlowTable, ClosedAndIdleConnectionsAreRetiredAndTheCapHolds) {
  Journal j;
  TcpFlowTable::Limits limits;
  limits.max_connections = 1000;
  limits.idle_timeout_seconds = 60;
  limits.closed_linger_seconds = 2;
  TcpFlowTable table = table_for(j, limits);
  // 300,000 flows of one SYN each, one per millisecond: never more than the cap open at once.
  std::size_t peak = 0;
  for (std::uint32_t i = 0; i < 300000; ++i) {
    IpPacket ip = between(static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i >> 8));
    table.process(ip,
                  segment(static_cast<std::uint16_t>(1024 + i % 60000), 25, i, TcpSegment::kSyn),
                  at(i + 1, i / 1000));
    peak = std::max(peak, table.open_connections());
  }
  EXPECT_LE(peak, limits.max_connections);
  EXPECT_EQ(j.created, 300000);
  EXPECT_EQ(j.finished + static_cast<int>(table.open_connections()), 300000);
  // A closed connection goes after its short linger, well before the idle timeout.
  Journal k;
  TcpFlowTable small = table_for(k, limits);
  IpPacket c2s = between(1, 2);
  small.process(c2s, segment(40000, 25, 1, TcpSegment::kSyn), at(1, 0));
  small.process(c2s, segment(40000, 25, 2, TcpSegment::kRst), at(2, 0));
  small.process(between(3, 4), segment(40001, 25, 1, TcpSegment::kSyn), at(3, 10));
  EXPECT_EQ(k.finished, 1);
  EXPECT_EQ(small.open_connections(), 1U);
}

TEST(TcpFlowTable, AtTheEndClosedConnectionsGoFirstThenTheLeastRecentlyActive) {
  // The report lists sessions in the order they finish: at the end of a capture that order
  // is the table's own, never the hash table's (which changes with the hash function).
  Journal j;
  TcpFlowTable table = table_for(j);
  table.process(between(1, 9), segment(40000, 25, 1, TcpSegment::kSyn), at(1, 0));  // 0
  table.process(between(2, 9), segment(40001, 25, 1, TcpSegment::kSyn), at(2, 0));  // 1
  table.process(between(3, 9), segment(40002, 25, 1, TcpSegment::kSyn), at(3, 0));  // 2
  table.process(between(4, 9), segment(40003, 25, 1, TcpSegment::kSyn), at(4, 0));  // 3
  table.process(between(3, 9), segment(40002, 25, 2, TcpSegment::kRst), at(5, 0));
  table.process(between(1, 9), segment(40000, 25, 2, TcpSegment::kAck, "x"), at(6, 0));
  table.process(between(2, 9), segment(40001, 25, 2, TcpSegment::kRst), at(7, 0));
  table.finish_all(at(8, 0));
  EXPECT_EQ(j.finish_order, (std::vector<int>{2, 1, 3, 0}));
}

TEST(TcpFlowTable, PacketsOfInterleavedAndRetiredConnectionsReachTheirOwn) {
  // The table remembers the previous packet's connection: interleaved packets must still reach
  // their own connection, and one retired in between must not be found again by its 4-tuple.
  Journal j;
  TcpFlowTable table = table_for(j);
  IpPacket a = between(1, 9);
  IpPacket b = between(2, 9);
  table.process(a, segment(40000, 25, 1, TcpSegment::kSyn), at(1, 0));
  table.process(a, segment(40000, 25, 2, TcpSegment::kAck, "a1 "), at(2, 0));
  table.process(b, segment(40001, 25, 1, TcpSegment::kSyn), at(3, 0));
  table.process(reversed(a), segment(25, 40000, 7, TcpSegment::kAck, "r1 "), at(4, 0));
  table.process(b, segment(40001, 25, 2, TcpSegment::kAck, "b1 "), at(5, 0));
  table.process(a, segment(40000, 25, 5, TcpSegment::kAck, "a2 "), at(6, 0));
  EXPECT_EQ(j.data[0], "a1 r1 a2 ");
  EXPECT_EQ(j.data[1], "b1 ");
  // With room for one connection, B's closing packet retires B itself at once (the closed go
  // first), the very connection that packet found: B's 4-tuple then opens a new one (a stale
  // memory of B would be a use after free, which AddressSanitizer reports).
  Journal k;
  TcpFlowTable::Limits one;
  one.max_connections = 1;
  TcpFlowTable small = table_for(k, one);
  small.process(a, segment(40000, 25, 1, TcpSegment::kSyn), at(1, 0));
  small.process(b, segment(40001, 25, 1, TcpSegment::kRst, "b1 "), at(2, 0));
  EXPECT_EQ(k.finish_order, (std::vector<int>{1}));
  small.process(b, segment(40001, 25, 4, TcpSegment::kAck, "b2 "), at(3, 0));
  EXPECT_EQ(k.created, 3);
  EXPECT_EQ(k.data[1], "b1 ");
  EXPECT_EQ(k.data[2], "b2 ");
}

TEST(TcpFlowTable, StrayPacketsWithoutPayloadOpenNothing) {
  Journal j;
  TcpFlowTable table = table_for(j);
  table.process(between(1, 2), segment(40000, 25, 1, TcpSegment::kRst), at(1, 0));
  table.process(between(1, 2), segment(40000, 25, 1, TcpSegment::kAck), at(2, 0));
  EXPECT_EQ(j.created, 0);
}

}  // namespace
}  // namespace mailscope
