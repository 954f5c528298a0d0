// The address value type: formatted as inet_ntop formats it (IPv4 is done by hand), and ordered
// as its bytes are (the flow table's keys and the order it retires connections in rely on it).
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "model/types.hpp"

namespace mailscope {
namespace {

std::string ntop(const IpAddress& a) {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(a.is_v6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof buf);
  return buf;
}

TEST(IpAddress, FormatsLikeInetNtop) {
  std::vector<std::array<std::uint8_t, 4>> v4 = {
      {0, 0, 0, 0}, {255, 255, 255, 255}, {10, 0, 0, 1}, {192, 0, 2, 100}, {1, 20, 200, 9}};
  for (const auto& b : v4) {
    IpAddress a = IpAddress::v4(b.data());
    EXPECT_EQ(a.to_string(), ntop(a));
    EXPECT_EQ((Endpoint{a, 587}).to_string(), ntop(a) + ":587");
  }
  std::mt19937 random(7);
  for (int i = 0; i < 1000; ++i) {
    std::array<std::uint8_t, 16> b{};
    for (auto& byte : b)
      byte = static_cast<std::uint8_t>(random() % 4 == 0 ? 0 : random());  // runs of zeros too
    IpAddress v6 = IpAddress::v6(b.data());
    IpAddress v4addr = IpAddress::v4(b.data());
    EXPECT_EQ(v6.to_string(), ntop(v6));
    std::string bracketed = "[";
    bracketed += ntop(v6);
    bracketed += "]:65535";
    EXPECT_EQ((Endpoint{v6, 65535}).to_string(), bracketed);
    EXPECT_EQ(v4addr.to_string(), ntop(v4addr));
  }
}

TEST(IpAddress, OrdersByItsBytesThenItsFamily) {
  std::mt19937 random(11);
  auto make = [&random] {
    IpAddress a;
    for (auto& byte : a.bytes)
      byte = static_cast<std::uint8_t>(random() % 3);  // few values: many equal prefixes
    a.is_v6 = random() % 2;
    return a;
  };
  auto reference = [](const IpAddress& x, const IpAddress& y) {
    int bytes = std::memcmp(x.bytes.data(), y.bytes.data(), 16);
    if (bytes != 0) return bytes < 0 ? -1 : 1;
    return x.is_v6 == y.is_v6 ? 0 : (x.is_v6 ? 1 : -1);
  };
  for (int i = 0; i < 20000; ++i) {
    IpAddress x = make();
    IpAddress y = i % 5 == 0 ? x : make();
    int expected = reference(x, y);
    auto order = x <=> y;
    EXPECT_EQ(order < 0, expected < 0);
    EXPECT_EQ(order == 0, expected == 0);
    EXPECT_EQ(x == y, expected == 0);
  }
}

TEST(CodePoints, CountsCharactersNotBytesAcrossTheEightByteSteps) {
  EXPECT_EQ(code_points(""), 0u);
  EXPECT_EQ(code_points("plaintext"), 9u);
  EXPECT_EQ(code_points("🔒 STARTTLS TLS 1.3"), 18u);  // a four-byte padlock
  EXPECT_EQ(code_points("jürgen.müller@bücher.lu"), 23u);
  std::string many;
  for (int i = 0; i < 37; ++i)
    many += i % 3 ? "é" : "e";  // two-byte letters straddling every word boundary
  EXPECT_EQ(code_points(many), 37u);
}

}  // namespace
}  // namespace mailscope
