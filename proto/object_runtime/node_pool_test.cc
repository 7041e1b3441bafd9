#include "proto/object_runtime/node_pool.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/object_runtime/repeated.h"
#include "proto/object_runtime/string_field.h"

namespace paysim {
namespace obj {
namespace internal {
namespace {

struct SmallNode : PooledNode {
  int64_t values[3] = {1, 2, 3};
};
struct LargeNode : PooledNode {
  char bytes[4000] = {};
};

TEST(NodePoolTest, BlocksAreAlignedDistinctAndHoldTheirSize) {
  std::vector<std::pair<void*, size_t>> blocks;
  std::set<uintptr_t> starts;
  for (size_t size : {size_t{1}, size_t{8}, size_t{15}, size_t{16}, size_t{17}, size_t{100},
                      size_t{1023}, size_t{1024}, size_t{1025}, size_t{5000}}) {
    for (int i = 0; i < 50; ++i) {
      void* block = AllocateNode(size);
      ASSERT_NE(block, nullptr);
      if (NodePoolEnabled()) EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % 16, 0u) << size;
      std::memset(block, static_cast<int>(size & 0xff), size);
      EXPECT_TRUE(starts.insert(reinterpret_cast<uintptr_t>(block)).second) << size;
      blocks.emplace_back(block, size);
    }
  }
  // Nothing written to one block reached another.
  for (const auto& [block, size] : blocks) {
    const unsigned char* bytes = static_cast<const unsigned char*>(block);
    for (size_t i = 0; i < size; ++i) ASSERT_EQ(bytes[i], size & 0xff) << size << " at " << i;
  }
  for (const auto& [block, size] : blocks) FreeNode(block, size);
}

TEST(NodePoolTest, AFreedBlockServesTheNextNodeOfItsSizeClassOnTheSameThread) {
  if (!NodePoolEnabled()) GTEST_SKIP() << "the pool is off under sanitizers";
  void* a = AllocateNode(40);
  FreeNode(a, 40);
  EXPECT_EQ(AllocateNode(33), a);  // 33 and 40 bytes share the 48-byte class
  void* b = AllocateNode(49);      // the 64-byte class: another block
  EXPECT_NE(b, a);
  FreeNode(b, 49);
  FreeNode(a, 33);
}

TEST(NodePoolTest, CountsBlocksAndBytesBySizeClass) {
  const NodePoolCounts before = ThisThreadNodePoolCounts();
  auto* node = new SmallNode;  // 24 bytes: the 32-byte class
  EXPECT_EQ(node->values[2], 3);
  const NodePoolCounts during = ThisThreadNodePoolCounts();
  delete node;
  const NodePoolCounts after = ThisThreadNodePoolCounts();
  if (!NodePoolEnabled()) {
    EXPECT_EQ(during.allocations, 0);
    return;
  }
  EXPECT_EQ(during.allocations - before.allocations, 1);
  EXPECT_EQ(during.bytes - before.bytes, 32);
  EXPECT_EQ(after.bytes, before.bytes);
  // A node past the largest class is operator new's: not counted.
  auto* large = new LargeNode;
  EXPECT_EQ(ThisThreadNodePoolCounts().allocations, after.allocations);
  delete large;
}

TEST(NodePoolTest, NodesMadeOnOneThreadMayBeDroppedOnAnother) {
  std::vector<SmallNode*> nodes;
  std::thread maker([&] {
    for (int i = 0; i < 10000; ++i) nodes.push_back(new SmallNode);
  });
  maker.join();  // the maker has ended: its free lists went to the depot
  std::thread dropper([&] {
    for (SmallNode* node : nodes) {
      EXPECT_EQ(node->values[0], 1);
      delete node;
    }
    // Reused by this thread.
    for (int i = 0; i < 10000; ++i) nodes[i] = new SmallNode;
  });
  dropper.join();
  for (SmallNode* node : nodes) delete node;
}

// Each ending thread hands its blocks to the depot, from which the next threads take them.
TEST(NodePoolTest, ManyShortThreadsShareTheirBlocks) {
  for (int round = 0; round < 20; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([t] {
        std::vector<std::string> kept;
        Repeated<std::string> repeated;
        for (int i = 0; i < 2000; ++i) {
          StringField field;
          field.Set(std::string(40 + (i + t) % 30, 'x'));
          kept.push_back(field.get());
          repeated.Add(field.get());
        }
        EXPECT_EQ(repeated.size(), 2000);
        EXPECT_EQ(kept.back().size(), 40u + (1999 + t) % 30);
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
}

}  // namespace
}  // namespace internal
}  // namespace obj
}  // namespace paysim
