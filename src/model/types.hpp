// Small value types shared by every layer: time, endpoints, and the enums that name what a
// session is. Kept free of any parsing so the model can be read without the decoders.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace mailscope {

// Capture time with nanosecond resolution (pcap files carry micro- or nanoseconds).
//
// The per-packet and per-segment functions take it by const reference, not by value: past six
// arguments a value goes on the stack, written there as 8 + 4 bytes and read back as one
// 16-byte load, which the store buffer cannot forward: a stall each call, most of
// MailSessionDecoder::on_data's own time (perf, real capture).
struct Timestamp {
  std::int64_t seconds = 0;
  std::uint32_t nanoseconds = 0;

  double as_seconds() const { return static_cast<double>(seconds) + nanoseconds * 1e-9; }
  auto operator<=>(const Timestamp&) const = default;
};

// "2026-03-02T09:00:00.123456Z"; microsecond precision is what a trainer can relate to.
std::string to_iso8601(Timestamp t);

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses the first four bytes
  bool is_v6 = false;

  static IpAddress v4(const std::uint8_t* b) {
    IpAddress a;
    a.assign_v4(b);
    return a;
  }
  static IpAddress v6(const std::uint8_t* b) {
    IpAddress a;
    a.assign_v6(b);
    return a;
  }
  // In place, for the IP layer, as two 8-byte stores: `out.src = v4(b)` built the address in
  // a temporary and read it back as one 16-byte load from the smaller stores just made, a
  // store-forwarding stall on every packet (perf: 6 % of all samples on a capture of small
  // packets); the flow table then reads the address as the two words stored here.
  void assign_v4(const std::uint8_t* b) {
    std::uint32_t v4 = 0;
    std::memcpy(&v4, b, 4);
    std::uint64_t first =
        std::endian::native == std::endian::little ? std::uint64_t{v4} : std::uint64_t{v4} << 32;
    std::uint64_t second = 0;
    std::memcpy(bytes.data(), &first, 8);
    std::memcpy(bytes.data() + 8, &second, 8);
    is_v6 = false;
  }
  void assign_v6(const std::uint8_t* b) {
    std::memcpy(bytes.data(), b, 16);
    is_v6 = true;
  }
  std::string to_string() const;

  // The order of the bytes, then the family, as a defaulted comparison would give, but on two
  // 64-bit words: the flow table compares addresses for every packet, and the defaulted one
  // called memcmp for each.
  std::strong_ordering operator<=>(const IpAddress& o) const {
    for (int half = 0; half < 2; ++half) {
      std::uint64_t a = word(half);
      std::uint64_t b = o.word(half);
      if (a != b) return a <=> b;
    }
    return is_v6 <=> o.is_v6;
  }
  bool operator==(const IpAddress& o) const {
    return word(0) == o.word(0) && word(1) == o.word(1) && is_v6 == o.is_v6;
  }

 private:
  // Bytes 8*half .. 8*half+7 as a number that orders like the bytes do.
  std::uint64_t word(int half) const {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + 8 * half, 8);
    if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
    return w;
  }
};

struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;

  // "192.0.2.1:50123" or "[2001:db8::1]:587", as the JSON report writes endpoints.
  std::string to_string() const;
  void append_to(std::string& out) const;  // as to_string(), without a string of its own
  auto operator<=>(const Endpoint&) const = default;
};

enum class Direction : std::uint8_t { kClientToServer = 0, kServerToClient = 1 };
inline Direction opposite(Direction d) {
  return d == Direction::kClientToServer ? Direction::kServerToClient : Direction::kClientToServer;
}

enum class Protocol : std::uint8_t { kUnknown, kSmtp, kImap, kPop3 };
enum class Hop : std::uint8_t { kUnknown, kSubmission, kRelay, kRetrieval };
enum class Transport : std::uint8_t { kPlaintext, kStartTls, kImplicitTls };
enum class Severity : std::uint8_t { kInfo, kWarning, kCritical };

// The lower-case names the JSON report uses.
std::string_view to_string(Protocol p);
std::string_view to_string(Hop h);
std::string_view to_string(Transport t);
std::string_view to_string(Severity s);

// The code points of UTF-8 text, its bytes but the continuation bytes (10xxxxxx): the columns a
// terminal gives it (padlocks and accents in the report, a secret's length in its mask).
std::size_t code_points(std::string_view utf8);

}  // namespace mailscope
