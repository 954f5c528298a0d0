#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "app/packet_store.hpp"

namespace mailscope::gui {

using FrameOwner = std::shared_ptr<const std::vector<std::uint8_t>>;

// Bytes of one frame as a view gets them: kept in the store, read back from the file, or not
// there yet (`pending`: asked for, come back next frame).
struct FrameBytes {
  std::span<const std::uint8_t> data;
  FrameOwner owner;  // keeps re-read bytes alive while the view uses them
  bool pending = false;
};

// Reads frames back from the capture file when the PacketStore did not keep them (captures
// beyond its byte budget). A capture file cannot seek to packet N, so a request re-scans the
// file from the start, on a thread of its own: the UI never waits on the disk. One scan serves
// every request queued so far and reads a little ahead, since a user scrolls on.
class FrameReader {
 public:
  static constexpr std::size_t kMaxCachedFrames = 4096;
  static constexpr std::uint64_t kReadAhead = 64;

  explicit FrameReader(std::string path, std::shared_ptr<const void> keep_alive = {});
  ~FrameReader();
  FrameReader(const FrameReader&) = delete;
  FrameReader& operator=(const FrameReader&) = delete;

  // The cached frame, or nullptr after queuing a request for it.
  FrameOwner find_or_request(std::uint64_t number);
  std::string error() const;  // why the file could not be re-read, if it could not

 private:
  void serve(std::stop_token stop);

  std::string path_;
  std::shared_ptr<const void> keep_alive_;
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::set<std::uint64_t> requested_;
  struct Cached {
    FrameOwner bytes;
    std::uint64_t scan = 0;  // which scan read it: the oldest scans are forgotten first
  };
  std::map<std::uint64_t, Cached> cache_;
  std::uint64_t scans_ = 0;
  std::string error_;
  std::jthread thread_;  // last: joined before the members it uses go away
};

// Where views get frame bytes: the store first, the reader for frames it did not keep.
class FrameAccess {
 public:
  FrameAccess(const PacketStore& store, FrameReader* reader) : store_(store), reader_(reader) {}
  FrameBytes get(std::uint64_t number) const;

 private:
  const PacketStore& store_;
  FrameReader* reader_;
};

}  // namespace mailscope::gui
