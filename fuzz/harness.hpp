#pragma once

// What each fuzz target does with its input, in one header so that the libFuzzer targets, the
// seed maker and the regression unit test (tests/unit/fuzz_regressions_test.cpp) run exactly
// the same code on the same bytes. Every function here must survive any input: a crash, a
// sanitizer report, a leak or an exception other than the documented ones is a bug in src/.
//
// Input formats (see docs/robustness.md):
//
// Session targets (SMTP, IMAP, POP3):
//   byte 0   control: bits 0-2 pick the chunk size a record is cut into (whole record, 1, 2,
//            3, 7, 64, 536 or 1460 bytes); bit 3 makes the observer ask for details (the GUI's
//            path: events and segments); bit 4 hands each chunk over in a copy that is freed
//            right after on_data() returns, as the reassembler's buffers are, so that ASan
//            sees any view the decoder keeps past the call.
//   records  tag byte t:
//            t & 0x80 == 0: data; direction t & 1 (0 client, 1 server); then a 2-byte
//                           little-endian length; then that many bytes (or what is left).
//            t & 0x80 != 0: gap; direction t & 1; then a 2-byte little-endian count c; the
//                           gap is (c + 1) << ((t >> 1) & 15) bytes (up to 2^31, as far as
//                           the TCP reassembler can ever declare one).
//
// SASL: byte 0 picks the mechanism (index into kSaslMechanisms; past its end the first line is
//   the mechanism's name); the rest is lines, each starting with an action letter:
//   'I' initial response, 'S' server challenge, 'C' client response, 'A' accepted,
//   'R' rejected, 'X' abandoned; other lines are client responses as a whole.
//
// TLS: byte 0: bits 0-1 pick what reads the rest: 0 the record stream (both directions),
//   1 parse_client_hello, 2 parse_server_hello, 3 parse_certificate_message; bits 2-4 the
//   chunk size for the record stream (as for sessions); bit 5 the direction.
//
// Capture: the bytes of a pcap or pcapng file, written to a file and analysed as the CLI does.

#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/result_collector.hpp"
#include "capture/packet_source.hpp"
#include "capture/pcapng_reader.hpp"
#include "model/session.hpp"
#include "model/session_observer.hpp"
#include "proto/base64.hpp"
#include "proto/mail_session_decoder.hpp"
#include "proto/sasl.hpp"
#include "proto/sasl_attempt.hpp"
#include "proto/session_recorder.hpp"
#include "proto/tls_handshake.hpp"
#include "proto/tls_record_stream.hpp"
#include "report/json_report.hpp"
#include "report/report_writer.hpp"

namespace mailscope::fuzz {

using Bytes = std::span<const std::uint8_t>;

inline constexpr std::array<std::size_t, 8> kChunkSizes = {0, 1, 2, 3, 7, 64, 536, 1460};

// Keeps what an observer is told, as the GUI's store would, and touches every field so that
// the sanitizers see any dangling view in it.
class TouchingObserver final : public SessionObserver {
 public:
  explicit TouchingObserver(bool details) : details_(details) {}
  bool wants_details() const override { return details_; }
  void on_event(const Session&, const Event& e) override {
    sum_ += touch(e.text) + touch(e.detail);
    note(e.bytes, e.packet);
  }
  void on_credential(const Credential& c) override {
    sum_ += touch(c.username) + touch(c.mechanism) + (c.secret ? touch(*c.secret) : 0);
    note(c.secret_bytes, c.packet);
  }
  void on_finding(const Finding& f) override { sum_ += touch(f.code) + touch(f.message); }
  void on_session_update(const Session& s) override { sum_ += s.warnings.size(); }
  std::size_t sum() const { return sum_; }

  // What the views rely on: every byte range and packet number an item points at lies within
  // what was delivered (the hex view highlights these bytes; the packet list selects that
  // packet). Traps, so that the fuzzer reports a violation as a crash.
  void check_within(const std::uint64_t delivered[2], std::uint64_t packets) const {
    for (const auto& [range, packet] : items_) {
      if (range.begin > range.end) __builtin_trap();
      if (range.end > delivered[static_cast<int>(range.direction)]) __builtin_trap();
      if (packet > packets) __builtin_trap();
    }
  }

