// Makes the fuzzers' seed corpora at run time (nothing of the captures is copied into the
// repository):
//
//   mailscope_fuzz_seeds captures OUT_DIR CAPTURE...
//       rebuilds every TCP connection of the captures and writes, under OUT_DIR, a session seed
//       per mail connection (smtp/, imap/, pop3/: its bytes in arrival order, gaps included),
//       and TLS seeds (tls/: each direction's TLS records, and the ClientHello, ServerHello and
//       Certificate bodies for the parsers).
//   mailscope_fuzz_seeds transcripts OUT_DIR TRANSCRIPT...
//       turns readable transcripts (fuzz/seeds/<protocol>/*.txt) into session inputs:
//         "S: text" / "C: text"   a server / client line (CRLF added)
//         "S+ text" / "C+ text"   the same, without a line ending
//         "S* N text"            the text repeated N times, no line ending (long lines)
//         In text, \xHH is a byte, \r and \n are CR and LF, \\ is a backslash.
//         "GAP C N" / "GAP S N"   N bytes missing from the capture
//         "# ..." and blank lines are comments.
//   mailscope_fuzz_seeds show SESSION_INPUT...
//       prints a session input (a seed, or a crash reproducer of fuzz_smtp/imap/pop3) as a
//       transcript in the format above, with the control byte spelled out.
//
// Seed files are named by a hash of their content, so reruns do not duplicate them.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "capture/packet_source.hpp"
#include "harness.hpp"
#include "net/ip_layer.hpp"
#include "net/link_layer.hpp"
#include "net/tcp_flow_table.hpp"
#include "net/tcp_segment.hpp"
#include "proto/protocol_detector.hpp"

namespace {

namespace fs = std::filesystem;
using namespace mailscope;
using fuzz::Bytes;

constexpr std::size_t kMaxSessionSeed = 16 * 1024;  // bytes of payload per session seed
constexpr std::size_t kMaxTlsSeed = 16 * 1024;

// Builds a session input (harness.hpp) record by record.
class SessionInput {
 public:
  explicit SessionInput(std::uint8_t control) { bytes_.push_back(control); }
  void data(Direction d, std::string_view payload) {
    while (!payload.empty()) {
      std::size_t n = std::min<std::size_t>(payload.size(), 0xFFFF);
      bytes_.push_back(static_cast<std::uint8_t>(d));
      bytes_.push_back(static_cast<std::uint8_t>(n & 0xFF));
      bytes_.push_back(static_cast<std::uint8_t>(n >> 8));
      bytes_.insert(bytes_.end(), payload.begin(), payload.begin() + static_cast<long>(n));
      payload_ += n;
      payload = payload.substr(n);
    }
  }
  void gap(Direction d, std::uint64_t count) {
    // (c + 1) << shift == count, or as close as 16 bits allow.
    unsigned shift = 0;
    while ((count >> shift) > 0x10000 && shift < 15)
      ++shift;
    std::uint64_t c = std::max<std::uint64_t>(count >> shift, 1) - 1;
    c = std::min<std::uint64_t>(c, 0xFFFF);
    bytes_.push_back(static_cast<std::uint8_t>(0x80 | (shift << 1) | static_cast<unsigned>(d)));
    bytes_.push_back(static_cast<std::uint8_t>(c & 0xFF));
    bytes_.push_back(static_cast<std::uint8_t>(c >> 8));
  }
  std::size_t payload() const { return payload_; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t payload_ = 0;
};

std::string hex_hash(const std::vector<std::uint8_t>& bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (std::uint8_t b : bytes)
    h = (h ^ b) * 1099511628211ULL;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

int g_written = 0;

void write_seed(const fs::path& dir, const std::string& prefix,
                const std::vector<std::uint8_t>& bytes) {
  fs::create_directories(dir);
  fs::path file = dir / (prefix + "-" + hex_hash(bytes));
  if (fs::exists(file)) return;
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<long>(bytes.size()));
  ++g_written;
}

// TLS seeds from one direction: the records from the first record header on, and the bodies of
// the handshake messages sent in clear.
void write_tls_seeds(const fs::path& out, const std::string& prefix, const std::string& stream,
                     Direction d) {
  auto bytes = std::span(reinterpret_cast<const std::uint8_t*>(stream.data()), stream.size());
  std::size_t start = std::string::npos;
  for (std::size_t at = 0; at + 5 <= bytes.size(); ++at) {
    if ((at == 0 || bytes[at - 1] == '\n') &&
        TlsRecordStream::looks_like_record(bytes.subspan(at))) {
      start = at;
      break;
    }
  }
  if (start == std::string::npos) return;
  Bytes records = bytes.subspan(start, std::min(kMaxTlsSeed, bytes.size() - start));
  std::vector<std::uint8_t> seed{
      static_cast<std::uint8_t>(d == Direction::kServerToClient ? 0x20 : 0)};
  seed.insert(seed.end(), records.begin(), records.end());
  write_seed(out / "tls", prefix + "-records", seed);

  // Handshake content until the first ChangeCipherSpec, then its messages one by one.
  std::vector<std::uint8_t> handshake;
  for (std::size_t at = 0; at + 5 <= records.size();) {
    std::uint8_t type = records[at];
    std::size_t length = (std::size_t{records[at + 3]} << 8) | records[at + 4];
    if (at + 5 + length > records.size() || type == 20) break;
    if (type == 22) {
      handshake.insert(handshake.end(), records.begin() + static_cast<long>(at + 5),
                       records.begin() + static_cast<long>(at + 5 + length));
    }
    at += 5 + length;
  }
  for (std::size_t at = 0; at + 4 <= handshake.size();) {
    std::uint8_t type = handshake[at];
    std::size_t length = (std::size_t{handshake[at + 1]} << 16) |
                         (std::size_t{handshake[at + 2]} << 8) | handshake[at + 3];
    if (at + 4 + length > handshake.size()) break;
    std::uint8_t mode = type == 1 ? 1 : type == 2 ? 2 : type == 11 ? 3 : 0;
    if (mode != 0) {
      std::vector<std::uint8_t> body{mode};
      body.insert(body.end(), handshake.begin() + static_cast<long>(at + 4),
                  handshake.begin() + static_cast<long>(at + 4 + length));
      write_seed(out / "tls", prefix + "-hs" + std::to_string(type), body);
    }
    at += 4 + length;
  }
}

// Keeps a connection's bytes as they are delivered, and writes its seeds when it is retired.
class SeedFlow final : public ConnectionHandler {
 public:
  SeedFlow(TcpConnection& connection, const fs::path& out, std::string prefix)
      : connection_(connection), out_(out), prefix_(std::move(prefix)) {}

