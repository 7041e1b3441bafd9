#include "tools/objgen/heap_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<long> allocations{0};
std::atomic<long> live_bytes{0};
std::atomic<bool> counting_bytes{false};
constexpr long kMallocHeader = 8;

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

long HeapAllocations() { return allocations.load(); }

bool HeapCountingWorks() {
  const long before = HeapAllocations();
  delete new int(1);
  return HeapAllocations() != before;
}
long HeapBytesInUse() { return live_bytes.load(); }
void StartCountingBytes() { counting_bytes = true; }
void StopCountingBytes() { counting_bytes = false; }

}  // namespace objgen
}  // namespace paysim
