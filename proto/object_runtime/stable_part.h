// stable_part.h: the block of an object's stable fields (objgen's `// stable` marker), shared
// by the object's versions. Internal: generated reps hold one; use the objects' accessors.
//
// A stable field is set when its object is made and seldom changed afterwards (a charge's
// amount, currency, customer, payment method details...). A new version of the object copies
// its rep, which holds the fields that move with the lifecycle, and shares the block: the block
// is copied only when a stable field itself changes. A rep whose stable fields were never set
// points to one immortal default block: no allocation.
//
// Thread safety: as the reps (ref_count.h): a shared block is never changed.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_STABLE_PART_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_STABLE_PART_H_

#include "proto/object_runtime/ref_count.h"

namespace paysim {
namespace obj {
namespace internal {

// `Block` is a struct whose first member is `RefCount refs`, copyable, with a constexpr
// `Block(ImmortalTag)` constructor and a static `Immortal<Block> default_block` (defined once,
// in the generated .obj.cc). The runtime reads a StablePart as one `Block*` (its only member):
// the type table's `stable_offset` locates it in the rep.
template <class Block>
class StablePart {
 public:
  constexpr StablePart() noexcept : block_(&Block::default_block.value) {}
  StablePart(const StablePart& other) noexcept : block_(other.block_) { block_->refs.Ref(); }
  StablePart& operator=(const StablePart& other) noexcept {
    other.block_->refs.Ref();
    Release();
    block_ = other.block_;
    return *this;
  }
  ~StablePart() { Release(); }

  // The block, for reading.
  const Block* get() const noexcept { return block_; }

  // The block, for writing: copied first when shared (or the default).
  Block* Mutable() {
    if (!block_->refs.IsUnique()) {
      Block* copy = new Block(*block_);
      Release();
      block_ = copy;
    }
    return block_;
  }

 private:
  void Release() noexcept {
    if (block_->refs.Unref()) delete block_;
  }

  Block* block_;
};

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_STABLE_PART_H_
