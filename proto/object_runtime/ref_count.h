// ref_count.h: the intrusive atomic reference count of every shared node of paysim's objects,
// and Immortal<T>, storage for the static nodes that are never counted nor destroyed.
//
// A node (an object's rep, a string, a repeated field's elements, a map) starts with a
// RefCount. Heap nodes count their owners from 1 and are deleted by the owner that drops the
// count to 0. Immortal nodes (the shared default instances, InternedString's strings) have a
// count of 0 forever: Ref and Unref leave it alone, and IsUnique is false, so a mutation always
// copies them first.
//
// Thread safety: Ref, Unref and IsUnique may race with each other on one node (the count is
// atomic). Unref releases and IsUnique acquires, so the writes of a thread that dropped its
// reference are visible to the thread that then finds itself the unique owner.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_REF_COUNT_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_REF_COUNT_H_

#include <atomic>
#include <cstdint>
#include <utility>

namespace paysim {
namespace obj {
namespace internal {

// Selects the constructors that build immortal (static, uncounted) nodes.
struct ImmortalTag {};
inline constexpr ImmortalTag kImmortal{};

class RefCount {
 public:
  // A new heap node: one owner.
  constexpr RefCount() noexcept : count_(1) {}
  // An immortal node.
  constexpr explicit RefCount(ImmortalTag) noexcept : count_(0) {}
  // A copied node is a new node: one owner (the count is not copied).
  RefCount(const RefCount&) noexcept : count_(1) {}
  RefCount& operator=(const RefCount&) = delete;

  bool immortal() const noexcept { return count_.load(std::memory_order_relaxed) == 0; }

  void Ref() const noexcept {
    if (!immortal()) count_.fetch_add(1, std::memory_order_relaxed);
  }

  // Drops one reference. True when it was the last one: the caller deletes the node.
  bool Unref() const noexcept {
    if (immortal()) return false;
    return count_.fetch_sub(1, std::memory_order_acq_rel) == 1;
  }

  // True when the caller's reference is the only one (never for an immortal node): the node
  // may be changed in place.
  bool IsUnique() const noexcept { return count_.load(std::memory_order_acquire) == 1; }

  // For tests: the number of owners (0: immortal).
  int32_t count() const noexcept { return count_.load(std::memory_order_relaxed); }

 private:
  mutable std::atomic<int32_t> count_;
};

// Drops `node`'s reference, deleting it if that was the last. `Node` starts with `refs`.
template <class Node>
inline void Unref(const Node* node) noexcept {
  if (node->refs.Unref()) delete node;
}

// Storage for a static node that is constant-initialized when T's constructor is constexpr,
// and never destroyed (so objects destroyed at exit may still point to it).
template <class T>
union Immortal {
  template <class... Args>
  constexpr explicit Immortal(Args&&... args) : value(std::forward<Args>(args)...) {}
  ~Immortal() {}
  T value;
};

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_REF_COUNT_H_