  void on_packet(Side, const TcpSegment&, const PacketContext&) override {}
  void on_data(Side from, std::span<const std::uint8_t> bytes, const SegmentOrigin&) override {
    if (total_ >= kMaxSessionSeed * 4) return;
    items_.push_back(
        {from, std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size()), 0});
    total_ += bytes.size();
    int s = static_cast<int>(from);
    if (stream_[s].size() < 64 * 1024) stream_[s].append(items_.back().bytes);
  }
  void on_status(Side from, StreamStatus status, std::uint64_t count,
                 const SegmentOrigin&) override {
    if (status == StreamStatus::kGap) items_.push_back({from, {}, count});
  }
  void on_finish() override {
    if (items_.empty()) return;
    const ConnectionFacts& facts = connection_.facts();
    Side client = Side::kFirst;
    bool roles = false;
    if (facts.syn_from[0] || facts.syn_from[1]) {
      client = facts.syn_from[0] ? Side::kFirst : Side::kSecond;
      roles = true;
    } else if (protocol_for_port(facts.endpoints[0].port) != Protocol::kUnknown) {
      client = Side::kSecond;
    }
    auto other = [](Side s) { return s == Side::kFirst ? Side::kSecond : Side::kFirst; };
    DetectionInput in;
    in.from_client = std::string_view(stream_[static_cast<int>(client)]).substr(0, 8192);
    in.from_server = std::string_view(stream_[static_cast<int>(other(client))]).substr(0, 8192);
    in.client_port = facts.endpoints[static_cast<int>(client)].port;
    in.server_port = facts.endpoints[static_cast<int>(other(client))].port;
    in.roles_from_handshake = roles;
    in.final = true;
    Detection detection = detect_mail_protocol(in);
    if (detection.verdict != Detection::Verdict::kMail) return;
    if (detection.swap_roles) client = other(client);
    auto direction = [client](Side s) {
      return s == client ? Direction::kClientToServer : Direction::kServerToClient;
    };
    // The session targets are named like the protocols: fuzz_smtp, fuzz_imap, fuzz_pop3.
    if (detection.protocol != Protocol::kUnknown) {
      const std::string target(to_string(detection.protocol));
      SessionInput seed(0);
      for (const Item& item : items_) {
        if (seed.payload() >= kMaxSessionSeed) break;
        if (item.bytes.empty()) {
          seed.gap(direction(item.side), item.gap);
        } else {
          seed.data(direction(item.side), item.bytes);
        }
      }
      write_seed(out_ / target, prefix_, seed.bytes());
    }
    for (Side s : {Side::kFirst, Side::kSecond}) {
      write_tls_seeds(out_, prefix_, stream_[static_cast<int>(s)], direction(s));
    }
  }

