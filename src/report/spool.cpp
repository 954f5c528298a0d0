#include "report/spool.hpp"

#include <algorithm>
#include <cstring>

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
  // The file is read back 64 KiB at a time and its entries copied into one buffer written out
  // 64 KiB at a time: an fread and an insertion into the stream per entry cost more than the
  // entries (hundreds of thousands of findings on a large capture, after the analysis).
  std::string in;  // read from the file, not yet copied out; in[at...]
  std::size_t at = 0;
  std::string block;  // to write
  block.reserve(kPendingBytes);
  auto have = [&](std::size_t n) {
    while (in.size() - at < n) {
      in.erase(0, at);
      at = 0;
      std::size_t old = in.size();
      in.resize(old + std::max(n, kPendingBytes));
      std::size_t got = std::fread(in.data() + old, 1, in.size() - old, file_);
      in.resize(old + got);
      if (got == 0) return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < count_; ++i) {
    std::size_t n = 0;
    if (!have(sizeof n)) break;
    std::memcpy(&n, in.data() + at, sizeof n);
    at += sizeof n;
    if (!have(n)) break;
    if (i) block += separator;
    block.append(in, at, n);
    at += n;
    if (block.size() >= kPendingBytes) {
      out.write(block.data(), static_cast<std::streamsize>(block.size()));
      block.clear();
    }
  }
  out.write(block.data(), static_cast<std::streamsize>(block.size()));
}

}  // namespace mailscope
