// FifoQueue: first in, first out, and bounded whatever a peer pipelines.
#include <gtest/gtest.h>

#include <vector>

#include "proto/fifo_queue.hpp"

namespace mailscope {
namespace {

TEST(FifoQueue, GivesEntriesBackInTheOrderTheyCame) {
  FifoQueue<int> queue(1024);
  EXPECT_TRUE(queue.empty());
  // Interleaved pushes and pops, long enough to pass the point where answered entries are
  // dropped from the front (64).
  int next_in = 0;
  int next_out = 0;
  for (int round = 0; round < 500; ++round) {
    for (int i = 0; i < 3; ++i)
      queue.push_back(next_in++);
    for (int i = 0; i < 2; ++i) {
      ASSERT_EQ(queue.front(), next_out++);
      queue.pop_front();
    }
  }
  EXPECT_EQ(queue.size(), 500u);
  while (!queue.empty()) {
    ASSERT_EQ(queue.front(), next_out++);
    queue.pop_front();
  }
  EXPECT_EQ(next_out, next_in);
}

TEST(FifoQueue, IteratesOverWhatIsQueuedOnly) {
  FifoQueue<int> queue(1024);
  for (int i = 0; i < 100; ++i)
    queue.push_back(i);
  for (int i = 0; i < 70; ++i)  // past the point where answered entries are dropped
    queue.pop_front();
  std::vector<int> seen(queue.begin(), queue.end());
  EXPECT_EQ(seen.size(), 30u);
  EXPECT_EQ(seen.front(), 70);
  EXPECT_EQ(queue.back(), 99);
  queue.clear();
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.begin(), queue.end());
}

TEST(FifoQueue, PastItsBoundAPushDropsTheOldest) {
  FifoQueue<int> queue(4);
  for (int i = 0; i < 10; ++i)
    queue.push_back(i);
  EXPECT_EQ(queue.size(), 4u);
  EXPECT_EQ(queue.front(), 6);
}

}  // namespace
}  // namespace mailscope
