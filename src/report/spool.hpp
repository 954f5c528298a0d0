#pragma once

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace mailscope {

// Turns a block of a spool's records into the text the report shows, appended to `text`. For a
// spool whose entries are kept as compact records (the report's fields, not its line) so that
// the line is formatted on the writer's thread, off the thread that bounds the analysis.
using SpoolFormat = std::function<void(std::string_view records, std::string& text)>;

// Writes spooled blocks to their files on a thread of its own, in the order given: the kernel's
// copy of each block and the file system's bookkeeping were 3.4 % of the decoding thread's
// samples on a capture of many short sessions (the report is written from that thread, which
// bounds the analysis). Memory stays bounded: write() waits while kMaxQueued blocks are
// waiting. The thread starts with the first block (a small capture never fills one).
class SpoolWriter {
 public:
  SpoolWriter() = default;
  ~SpoolWriter();  // writes what is queued, then stops
  SpoolWriter(const SpoolWriter&) = delete;
  SpoolWriter& operator=(const SpoolWriter&) = delete;

  // `format` (may be null; it must outlive the block) turns the block into its text first.
  void write(std::FILE* file, std::string block, const SpoolFormat* format = nullptr);
  // Returns once every block given so far is in its file.
  void drain();

 private:
  // Few blocks of kPendingBytes: at most 4 x 512 KiB waiting, a few MiB whatever the capture.
  static constexpr std::size_t kMaxQueued = 4;
  void run();

  std::mutex mutex_;
  std::condition_variable queued_;   // a block was queued, or stop
  std::condition_variable written_;  // a block was written
  struct Block {
    std::FILE* file;
    std::string bytes;
    const SpoolFormat* format;
  };
  std::deque<Block> queue_;
  bool writing_ = false;  // the thread holds a block taken from the queue
  bool stopping_ = false;
  std::thread thread_;
};

// Report entries that must wait for the end of the analysis (credentials and findings come after
// the sessions in a report) without growing memory with the capture: kept in a temporary file,
// or in memory where no temporary file can be made.
//
// The entries are kept as the report will show them, `separator` between each two, so that
// giving them back is a copy of the file in large blocks: the report's last sections are
// written after the analysis, by one thread, and on a large capture they are a good part of the
// report (a million findings). With a `writer`, full blocks go to the file from its thread.
class Spool {
 public:
  explicit Spool(std::string separator, SpoolWriter* writer = nullptr);
  // A spool of records that `format` turns into text, block by block, on the writer's thread
  // when there is one (else where the blocks are written or given back). Records are added
  // with add_with(), whole: a block never splits one. No separator: the text holds its own.
  Spool(SpoolWriter* writer, SpoolFormat format);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  void add(std::string_view text);  // one entry; may hold any byte
  // One entry, appended by `write(std::string& out)` to `out` where the spool keeps it: a report
  // line built in place instead of in a string of its own and then copied.
  template <typename Write>
  void add_with(Write&& write) {
    if (count_++) pending_ += separator_;
    write(pending_);
    if (file_ && pending_.size() >= kPendingBytes) write_pending();
  }
  std::size_t size() const { return count_; }
  // Writes every entry, each but the last followed by the separator.
  void copy_to(std::ostream& out);

 private:
  // Each block wakes the writer's thread, which then takes a core from the analysis: the 1 GiB
  // benchmark capture of short sessions spools 150 MB, 2,300 wake-ups in blocks of 64 KiB, 290
  // in blocks of 512 KiB.
  static constexpr std::size_t kPendingBytes = 512 * 1024;
  void write_pending();
  // `entries` as text: themselves, or formatted into `text`.
  std::string_view formatted(std::string_view entries, std::string& text) const;

  std::string separator_;
  SpoolWriter* writer_;
  SpoolFormat format_;  // empty: the entries are the text
  std::FILE* file_ = nullptr;
  std::string pending_;  // entries not yet written to file_; all of them without a file
  std::size_t count_ = 0;
};

}  // namespace mailscope
