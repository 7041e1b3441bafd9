#include "proto/object_runtime/node_pool.h"

#include <pthread.h>

#include <cstdlib>
#include <new>

#include "absl/base/config.h"
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

#if defined(ABSL_HAVE_ADDRESS_SANITIZER) || defined(ABSL_HAVE_THREAD_SANITIZER) || \
    defined(ABSL_HAVE_MEMORY_SANITIZER)
#define PAYSIM_NODE_POOL_OFF 1
#endif

namespace paysim {
namespace obj {
namespace internal {

#ifndef PAYSIM_NODE_POOL_OFF
namespace node_pool {
namespace {

constexpr std::size_t kGranule = 16;
constexpr std::size_t kLargest = 1024;
constexpr std::size_t kClasses = kLargest / kGranule;
constexpr std::size_t kChunkBytes = 64 * 1024;  // below malloc's mmap threshold

// Class c holds blocks of (c + 1) * 16 bytes. REQUIRES: 0 < size <= kLargest.
constexpr std::size_t ClassOf(std::size_t size) { return (size - 1) / kGranule; }
constexpr std::size_t BytesOf(std::size_t c) { return (c + 1) * kGranule; }
// True for a size the pool serves (wraps around for 0).
constexpr bool Pooled(std::size_t size) { return size - 1 < kLargest; }

struct FreeBlock {
  FreeBlock* next;
};

void Push(FreeBlock** list, void* block) {
  FreeBlock* b = static_cast<FreeBlock*>(block);
  b->next = *list;
  *list = b;
}

// Appends `from`'s blocks to `to`, leaving `from` empty.
void Splice(FreeBlock** from, FreeBlock** to) {
  if (*from == nullptr) return;
  FreeBlock* tail = *from;
  while (tail->next != nullptr) tail = tail->next;
  tail->next = *to;
  *to = *from;
  *from = nullptr;
}

// Cuts what is left of a chunk, [*next, end), into the largest blocks that fit, onto `lists`.
void ShelveRemainder(char** next, char* end, FreeBlock** lists) {
  while (static_cast<std::size_t>(end - *next) >= kGranule) {
    const std::size_t left = static_cast<std::size_t>(end - *next);
    const std::size_t c = ClassOf(left < kLargest ? left - left % kGranule : kLargest);
    Push(&lists[c], *next);
    *next += BytesOf(c);
  }
}

enum class ThreadState : uint8_t { kNew = 0, kLive, kEnded };

// A thread's pool. Constant-initialized and trivially destructible, so it needs no guard and
// is never destroyed: nodes dropped by other thread_local objects' destructors still find it.
struct ThreadPool {
  FreeBlock* free[kClasses];
  char* next;  // the unused part of the current chunk
  char* end;
  NodePoolCounts counts;
  ThreadState state;
};
thread_local ThreadPool this_thread_pool;

// The blocks of the threads that ended, for the others to take.
struct Depot {
  absl::Mutex mu;
  FreeBlock* free[kClasses] ABSL_GUARDED_BY(mu) = {};
};
Depot& SharedDepot() {
  static Depot* depot = new Depot();  // never destroyed: threads may end during exit
  return *depot;
}

pthread_key_t thread_end_key;
bool have_thread_end_key = false;
pthread_once_t thread_end_key_once = PTHREAD_ONCE_INIT;

// Runs when a thread ends, after its thread_local objects are destroyed: its blocks go to the
// depot; anything it frees later goes there directly.
void EndThread(void* arg) {
  ThreadPool& pool = *static_cast<ThreadPool*>(arg);
  Depot& depot = SharedDepot();
  absl::MutexLock lock(&depot.mu);
  ShelveRemainder(&pool.next, pool.end, depot.free);
  for (std::size_t c = 0; c < kClasses; ++c) Splice(&pool.free[c], &depot.free[c]);
  pool.state = ThreadState::kEnded;
}

void MakeThreadEndKey() {
  have_thread_end_key = pthread_key_create(&thread_end_key, &EndThread) == 0;
}

void Register(ThreadPool& pool) {
  pthread_once(&thread_end_key_once, &MakeThreadEndKey);
  // Without a key (the process ran out of them) a thread's blocks stay with it when it ends.
  if (have_thread_end_key) pthread_setspecific(thread_end_key, &pool);
  pool.state = ThreadState::kLive;
}

// The allocation that the thread's free list could not serve.
ABSL_ATTRIBUTE_NOINLINE void* Refill(ThreadPool& pool, std::size_t c) {
  if (pool.state == ThreadState::kNew) Register(pool);
  if (pool.state == ThreadState::kEnded) {
    Depot& depot = SharedDepot();
    absl::MutexLock lock(&depot.mu);
    if (FreeBlock* b = depot.free[c]) {
      depot.free[c] = b->next;
      return b;
    }
    void* block = std::malloc(BytesOf(c));  // joins the pool when freed
    if (block == nullptr) throw std::bad_alloc();
    return block;
  }
  const std::size_t bytes = BytesOf(c);
  if (static_cast<std::size_t>(pool.end - pool.next) < bytes) {
    {
      // The chunk is used up: first the blocks of threads that ended, every class at once.
      Depot& depot = SharedDepot();
      absl::MutexLock lock(&depot.mu);
      for (std::size_t k = 0; k < kClasses; ++k) Splice(&depot.free[k], &pool.free[k]);
    }
    if (FreeBlock* b = pool.free[c]) {
      pool.free[c] = b->next;
      return b;
    }
    ShelveRemainder(&pool.next, pool.end, pool.free);
    char* chunk = static_cast<char*>(std::malloc(kChunkBytes));
    if (chunk == nullptr) throw std::bad_alloc();
    pool.next = chunk;
    pool.end = chunk + kChunkBytes;
  }
  void* block = pool.next;
  pool.next += bytes;
  return block;
}

ABSL_ATTRIBUTE_NOINLINE void FreeSlow(ThreadPool& pool, void* block, std::size_t c) {
  if (pool.state == ThreadState::kNew) Register(pool);
  if (pool.state == ThreadState::kEnded) {
    Depot& depot = SharedDepot();
    absl::MutexLock lock(&depot.mu);
    Push(&depot.free[c], block);
    return;
  }
  pool.counts.bytes -= static_cast<int64_t>(BytesOf(c));
  Push(&pool.free[c], block);
}

}  // namespace
}  // namespace node_pool
#endif  // PAYSIM_NODE_POOL_OFF

#ifdef PAYSIM_NODE_POOL_OFF

void* AllocateNode(std::size_t size) { return ::operator new(size); }
void FreeNode(void* block, std::size_t) noexcept { ::operator delete(block); }
NodePoolCounts ThisThreadNodePoolCounts() { return NodePoolCounts{}; }
bool NodePoolEnabled() { return false; }

#else

void* AllocateNode(std::size_t size) {
  if (!node_pool::Pooled(size)) return ::operator new(size);
  const std::size_t c = node_pool::ClassOf(size);
  node_pool::ThreadPool& pool = node_pool::this_thread_pool;
  ++pool.counts.allocations;
  pool.counts.bytes += static_cast<int64_t>(node_pool::BytesOf(c));
  if (node_pool::FreeBlock* b = pool.free[c]) {
    pool.free[c] = b->next;
    return b;
  }
  return node_pool::Refill(pool, c);
}

void FreeNode(void* block, std::size_t size) noexcept {
  if (!node_pool::Pooled(size)) {
    ::operator delete(block);
    return;
  }
  const std::size_t c = node_pool::ClassOf(size);
  node_pool::ThreadPool& pool = node_pool::this_thread_pool;
  if (pool.state != node_pool::ThreadState::kLive) {
    node_pool::FreeSlow(pool, block, c);
    return;
  }
  pool.counts.bytes -= static_cast<int64_t>(node_pool::BytesOf(c));
  node_pool::Push(&pool.free[c], block);
}

NodePoolCounts ThisThreadNodePoolCounts() { return node_pool::this_thread_pool.counts; }
bool NodePoolEnabled() { return true; }

#endif  // PAYSIM_NODE_POOL_OFF

}  // namespace internal
}  // namespace obj
}  // namespace paysim
