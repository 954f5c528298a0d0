#pragma once

#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace mailscope {

// Report lines that must wait for the end of the analysis (credentials and findings come after
// the sessions in a report) without growing memory with the capture: kept in a temporary file,
// or in memory where no temporary file can be made.
class Spool {
 public:
  Spool();
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  void add(std::string_view text);  // one entry; may hold newlines
  std::size_t size() const { return count_; }
  // Writes every entry, each followed by `separator` except the last.
  void copy_to(std::ostream& out, std::string_view separator);

 private:
  static constexpr std::size_t kPendingBytes = 64 * 1024;
  void write_pending();

  std::FILE* file_ = nullptr;
  std::string pending_;  // entries not yet written to file_
  std::vector<std::string> memory_;
  std::size_t count_ = 0;
};

}  // namespace mailscope
