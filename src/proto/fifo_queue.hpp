#pragma once

#include <cstddef>
#include <vector>

namespace mailscope {

// A queue of a session's small items, oldest first: the commands a decoder waits on the replies
// to, the segments a stream buffer has bytes of. A vector with a moving start rather than a
// std::deque: libstdc++'s deque allocates its map and a 512-byte block when it is made, several
// times per session for queues that rarely hold more than a few entries. Bounded: past
// `max_size`, a push drops the oldest entry (a peer that pipelines without end cannot grow it).
template <typename T>
class FifoQueue {
 public:
  explicit FifoQueue(std::size_t max_size) : max_size_(max_size) {}

  void push_back(const T& value) {
    if (size() >= max_size_) pop_front();
    if (items_.capacity() == 0) items_.reserve(8);  // once, instead of growing 1, 2, 4, 8
    items_.push_back(value);
  }
  void pop_front() {
    if (++first_ == items_.size()) {
      items_.clear();
      first_ = 0;
    } else if (first_ >= 64 && first_ * 2 >= items_.size()) {
      // Replies that keep lagging: drop the answered entries so they do not pile up.
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(first_));
      first_ = 0;
    }
  }
  void clear() {
    items_.clear();
    first_ = 0;
  }
  const T& front() const { return items_[first_]; }
  const T& back() const { return items_.back(); }
  std::size_t size() const { return items_.size() - first_; }
  bool empty() const { return size() == 0; }
  // Oldest first.
  auto begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(first_); }
  auto end() const { return items_.end(); }

 private:
  std::vector<T> items_;  // items_[first_...] are queued
  std::size_t first_ = 0;
  std::size_t max_size_;
};

}  // namespace mailscope