 private:
  struct Item {
    Side side;
    std::string bytes;
    std::uint64_t gap;
  };
  TcpConnection& connection_;
  fs::path out_;
  std::string prefix_;
  std::vector<Item> items_;
  std::size_t total_ = 0;
  std::string stream_[2];
};

void seeds_from_capture(const fs::path& out, const fs::path& file) {
  std::unique_ptr<PacketSource> source;
  try {
    source = open_capture_file(file.string());
  } catch (const CaptureError& e) {
    std::cerr << "skipped: " << e.what() << "\n";
    return;
  }
  std::string prefix = file.stem().string();
  TcpFlowTable flows([&](TcpConnection& c) { return std::make_unique<SeedFlow>(c, out, prefix); });
  IpLayer ip;
  Packet packet;
  PacketContext last;
  while (source->next(packet)) {
    last = {packet.number, packet.time, 0, packet.wire_length};
    LinkResult link = strip_link_layer(packet.link_type, packet.data);
    if (link.status != LinkResult::Status::kOk) continue;
    IpPacket datagram;
    if (ip.decode(link.network, link.payload, packet.time, datagram) != IpLayer::Status::kOk ||
        datagram.protocol != 6) {
      continue;
    }
    auto segment = parse_tcp_segment(datagram.payload, datagram.missing_tail);
    if (!segment) continue;
    flows.process(datagram, *segment, last);
  }
  flows.finish_all(last);
}

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    char c = text[++i];
    if (c == 'r') {
      out += '\r';
    } else if (c == 'n') {
      out += '\n';
    } else if (c == 'x' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool transcript_to_seed(const fs::path& out, const fs::path& file) {
  std::ifstream in(file);
  if (!in) return false;
  SessionInput seed(0);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line.starts_with("GAP ") && line.size() > 6) {
      Direction d = line[4] == 'C' ? Direction::kClientToServer : Direction::kServerToClient;
      seed.gap(d, std::stoull(line.substr(6)));
      continue;
    }
    if (line.size() < 2 || (line[0] != 'C' && line[0] != 'S')) {
      std::cerr << file.string() << ": cannot read: " << line << "\n";
      return false;
    }
    Direction d = line[0] == 'C' ? Direction::kClientToServer : Direction::kServerToClient;
    std::string text = unescape(line.size() > 3 ? std::string_view(line).substr(3) : "");
    switch (line[1]) {
      case ':':
        seed.data(d, text + "\r\n");
        break;
      case '+':
        seed.data(d, text);
        break;
      case '*': {
        std::istringstream words(text);
        std::size_t count = 0;
        std::string unit;
        words >> count >> unit;
        std::string repeated;
        for (std::size_t i = 0; i < count; ++i)
          repeated += unit;
        seed.data(d, repeated);
        break;
      }
      default:
        std::cerr << file.string() << ": cannot read: " << line << "\n";
        return false;
    }
  }
  write_seed(out, file.stem().string(), seed.bytes());
  return true;
}

std::string escape(std::string_view bytes) {
  std::string out;
  for (char c : bytes) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (u >= 0x20 && u < 0x7F) {
      out += c;
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", u);
      out += hex;
    }
  }
  return out;
}

bool show_session_input(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::vector<std::uint8_t> all((std::istreambuf_iterator<char>(in)), {});
  if (all.empty()) return true;
  Bytes rest(all);
  std::uint8_t control = rest[0];
  rest = rest.subspan(1);
  std::cout << "# " << file.string() << ": chunks of "
            << (fuzz::kChunkSizes[control & 7] ? std::to_string(fuzz::kChunkSizes[control & 7])
                                               : std::string("whole records"))
            << ((control & 8) ? ", details" : "") << ((control & 16) ? ", copied chunks" : "")
            << "\n";
  while (!rest.empty()) {
    std::uint8_t tag = rest[0];
    rest = rest.subspan(1);
    char who = (tag & 1) ? 'S' : 'C';
    std::uint16_t n = fuzz::read_u16(rest);
    if (tag & 0x80) {
      std::cout << "GAP " << who << " " << ((std::uint64_t{n} + 1) << ((tag >> 1) & 15)) << "\n";
      continue;
    }
    std::size_t length = std::min<std::size_t>(n, rest.size());
    std::string_view text(reinterpret_cast<const char*>(rest.data()), length);
    rest = rest.subspan(length);
    if (text.size() >= 2 && text.ends_with("\r\n") &&
        text.substr(0, text.size() - 2).find_first_of("\r\n") == std::string_view::npos) {
      std::cout << who << ": " << escape(text.substr(0, text.size() - 2)) << "\n";
    } else {
      std::cout << who << "+ " << escape(text) << "\n";
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " captures OUT_DIR CAPTURE...\n"
              << "       " << argv[0] << " transcripts OUT_DIR TRANSCRIPT...\n";
    return 2;
  }
  std::string mode = argv[1];
  if (mode == "show") {
    for (int i = 2; i < argc; ++i)
      show_session_input(argv[i]);
    return 0;
  }
  fs::path out = argv[2];
  int failures = 0;
  for (int i = 3; i < argc; ++i) {
    if (mode == "captures") {
      seeds_from_capture(out, argv[i]);
    } else if (mode == "transcripts") {
      if (!transcript_to_seed(out, argv[i])) ++failures;
    } else {
      std::cerr << "unknown mode " << mode << "\n";
      return 2;
    }
  }
  std::cout << g_written << " seed(s) written under " << out.string() << "\n";
  return failures == 0 ? 0 : 1;
}
