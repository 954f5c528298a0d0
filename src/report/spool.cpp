#include "report/spool.hpp"

#include <memory>

namespace mailscope {

Spool::Spool(std::string separator) : separator_(std::move(separator)), file_(std::tmpfile()) {}

Spool::~Spool() {
  if (file_) std::fclose(file_);
}

void Spool::add(std::string_view text) {
  if (count_++) pending_ += separator_;
  pending_ += text;
  // Gathered in memory and written 64 KiB at a time: thousands of small entries would each
  // take the stream's lock.
  if (file_ && pending_.size() >= kPendingBytes) write_pending();
}

void Spool::write_pending() {
  if (!pending_.empty()) std::fwrite(pending_.data(), 1, pending_.size(), file_);
  pending_.clear();
}

void Spool::copy_to(std::ostream& out) {
  if (!file_) {
    out.write(pending_.data(), static_cast<std::streamsize>(pending_.size()));
    return;
  }
  write_pending();
  std::rewind(file_);
  // Not a std::string or a vector: they would zero the block before each read fills it.
  constexpr std::size_t kBlock = 1024 * 1024;
  auto block = std::make_unique_for_overwrite<char[]>(kBlock);
  while (std::size_t got = std::fread(block.get(), 1, kBlock, file_)) {
    out.write(block.get(), static_cast<std::streamsize>(got));
  }
  // Further entries go after the ones given back (fread stopped at the end of the file).
  std::fseek(file_, 0, SEEK_END);
}

}  // namespace mailscope
