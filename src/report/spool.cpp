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
  // Entries are read straight into one buffer written out 64 KiB at a time: an insertion into
  // the stream per entry (its sentry, its locale's checks) cost more than reading the entry.
  std::string block;
  block.reserve(kPendingBytes);
  for (std::size_t i = 0; i < count_; ++i) {
    std::size_t n = 0;
    if (std::fread(&n, sizeof n, 1, file_) != 1) break;
    if (i) block += separator;
    std::size_t at = block.size();
    block.resize(at + n);
    if (std::fread(block.data() + at, 1, n, file_) != n) {
      block.resize(at);
      break;
    }
    if (block.size() >= kPendingBytes) {
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      block.clear();
    }
  }
  out.write(block.data(), static_cast<std::streamsize>(block.size()));
}

}  // namespace mailscope
