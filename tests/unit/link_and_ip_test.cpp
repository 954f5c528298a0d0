// Link layers and IP: the frames tcpdump, `tcpdump -i any` and BSD loopback captures hold.
#include <gtest/gtest.h>

#include <vector>

#include "net/ip_layer.hpp"
#include "net/link_layer.hpp"
#include "net/tcp_segment.hpp"

namespace mailscope {
namespace {

using Bytes = std::vector<std::uint8_t>;

// A minimal IPv4 + TCP packet to 198.51.100.25:587 with `payload`.
Bytes ipv4_tcp(std::string_view payload, std::uint16_t id = 1, std::uint16_t frag = 0x4000,
               std::size_t options = 0) {
  std::size_t ihl = 20 + options;
  Bytes p(ihl + 20 + payload.size(), 0);
  p[0] = static_cast<std::uint8_t>(0x40 | (ihl / 4));
  p[2] = static_cast<std::uint8_t>(p.size() >> 8);
  p[3] = static_cast<std::uint8_t>(p.size());
  p[4] = static_cast<std::uint8_t>(id >> 8);
  p[5] = static_cast<std::uint8_t>(id);
  p[6] = static_cast<std::uint8_t>(frag >> 8);
  p[7] = static_cast<std::uint8_t>(frag);
  p[8] = 64;
  p[9] = 6;
  std::uint8_t src[4] = {192, 0, 2, 10}, dst[4] = {198, 51, 100, 25};
  std::copy(src, src + 4, p.begin() + 12);
  std::copy(dst, dst + 4, p.begin() + 16);
  for (std::size_t i = 20; i < ihl; ++i)
    p[i] = 1;  // NOP options
  std::size_t t = ihl;
  p[t + 0] = 0xC3;  // 50001
  p[t + 1] = 0x51;
  p[t + 2] = 0x02;  // 587
  p[t + 3] = 0x4B;
  p[t + 12] = 0x50;
  p[t + 13] = 0x18;
  std::copy(payload.begin(), payload.end(), p.begin() + static_cast<std::ptrdiff_t>(t + 20));
  return p;
}

Bytes with_prefix(Bytes prefix, const Bytes& ip) {
  prefix.insert(prefix.end(), ip.begin(), ip.end());
  return prefix;
}

Bytes ethernet_header(std::vector<std::uint16_t> tags) {
  Bytes h(12, 0xAA);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    std::uint16_t tpid = i == 0 && tags.size() == 2 ? 0x88A8 : 0x8100;
    h.push_back(static_cast<std::uint8_t>(tpid >> 8));
    h.push_back(static_cast<std::uint8_t>(tpid));
    h.push_back(static_cast<std::uint8_t>(tags[i] >> 8));
    h.push_back(static_cast<std::uint8_t>(tags[i]));
  }
  h.push_back(0x08);
  h.push_back(0x00);
  return h;
}

void expect_ipv4(const LinkResult& r, std::size_t size) {
  ASSERT_EQ(r.status, LinkResult::Status::kOk);
  EXPECT_EQ(r.network, NetworkProtocol::kIPv4);
  EXPECT_EQ(r.payload.size(), size);
  EXPECT_EQ(r.payload[0] >> 4, 4);
}

TEST(LinkLayer, EthernetWithVlanAndQinQ) {
  Bytes ip = ipv4_tcp("EHLO x\r\n");
  expect_ipv4(strip_link_layer(1, with_prefix(ethernet_header({}), ip)), ip.size());
  expect_ipv4(strip_link_layer(1, with_prefix(ethernet_header({100}), ip)), ip.size());
  expect_ipv4(strip_link_layer(1, with_prefix(ethernet_header({100, 200}), ip)), ip.size());
}

TEST(LinkLayer, LinuxCookedV1AndV2) {
  Bytes ip = ipv4_tcp("x");
  Bytes sll(16, 0);
  sll[14] = 0x08;
  expect_ipv4(strip_link_layer(113, with_prefix(sll, ip)), ip.size());
  Bytes sll2(20, 0);
  sll2[0] = 0x08;
  expect_ipv4(strip_link_layer(276, with_prefix(sll2, ip)), ip.size());
}

TEST(LinkLayer, BsdLoopbackRawAndUnknown) {
  Bytes ip = ipv4_tcp("x");
  expect_ipv4(strip_link_layer(0, with_prefix({2, 0, 0, 0}, ip)), ip.size());
  expect_ipv4(strip_link_layer(12, ip), ip.size());
  expect_ipv4(strip_link_layer(101, ip), ip.size());
  EXPECT_EQ(strip_link_layer(147, ip).status, LinkResult::Status::kUnsupportedLink);
  EXPECT_EQ(strip_link_layer(1, Bytes(10, 0)).status, LinkResult::Status::kTruncated);
}

TEST(IpLayer, OptionsAndEthernetPaddingAreHandled) {
  Bytes ip = ipv4_tcp("QUIT\r\n", 1, 0x4000, 8);
  Bytes padded = ip;
  padded.resize(ip.size() + 10, 0);  // Ethernet minimum-size padding after the IP packet
  IpLayer layer;
  IpPacket out;
  ASSERT_EQ(layer.decode(NetworkProtocol::kIPv4, padded, {}, out), IpLayer::Status::kOk);
  auto tcp = parse_tcp_segment(out.payload, out.missing_tail);
  ASSERT_TRUE(tcp);
  EXPECT_EQ(tcp->dst_port, 587);
  EXPECT_EQ(std::string(tcp->payload.begin(), tcp->payload.end()), "QUIT\r\n");
}

TEST(IpLayer, FragmentsAreReassembledInAnyOrder) {
  Bytes whole = ipv4_tcp("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");
  Bytes transport(whole.begin() + 20, whole.end());
  auto fragment = [&](std::size_t from, std::size_t to, bool more) {
    Bytes f(whole.begin(), whole.begin() + 20);
    f.insert(f.end(), transport.begin() + static_cast<std::ptrdiff_t>(from),
             transport.begin() + static_cast<std::ptrdiff_t>(to));
    f[2] = static_cast<std::uint8_t>(f.size() >> 8);
    f[3] = static_cast<std::uint8_t>(f.size());
    std::uint16_t field = static_cast<std::uint16_t>((from / 8) | (more ? 0x2000 : 0));
    f[6] = static_cast<std::uint8_t>(field >> 8);
    f[7] = static_cast<std::uint8_t>(field);
    return f;
  };
  IpLayer layer;
  IpPacket out;
  EXPECT_EQ(layer.decode(NetworkProtocol::kIPv4, fragment(32, transport.size(), false), {}, out),
            IpLayer::Status::kFragmentHeld);
  EXPECT_EQ(layer.decode(NetworkProtocol::kIPv4, fragment(0, 16, true), {}, out),
            IpLayer::Status::kFragmentHeld);
  ASSERT_EQ(layer.decode(NetworkProtocol::kIPv4, fragment(16, 32, true), {}, out),
            IpLayer::Status::kOk);
  EXPECT_TRUE(out.reassembled);
  EXPECT_TRUE(
      std::equal(out.payload.begin(), out.payload.end(), transport.begin(), transport.end()));
}

TEST(IpLayer, Ipv6WithExtensionHeaders) {
  Bytes ip4 = ipv4_tcp("* OK\r\n");
  Bytes tcp(ip4.begin() + 20, ip4.end());
  Bytes p(40, 0);
  p[0] = 0x60;
  std::size_t payload = 8 + tcp.size();  // one hop-by-hop header, then TCP
  p[4] = static_cast<std::uint8_t>(payload >> 8);
  p[5] = static_cast<std::uint8_t>(payload);
  p[6] = 0;  // hop-by-hop
  p[8] = 0x20;
  p[9] = 0x01;
  p[10] = 0x0d;
  p[11] = 0xb8;
  p[23] = 1;
  p[24] = 0x20;
  p[25] = 0x01;
  p[26] = 0x0d;
  p[27] = 0xb8;
  p[39] = 2;
  Bytes hop = {6, 0, 1, 4, 0, 0, 0, 0};
  p.insert(p.end(), hop.begin(), hop.end());
  p.insert(p.end(), tcp.begin(), tcp.end());
  IpLayer layer;
  IpPacket out;
  ASSERT_EQ(layer.decode(NetworkProtocol::kIPv6, p, {}, out), IpLayer::Status::kOk);
  EXPECT_EQ(out.protocol, 6);
  EXPECT_EQ(out.src.to_string(), "2001:db8::1");
  EXPECT_EQ((Endpoint{out.dst, 143}).to_string(), "[2001:db8::2]:143");
}

TEST(IpLayer, SnaplenCutIsReportedNotOverread) {
  Bytes ip = ipv4_tcp("a long line that the snaplen cut off");
  Bytes cut(ip.begin(), ip.begin() + 50);
  IpLayer layer;
  IpPacket out;
  ASSERT_EQ(layer.decode(NetworkProtocol::kIPv4, cut, {}, out), IpLayer::Status::kOk);
  EXPECT_EQ(out.payload.size(), 30U);
  EXPECT_EQ(out.missing_tail, ip.size() - 50);
}

TEST(IpLayer, GarbageIsMalformed) {
  IpLayer layer;
  IpPacket out;
  EXPECT_EQ(layer.decode(NetworkProtocol::kIPv4, Bytes(40, 0x45), {}, out),
            IpLayer::Status::kMalformed);
  EXPECT_EQ(layer.decode(NetworkProtocol::kIPv6, Bytes(12, 0x60), {}, out),
            IpLayer::Status::kMalformed);
}

}  // namespace
}  // namespace mailscope
