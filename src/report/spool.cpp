#include "report/spool.hpp"

namespace mailscope {

Spool::Spool() : file_(std::tmpfile()) {}

Spool::~Spool() {
  if (file_) std::fclose(file_);
}

void Spool::add(std::string_view text) {
  ++count_;
  if (!file_) {
    memory_.emplace_back(text);
    return;
  }
  // Length-prefixed, so entries may hold any byte; gathered in memory and written 64 KiB at a
  // time (thousands of small entries would each take the stream's lock twice).
  std::size_t n = text.size();
  pending_.append(reinterpret_cast<const char*>(&n), sizeof n);
  pending_.append(text);
  if (pending_.size() >= kPendingBytes) write_pending();
}

void Spool::write_pending() {
  if (!pending_.empty()) std::fwrite(pending_.data(), 1, pending_.size(), file_);
  pending_.clear();
}

void Spool::copy_to(std::ostream& out, std::string_view separator) {
  if (!file_) {
    for (std::size_t i = 0; i < memory_.size(); ++i) {
      if (i) out << separator;
      out << memory_[i];
    }
    return;
  }
  write_pending();
  std::rewind(file_);
  std::string entry;
  for (std::size_t i = 0; i < count_; ++i) {
    std::size_t n = 0;
    if (std::fread(&n, sizeof n, 1, file_) != 1) break;
    entry.resize(n);
    if (std::fread(entry.data(), 1, n, file_) != n) break;
    if (i) out << separator;
    out << entry;
  }
}

}  // namespace mailscope
