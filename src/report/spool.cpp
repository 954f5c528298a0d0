#include "report/spool.hpp"

#include <memory>

namespace mailscope {

SpoolWriter::~SpoolWriter() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_one();
  thread_.join();
}

void SpoolWriter::write(std::FILE* file, std::string block, const SpoolFormat* format) {
  {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    written_.wait(lock, [this] { return queue_.size() < kMaxQueued; });
    queue_.push_back({file, std::move(block), format});
  }
  queued_.notify_one();
}

void SpoolWriter::drain() {
  std::unique_lock lock(mutex_);
  written_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

void SpoolWriter::run() {
  std::string text;  // a formatted block; its capacity stays for the next one
  std::unique_lock lock(mutex_);
  for (;;) {
    // Stops only once the queue is empty: every block given is written.
    queued_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;
    Block block = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    lock.unlock();
    std::string_view out = block.bytes;
    if (block.format) {
      text.clear();
      (*block.format)(block.bytes, text);
      out = text;
    }
    std::fwrite(out.data(), 1, out.size(), block.file);
    lock.lock();
    writing_ = false;
    written_.notify_all();
  }
}

Spool::Spool(std::string separator, SpoolWriter* writer)
    : separator_(std::move(separator)), writer_(writer), file_(std::tmpfile()) {}

Spool::Spool(SpoolWriter* writer, SpoolFormat format)
    : writer_(writer), format_(std::move(format)), file_(std::tmpfile()) {}

Spool::~Spool() {
  if (!file_) return;
  if (writer_) writer_->drain();  // no block of this file may still be on its way
  std::fclose(file_);
}

void Spool::add(std::string_view text) {
  if (count_++) pending_ += separator_;
  pending_ += text;
  // Gathered in memory and written in blocks: thousands of small entries would each take the
  // stream's lock (and with a writer, each block is a wake-up of its thread).
  if (file_ && pending_.size() >= kPendingBytes) write_pending();
}

void Spool::write_pending() {
  if (pending_.empty()) return;
  if (writer_) {
    writer_->write(file_, std::move(pending_), format_ ? &format_ : nullptr);
    pending_ = std::string();
    pending_.reserve(kPendingBytes + kPendingBytes / 4);
  } else {
    std::string text;
    std::string_view out = formatted(pending_, text);
    std::fwrite(out.data(), 1, out.size(), file_);
    pending_.clear();
  }
}

std::string_view Spool::formatted(std::string_view entries, std::string& text) const {
  if (!format_) return entries;
  format_(entries, text);
  return text;
}

void Spool::copy_to(std::ostream& out) {
  if (!file_) {
    std::string text;
    std::string_view entries = formatted(pending_, text);
    out.write(entries.data(), static_cast<std::streamsize>(entries.size()));
    return;
  }
  write_pending();
  if (writer_) writer_->drain();
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
