#include "app/frame_reader.hpp"

#include <algorithm>

#include "capture/packet_source.hpp"

namespace mailscope::gui {

FrameReader::FrameReader(std::string path, std::shared_ptr<const void> keep_alive)
    : path_(std::move(path)),
      keep_alive_(std::move(keep_alive)),
      thread_([this](std::stop_token stop) { serve(stop); }) {}

FrameReader::~FrameReader() {
  thread_.request_stop();
  wake_.notify_all();
}

FrameOwner FrameReader::find_or_request(std::uint64_t number) {
  std::lock_guard guard(mutex_);
  if (auto it = cache_.find(number); it != cache_.end()) return it->second.bytes;
  if (error_.empty() && requested_.insert(number).second) wake_.notify_all();
  return nullptr;
}

std::string FrameReader::error() const {
  std::lock_guard guard(mutex_);
  return error_;
}

void FrameReader::serve(std::stop_token stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    wake_.wait(lock, stop, [this] { return !requested_.empty(); });
    if (stop.stop_requested()) return;
    std::set<std::uint64_t> wanted = std::move(requested_);
    requested_.clear();
    lock.unlock();

    std::map<std::uint64_t, FrameOwner> found;
    std::string error;
    try {
      auto source = open_capture_file(path_);
      const std::uint64_t last = *wanted.rbegin() + kReadAhead;
      Packet packet;
      auto next_wanted = wanted.begin();
      while (!stop.stop_requested() && source->next(packet) && packet.number <= last) {
        while (next_wanted != wanted.end() && *next_wanted + kReadAhead < packet.number) {
          ++next_wanted;
        }
        if (next_wanted == wanted.end() || packet.number < *next_wanted) continue;
        found.emplace(packet.number, std::make_shared<const std::vector<std::uint8_t>>(
                                         packet.data.begin(), packet.data.end()));
      }
    } catch (const CaptureError& e) {
      error = e.what();
    }

    lock.lock();
    if (!error.empty()) error_ = std::move(error);
    ++scans_;
    for (auto& [number, bytes] : found)
      cache_[number] = {std::move(bytes), scans_};
    // Forget what the oldest scans read: the view has moved on (and they are read again if not).
    while (cache_.size() > kMaxCachedFrames) {
      std::uint64_t oldest = scans_;
      for (const auto& item : cache_)
        oldest = std::min(oldest, item.second.scan);
      if (oldest == scans_) break;  // only this scan's frames are left
      std::erase_if(cache_, [oldest](const auto& item) { return item.second.scan == oldest; });
    }
  }
}

FrameBytes FrameAccess::get(std::uint64_t number) const {
  FrameBytes out;
  if (store_.bytes_kept(number)) {
    out.data = store_.kept_bytes(number);
    return out;
  }
  const std::optional<PacketRecord> record = store_.record(number);
  if (!record || record->captured_length == 0 || !reader_) return out;
  out.owner = reader_->find_or_request(number);
  if (out.owner) {
    out.data = *out.owner;
  } else {
    out.pending = true;
  }
  return out;
}

}  // namespace mailscope::gui
