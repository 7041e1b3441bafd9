#include "tools/objgen/heap_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "proto/object_runtime/node_pool.h"

namespace {

std::atomic<long> allocations{0};
std::atomic<long> live_bytes{0};
std::atomic<bool> counting_bytes{false};
constexpr long kMallocHeader = 8;
// The node pool's bytes (node_pool.h) counted between the starts and stops so far, and its
// count at the last start.
long pool_bytes_counted = 0;
long pool_bytes_at_start = 0;

long PoolBytes() {
  return static_cast<long>(paysim::obj::internal::ThisThreadNodePoolCounts().bytes);
}

}  // namespace

// Not inlined into callers, where gcc would take malloc/free for new/delete mismatches.
__attribute__((noinline)) void* operator new(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (counting_bytes.load(std::memory_order_relaxed)) {
    live_bytes.fetch_add(malloc_usable_size(p) + kMallocHeader, std::memory_order_relaxed);
  }
  return p;
}

__attribute__((noinline)) void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  if (counting_bytes.load(std::memory_order_relaxed)) {
    live_bytes.fetch_sub(malloc_usable_size(p) + kMallocHeader, std::memory_order_relaxed);
  }
  std::free(p);
}

void operator delete(void* p, size_t) noexcept { operator delete(p); }

namespace paysim {
namespace objgen {

long HeapAllocations() {
  return allocations.load() +
         static_cast<long>(obj::internal::ThisThreadNodePoolCounts().allocations);
}

bool HeapCountingWorks() {
  const long before = HeapAllocations();
  delete new int(1);
  return HeapAllocations() != before;
}
long HeapBytesInUse() {
  const long pool = pool_bytes_counted + (counting_bytes ? PoolBytes() - pool_bytes_at_start : 0);
  return live_bytes.load() + pool;
}
void StartCountingBytes() {
  pool_bytes_at_start = PoolBytes();
  counting_bytes = true;
}
void StopCountingBytes() {
  if (counting_bytes) pool_bytes_counted += PoolBytes() - pool_bytes_at_start;
  counting_bytes = false;
}

}  // namespace objgen
}  // namespace paysim
