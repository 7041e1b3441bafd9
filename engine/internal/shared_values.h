// shared_values.h (internal): one rep for the equal parts the engine builds over and over.
//
// Objects are copy-on-write values (proto/object_runtime): a copy shares its rep. Some parts
// of an object are built anew for each object yet come out equal from one to the next: a
// charge's card details and outcome (the same test card and amount), a balance transaction's
// fee detail, a PaymentIntent's default options, an invoice line's pricing. SharedValues keeps
// the last value seen in each of its slots; Share() replaces a value equal to its slot's with
// the kept one, so that both share one rep and the new rep is freed:
//
//   thread_local SharedValues<ChargeOutcome> outcomes;
//   outcomes.Share(/*key=*/risk_score, *charge.mutable_outcome());
//
// `key` picks the slot: values likely to be equal should get the same key. A value unequal to
// its slot's takes the slot. The values are equal, so nothing any reader sees changes; a
// later change through either object copies first (copy-on-write). It keeps at most kSlots
// values alive.
//
// Memo goes one step further where the value is a function of a few inputs (a test card, an
// amount, an expiry): it keeps the value last built for each slot's inputs and hands out that
// value, so the parts are neither built nor compared again:
//
//   thread_local Memo<std::tuple<const TestCard*, int64_t>, PaymentMethodDetails> details;
//   const auto key = std::make_tuple(&card, amount);
//   *charge.mutable_payment_method_details() =
//       details.Get(absl::HashOf(key), key, [&] { return BuildDetails(card, amount); });
//
// `make` must depend on the key alone (never on a World's state or the random generator: a
// value kept from one engine is handed to another). Keys are compared with ==, so an object in
// a key (a version to derive from) costs one pointer comparison when it shares the kept rep.
//
// Thread safety: none; keep one per thread (thread_local). The reps they share may be shared
// between threads (their counts are atomic).
#ifndef PAYSIM_ENGINE_INTERNAL_SHARED_VALUES_H_
#define PAYSIM_ENGINE_INTERNAL_SHARED_VALUES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace paysim {
namespace internal {

template <typename T, size_t kSlots = 1>
class SharedValues {
 public:
  // Makes `value` share the rep of the value kept for `key` if they are equal; else keeps
  // `value` for `key`.
  void Share(uint64_t key, T& value) {
    T& kept = slots_[key % kSlots];
    if (kept == value) {
      value = kept;
    } else {
      kept = value;
    }
  }

 private:
  std::array<T, kSlots> slots_;
};

template <typename Key, typename T, size_t kSlots = 16>
class Memo {
 public:
  // The value kept for `key` (its slot picked by `hash`), built by `make()` when the slot
  // holds another key's or none.
  template <typename Make>
  const T& Get(uint64_t hash, const Key& key, Make&& make) {
    Slot& slot = slots_[hash % kSlots];
    if (!slot.filled || !(slot.key == key)) {
      slot.value = std::forward<Make>(make)();
      slot.key = key;
      slot.filled = true;
    }
    return slot.value;
  }

 private:
  struct Slot {
    Key key{};
    T value;
    bool filled = false;
  };
  std::array<Slot, kSlots> slots_;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SHARED_VALUES_H_
