// short_id.h (internal): an object id held inline: Stripe's ids ("ch_" + 24 characters, "evt_"
// + 24...) fit in 32 bytes without a heap allocation; longer ones (Checkout Sessions' 66,
// "sub_sched_" + 24) go to the heap. sizeof(ShortId) is 40.
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
  static constexpr size_t kInline = 32;

  ShortId() noexcept { inline_[0] = '\0'; }
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
    return absl::string_view(on_heap() ? heap_ : inline_, size_);
  }
  operator absl::string_view() const { return view(); }  // NOLINT: an id is its text

 private:
  bool on_heap() const { return size_ > kInline; }

  // REQUIRES: nothing held (a fresh or freed id).
  void Assign(absl::string_view id) {
    size_ = static_cast<uint32_t>(id.size());
    if (on_heap()) {
      heap_ = new char[id.size()];
      std::memcpy(heap_, id.data(), id.size());
    } else {
      std::memcpy(inline_, id.data(), id.size());
    }
  }
  // REQUIRES: nothing held. Leaves `other` empty.
  void Take(ShortId& other) noexcept {
    size_ = other.size_;
    if (on_heap()) {
      heap_ = other.heap_;
    } else {
      std::memcpy(inline_, other.inline_, size_);
    }
    other.size_ = 0;
  }
  void Free() noexcept {
    if (on_heap()) delete[] heap_;
    size_ = 0;
  }

  union {
    char inline_[kInline];
    char* heap_;
  };
  uint32_t size_ = 0;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_
