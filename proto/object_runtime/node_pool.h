// node_pool.h: where the objects' nodes live (reps, their stable blocks, string nodes, the
// nodes of repeated fields and maps, and those nodes' element arrays). Nodes are small and made and dropped by the million; each
// thread keeps free lists of blocks by size (multiples of 16 bytes up to 1 KiB), refilled from
// 64 KiB chunks taken from malloc, so that making a node is a few instructions and costs no
// allocator header, where glibc's malloc walks its bins for each block a growing store asks for.
//
// A node type opts in by deriving from PooledNode (an empty base: it adds only the class's
// operator new and delete, so a rep stays standard-layout). Blocks go back to the free list of
// the thread that drops them; when a thread ends, its free lists pass to a shared depot that
// threads take from once their chunk is used up. Chunks are never returned to malloc.
//
// Under AddressSanitizer, ThreadSanitizer or MemorySanitizer the pool is off: every node is its
// own operator new block, so the sanitizers see each allocation and free.
//
// Thread safety: thread-safe. A node may be made on one thread and dropped on another.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_NODE_POOL_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_NODE_POOL_H_

#include <cstddef>
#include <cstdint>

namespace paysim {
namespace obj {
namespace internal {

// A block of at least `size` bytes, aligned to 16 (operator new's alignment while the pool is
// off); nodes larger than the largest size class come from operator new. Never returns null (throws std::bad_alloc as operator new does).
void* AllocateNode(std::size_t size);

// Returns a block that AllocateNode(size) gave, with the same `size`.
void FreeNode(void* block, std::size_t size) noexcept;

// What this thread's pool has handed out: blocks given by AllocateNode and not freed on this
// thread, and their bytes (by size class). For tests and benchmarks that count allocations.
// All zero while the pool is off.
struct NodePoolCounts {
  int64_t allocations = 0;  // AllocateNode calls served by the pool, ever
  int64_t bytes = 0;        // allocated minus freed on this thread (may go negative)
};
NodePoolCounts ThisThreadNodePoolCounts();

// Whether the pool is on in this build (off under the sanitizers).
bool NodePoolEnabled();

// PooledNode
//
// The base of a node type whose blocks come from the pool: `struct Rep : PooledNode {...}`.
struct PooledNode {
  static void* operator new(std::size_t size) { return AllocateNode(size); }
  static void operator delete(void* block, std::size_t size) noexcept { FreeNode(block, size); }
  // Placement new stays usable (a class's operator new hides the global forms).
  static void* operator new(std::size_t, void* where) noexcept { return where; }
  static void operator delete(void*, void*) noexcept {}
};

// NodeAllocator
//
// A standard allocator whose blocks come from the pool: the element arrays of repeated fields
// and maps (`std::vector<T, NodeAllocator<T>>`). Stateless: any two compare equal.
template <class T>
struct NodeAllocator {
  static_assert(alignof(T) <= 16, "the pool's blocks are aligned to 16");
  using value_type = T;

  NodeAllocator() noexcept = default;
  template <class U>
  NodeAllocator(const NodeAllocator<U>&) noexcept {}  // NOLINT: rebinding converts implicitly

  T* allocate(std::size_t n) { return static_cast<T*>(AllocateNode(n * sizeof(T))); }
  void deallocate(T* block, std::size_t n) noexcept { FreeNode(block, n * sizeof(T)); }

  friend bool operator==(const NodeAllocator&, const NodeAllocator&) noexcept { return true; }
  friend bool operator!=(const NodeAllocator&, const NodeAllocator&) noexcept { return false; }
};

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_NODE_POOL_H_
