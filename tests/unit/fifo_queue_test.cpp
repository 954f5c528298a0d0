// FifoQueue: first in, first out, and bounded whatever a peer pipelines.
#include <gtest/gtest.h>

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

TEST(FifoQueue, PastItsBoundAPushDropsTheOldest) {
  FifoQueue<int> queue(4);
  for (int i = 0; i < 10; ++i)
    queue.push_back(i);
  EXPECT_EQ(queue.size(), 4u);
  EXPECT_EQ(queue.front(), 6);
}

}  // namespace
}  // namespace mailscope
