// mailscope-capgen bench: a large, realistic capture for benchmarking, streamed to disk.
//
// Tens of thousands of mail sessions per GiB, as a busy mail server's link shows them: SMTP
// submission (587 with AUTH in clear or STARTTLS, 465), relay on 25 in and out (in clear and
// STARTTLS), IMAP (143 in clear and STARTTLS, 993) and POP3 (110 in clear and STLS, 995), from
// thousands of clients, 8 to 32 conversations at a time interleaved packet by packet. TLS
// sessions are real OpenSSL sessions: a pool of them is made once and replayed on new TCP
// connections; sessions with big messages get a session of their own. Memory stays bounded
// whatever the size asked for.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace capgen::bench {

struct BenchOptions {
  std::filesystem::path out{};
  std::uint64_t size_mib = 1024;
  std::uint64_t seed = 1;
  std::optional<std::filesystem::path> truth{};   // summary of what a correct analysis finds
  std::optional<std::filesystem::path> keylog{};  // TLS key log (NSS format) for Wireshark
};

// Writes the capture (and the truth summary); prints a one-line summary to stderr.
void write_bench_capture(const BenchOptions& options);

}  // namespace capgen::bench
