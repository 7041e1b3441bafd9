// short_id.h (internal): an object id held inline: Stripe's ids ("ch_" + 24 characters, "evt_"
// + 24...) fit in 39 bytes without a heap allocation; longer ones (Checkout Sessions' 66) go to
// the heap.
//
// Thread safety: a value type; as std::string.
#ifndef PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_
#define PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_

#include <cstdint>
#include <cstring>
#include <memory>

#include "absl/strings/string_view.h"

namespace paysim {
namespace internal {

class ShortId {
 public:
  static constexpr size_t kInline = 39;

  ShortId() = default;
  explicit ShortId(absl::string_view id) { Assign(id); }
  ShortId(const ShortId& other) { Assign(other.view()); }
  ShortId& operator=(const ShortId& other) {
    if (this != &other) Assign(other.view());
    return *this;
  }
  ShortId(ShortId&&) = default;
  ShortId& operator=(ShortId&&) = default;

  absl::string_view view() const {
    return heap_ != nullptr ? absl::string_view(heap_.get(), size_)
                            : absl::string_view(inline_, size_);
  }
  operator absl::string_view() const { return view(); }  // NOLINT: an id is its text

 private:
  void Assign(absl::string_view id) {
    size_ = static_cast<uint32_t>(id.size());
    if (id.size() <= kInline) {
      heap_.reset();
      std::memcpy(inline_, id.data(), id.size());
    } else {
      heap_.reset(new char[id.size()]);
      std::memcpy(heap_.get(), id.data(), id.size());
    }
  }

  char inline_[kInline] = {};
  uint32_t size_ = 0;
  std::unique_ptr<char[]> heap_;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SHORT_ID_H_
