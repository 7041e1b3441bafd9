// short_id.h (internal): an object id held inline: Stripe's ids ("ch_" + 24 characters, "evt_"
// + 24, "price_" + 24...) fit in 32 bytes without a heap allocation; longer ones (Checkout
// Sessions' 66, "sub_sched_" + 24, "mandate_" + 24) go to the heap. sizeof(ShortId) is 32, and
// its alignment 1: it packs beside any other member.
//
// Thread safety: a value type; as std::string.
#ifndef PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_
#define PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_

#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"

namespace paysim {
namespace internal {

class ShortId {
 public:
  static constexpr size_t kInline = 31;  // the longest id held inline

  ShortId() noexcept = default;
  explicit ShortId(absl::string_view id) { Assign(id); }
  ShortId(const ShortId& other) { Assign(other.view()); }
  ShortId& operator=(const ShortId& other) {
    if (this != &other) {
      Free();
      Assign(other.view());
    }
    return *this;
  }
  ShortId(ShortId&& other) noexcept { Take(other); }
  ShortId& operator=(ShortId&& other) noexcept {
    if (this != &other) {
      Free();
      Take(other);
    }
    return *this;
  }
  ~ShortId() { Free(); }

  absl::string_view view() const {
    return on_heap() ? absl::string_view(HeapText(), HeapSize())
                     : absl::string_view(text_, tag_);
  }
  operator absl::string_view() const { return view(); }  // NOLINT: an id is its text

 private:
  static constexpr uint8_t kOnHeap = 0xFF;  // tag_ of an id on the heap

  bool on_heap() const { return tag_ == kOnHeap; }
  // On the heap, text_ holds the buffer's address, then its size (copied in and out, so any
  // alignment of the ShortId will do).
  const char* HeapText() const {
    const char* text;
    std::memcpy(&text, text_, sizeof(text));
    return text;
  }
  uint32_t HeapSize() const {
    uint32_t size;
    std::memcpy(&size, text_ + sizeof(char*), sizeof(size));
    return size;
  }

  // REQUIRES: nothing held (a fresh or freed id).
  void Assign(absl::string_view id) {
    if (id.size() > kInline) {
      char* text = new char[id.size()];
      std::memcpy(text, id.data(), id.size());
      const uint32_t size = static_cast<uint32_t>(id.size());
      std::memcpy(text_, &text, sizeof(text));
      std::memcpy(text_ + sizeof(text), &size, sizeof(size));
      tag_ = kOnHeap;
    } else {
      std::memcpy(text_, id.data(), id.size());
      tag_ = static_cast<uint8_t>(id.size());
    }
  }
  // REQUIRES: nothing held. Leaves `other` empty.
  void Take(ShortId& other) noexcept {
    std::memcpy(text_, other.text_, sizeof(text_));
    tag_ = other.tag_;
    other.tag_ = 0;
  }
  void Free() noexcept {
    if (on_heap()) delete[] HeapText();
    tag_ = 0;
  }

  char text_[kInline];  // the id (inline), or its buffer's address and size (on the heap)
  uint8_t tag_ = 0;     // the id's size (inline), or kOnHeap
};

static_assert(sizeof(ShortId) == 32, "an id and its tag fill 32 bytes");
static_assert(alignof(ShortId) == 1, "a ShortId packs beside any member");

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_
