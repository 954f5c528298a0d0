#pragma once

#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>

namespace mailscope {

// Report entries that must wait for the end of the analysis (credentials and findings come after
// the sessions in a report) without growing memory with the capture: kept in a temporary file,
// or in memory where no temporary file can be made.
//
// The entries are kept as the report will show them, `separator` between each two, so that
// giving them back is a copy of the file in large blocks: the report's last sections are
// written after the analysis, by one thread, and on a large capture they are a good part of the
// report (a million findings).
class Spool {
 public:
  explicit Spool(std::string separator);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  void add(std::string_view text);  // one entry; may hold any byte
  std::size_t size() const { return count_; }
  // Writes every entry, each but the last followed by the separator.
  void copy_to(std::ostream& out);

 private:
  static constexpr std::size_t kPendingBytes = 64 * 1024;
  void write_pending();

  std::string separator_;
  std::FILE* file_ = nullptr;
  std::string pending_;  // entries not yet written to file_; all of them without a file
  std::size_t count_ = 0;
};

}  // namespace mailscope
