#pragma once

#include <atomic>
#include <mutex>
#include <thread>

namespace mailscope::gui {

// The lock between the analysis thread (which writes the model) and the UI thread (which reads
// it for the length of a frame), made so the UI never waits long: a plain mutex lets a writer
// that locks and unlocks thousands of times a second starve the reader, which would freeze the
// window. The writer instead keeps the lock across its many small changes and hands it over as
// soon as the UI asks for it.
class ModelLock {
 public:
  // UI thread: the lock for one frame.
  std::unique_lock<std::mutex> for_reading() {
    waiting_readers_.fetch_add(1);
    std::unique_lock lock(mutex_);
    waiting_readers_.fetch_sub(1);
    return lock;
  }

  // Analysis thread: call before each change. Takes the lock if it is not held yet, and gives
  // it to a waiting reader first if there is one.
  void before_change() {
    if (held_ && waiting_readers_.load() > 0) release();
    if (!held_) {
      writer_ = std::unique_lock(mutex_);
      held_ = true;
    }
  }
  // Analysis thread: lets go (before a pause, at the end, or when a reader waits).
  void release() {
    if (!held_) return;
    writer_.unlock();
    held_ = false;
    while (waiting_readers_.load() > 0)
      std::this_thread::yield();  // until the reader has it
  }

 private:
  std::mutex mutex_;
  std::atomic<int> waiting_readers_{0};
  std::unique_lock<std::mutex> writer_;  // used by the analysis thread only
  bool held_ = false;                    // likewise
};

// Holds the writer's side for one change: takes the lock (or keeps it) before, keeps it after.
class ChangeGuard {
 public:
  explicit ChangeGuard(ModelLock& lock) { lock.before_change(); }
};

}  // namespace mailscope::gui