 private:
  void note(const ByteRange& range, std::uint64_t packet) {
    if (items_.size() < 4096) items_.emplace_back(range, packet);
  }
  static std::size_t touch(std::string_view s) {
    std::size_t h = s.size();
    for (char c : s)
      h = h * 31 + static_cast<unsigned char>(c);
    return h;
  }
  bool details_;
  std::size_t sum_ = 0;
  std::vector<std::pair<ByteRange, std::uint64_t>> items_;
};

inline std::uint16_t read_u16(Bytes& in) {
  std::uint16_t v = 0;
  if (!in.empty()) v = in[0];
  if (in.size() >= 2) v = static_cast<std::uint16_t>(v | (in[1] << 8));
  in = in.subspan(std::min<std::size_t>(2, in.size()));
  return v;
}

// Cuts `bytes` into chunks of `size` (0: whole) and calls `deliver` on each, in order.
template <typename Deliver>
void in_chunks(Bytes bytes, std::size_t size, Deliver&& deliver) {
  if (size == 0 || size >= bytes.size()) {
    deliver(bytes);
    return;
  }
  for (std::size_t at = 0; at < bytes.size(); at += size) {
    deliver(bytes.subspan(at, std::min(size, bytes.size() - at)));
  }
}

inline void run_session_input(Protocol protocol, Bytes in) {
  if (in.empty()) return;
  std::uint8_t control = in[0];
  in = in.subspan(1);
  std::size_t chunk = kChunkSizes[control & 7];
  bool details = (control & 8) != 0;
  bool copy_first = (control & 16) != 0;

  Session session;
  session.id = 1;
  session.protocol = protocol;
  session.client.port = 50000;
  session.server.port = protocol == Protocol::kSmtp ? 25 : protocol == Protocol::kImap ? 143 : 110;
  TouchingObserver observer(details);
  MailSessionDecoder decoder(session, observer);
  std::uint64_t offsets[2] = {0, 0};
  std::uint64_t packet = 0;
  while (!in.empty()) {
    std::uint8_t tag = in[0];
    in = in.subspan(1);
    auto dir = static_cast<Direction>(tag & 1);
    std::uint64_t& offset = offsets[tag & 1];
    if (tag & 0x80) {
      std::uint64_t count = std::uint64_t{read_u16(in)} + 1;
      std::uint64_t bytes = count << ((tag >> 1) & 15);
      decoder.on_gap(dir, offset, bytes, ++packet, {});
      offset += bytes;
      continue;
    }
    std::uint16_t announced = read_u16(in);  // before in.size(): read_u16 moves `in` on
    std::size_t length = std::min<std::size_t>(announced, in.size());
    Bytes payload = in.first(length);
    in = in.subspan(length);
    if (payload.empty()) continue;  // the reassembler never delivers nothing
    in_chunks(payload, chunk, [&](Bytes piece) {
      Timestamp t{static_cast<std::int64_t>(packet), 0};
      if (copy_first) {
        // The reassembler's buffer goes away after the call: a copy that is freed at once
        // makes ASan see any view the decoder keeps past on_data().
        std::vector<std::uint8_t> copy(piece.begin(), piece.end());
        decoder.on_data(dir, copy, offset, ++packet, t);
      } else {
        decoder.on_data(dir, piece, offset, ++packet, t);
      }
      offset += piece.size();
    });
  }
  decoder.finish();
  observer.check_within(offsets, packet);
  // The report's view of the session must be writable too.
  (void)to_json_text(session);
}

inline constexpr std::array<std::string_view, 10> kSaslMechanisms = {
    "PLAIN",      "LOGIN",         "CRAM-MD5", "XOAUTH2", "OAUTHBEARER",
    "DIGEST-MD5", "SCRAM-SHA-256", "NTLM",     "GSSAPI",  "plain"};

inline void run_sasl_input(Bytes in) {
  if (in.empty()) return;
  std::string_view text(reinterpret_cast<const char*>(in.data()) + 1, in.size() - 1);
  std::string mechanism;
  if (in[0] < kSaslMechanisms.size()) {
    mechanism = kSaslMechanisms[in[0]];
  } else {
    std::size_t nl = text.find('\n');
    mechanism = std::string(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  }
  // The bare base64 layer first: whatever decodes must encode back to the same bytes.
  if (auto decoded = decode_base64(text)) {
    if (auto again = decode_base64(encode_base64(*decoded)); !again || *again != *decoded) {
      __builtin_trap();
    }
  }

  Session session;
  session.protocol = Protocol::kSmtp;
  TouchingObserver observer(true);
  SessionRecorder recorder(session, observer);
  SaslExchange exchange(mechanism);
  SaslAttempt attempt(mechanism, recorder);
  std::uint64_t offset = 0;
  std::uint64_t packet = 0;
  bool concluded = false;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    Line item;
    item.bytes = {Direction::kClientToServer, offset, offset + line.size()};
    item.packet = ++packet;
    offset += line.size() + 1;
    char action = line.empty() ? '\0' : line.front();
    std::string_view arg = line.empty() ? line : line.substr(1);
    item.text = arg;
    switch (action) {
      case 'I':
        exchange.initial_response(arg, item);
        (void)attempt.initial_response(arg, item);
        break;
      case 'S':
        exchange.server_challenge(arg);
        attempt.challenge(arg);
        break;
      case 'C':
        exchange.client_response(arg, item);
        attempt.client_line(item);
        break;
      case 'A':
      case 'R':
        if (!concluded)
          attempt.conclude(action == 'A' ? AuthResult::kAccepted : AuthResult::kRejected);
        concluded = true;
        break;
      case 'X':
        if (!concluded) attempt.abandon("fuzz");
        concluded = true;
        break;
      default:
        item.text = line;
        exchange.client_response(line, item);
        attempt.client_line(item);
        break;
    }
    (void)exchange.describe_last_response().size();
  }
  if (!concluded) attempt.abandon("end of input");
  recorder.finish();
  if (const auto& c = exchange.credential()) {
    (void)(c->username.size() + c->challenge.size() + c->response.size() +
           (c->secret ? c->secret->size() : 0) + (c->authzid ? c->authzid->size() : 0));
  }
  (void)exchange.malformed_reason().size();
}

inline void touch_tls_info(const TlsInfo& info) {
  std::size_t n = info.sni.size() + info.version.size() + info.cipher.size();
  for (const auto& a : info.alpn)
    n += a.size();
  if (info.certificate) n += info.certificate->subject.size() + info.certificate->issuer.size();
  (void)n;
}

inline void run_tls_input(Bytes in) {
  if (in.empty()) return;
  std::uint8_t control = in[0];
  Bytes body = in.subspan(1);
  switch (control & 3) {
    case 0: {
      std::size_t chunk = kChunkSizes[(control >> 2) & 7];
      auto direction = static_cast<Direction>((control >> 5) & 1);
      TlsInfo info;
      TlsRecordStream stream(direction, info);
      std::uint64_t offset = 0;
      std::uint64_t records = 0;
      in_chunks(body, chunk, [&](Bytes piece) {
        Chunk c;
        c.bytes = {direction, offset, offset + piece.size()};
        c.data = piece;
        offset += piece.size();
        std::vector<std::uint8_t> copy(piece.begin(), piece.end());  // freed after the call
        c.data = copy;
        stream.feed(c, [&](const TlsRecord& r) { records += describe(r).size(); });
      });
      (void)TlsRecordStream::looks_like_record(body);
      touch_tls_info(info);
      (void)records;
      break;
    }
    case 1:
      if (auto hello = parse_client_hello(body)) {
        for (auto v : hello->versions)
          (void)tls_version_name(v);
      }
      break;
    case 2:
      if (auto hello = parse_server_hello(body)) {
        (void)tls_version_name(hello->version);
        (void)tls_cipher_suite_name(hello->cipher_suite);
      }
      break;
    case 3:
      if (auto cert = parse_certificate_message(body)) {
        (void)(cert->subject.size() + cert->issuer.size() + cert->not_after.size());
      }
      break;
  }
}

// Writes the capture to a file (the reader takes a path, and the pcapng reader seeks), then
// analyses it as `mailscope analyze --json` does; a pcapng is also read by our own PcapngReader,
// which libpcap would otherwise keep to itself unless the link types are mixed.
inline void run_capture_input(Bytes in, const std::string& path) {
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return;
    if (!in.empty()) std::fwrite(in.data(), 1, in.size(), f);
    std::fclose(f);
  }
  // The report of one analysis, its decoding on the reading thread or on a thread of its own.
  auto analyse = [](PacketSource& source, bool decoding_thread) {
    ResultCollector collector;
    AnalysisOptions options;
    options.decoding_thread = decoding_thread;
    analyze(source, collector, options);
    std::ostringstream json;
    JsonReportWriter json_writer(json, false);
    write_report(collector.result(), json_writer);
    std::ostringstream text;
    TextReportOptions revealed;
    revealed.reveal = true;
    TextReportWriter text_writer(text, source.name(), revealed);
    write_report(collector.result(), text_writer);
    return json.str();
  };
  try {
    // The CLI decodes files on a second thread; that must change nothing: both ways, compared.
    std::string inline_report;
    {
      std::unique_ptr<PacketSource> source = open_capture_file(path);
      inline_report = analyse(*source, false);
    }
    std::unique_ptr<PacketSource> source = open_capture_file(path);
    if (analyse(*source, true) != inline_report) {
      std::fprintf(stderr, "the decoding thread changed the report\n");
      std::abort();
    }
  } catch (const CaptureError&) {
    // Unreadable input is reported as one clear line: a documented outcome, not a bug.
  }
  // A classic pcap was framed by PcapFileReader above; libpcap frames it here, so that both
  // readers meet every input.
  try {
    std::unique_ptr<PacketSource> source = open_capture_file(path, FileReader::kLibpcap);
    Packet packet;
    while (source->next(packet)) {
    }
  } catch (const CaptureError&) {
  }
  if (in.size() >= 4 && std::memcmp(in.data(), "\x0a\x0d\x0d\x0a", 4) == 0) {
    try {
      PcapngReader reader(path, in.size());
      analyse(reader, false);
    } catch (const CaptureError&) {
    }
  }
  std::remove(path.c_str());  // libFuzzer may end the process without running destructors
}

// A file per process in memory: /dev/shm when it is there, else the temp directory.
inline std::string capture_scratch_path() {
  std::string dir = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  return dir + "/mailscope-fuzz-" + std::to_string(::getpid()) + ".cap";
}

}  // namespace mailscope::fuzz
