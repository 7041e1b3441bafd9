// id_generator.h: Stripe-shaped object ids from a seeded generator.
//
// Same seed and the same sequence of calls give the same ids, on every machine.
// Thread safety: not thread-safe; the engine calls it under its own lock.
#ifndef PAYSIM_ENGINE_INTERNAL_ID_GENERATOR_H_
#define PAYSIM_ENGINE_INTERNAL_ID_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/internal/mt19937_64.h"

namespace paysim {

class IdGenerator {
 public:
  explicit IdGenerator(uint64_t seed) : rng_(seed) {}

  // NewId()
  //
  // `prefix` followed by random base62 characters: 14 after "cus_" (as Stripe's customer ids),
  // 24 after every other prefix ("ch_", "tok_", "pm_", ...).
  std::string NewId(absl::string_view prefix);

  // The random characters after a prefix (14 after "cus_"), and the prefixes that WriteId()'s
  // callers may size their buffers for.
  static constexpr size_t kMaxRandom = 24;
  static constexpr size_t kMaxPrefix = 16;

  // NewId(prefix) written to `out` (room for prefix.size() + kMaxRandom characters), drawing
  // as NewId does; returns its length. For ids that are copied where they go (an event's).
  size_t WriteId(absl::string_view prefix, char* out);

  // `length` random base62 characters.
  std::string RandomString(int length);

  // RandomString(length) written to `out` (room for `length` characters), drawing as
  // RandomString does.
  void WriteRandom(int length, char* out);

  // `length` random characters of A-Z and 0-9: generated coupon ids and promotion codes.
  std::string RandomCode(int length);

  // A random integer in [0, bound).
  uint64_t Uniform(uint64_t bound);

  // Numbers drawn so far (a cheap witness that a call drew none).
  uint64_t draws() const { return draws_; }

  // SaveState() / RestoreState()
  //
  // The generator's exact state as text (as std::mt19937_64's operator<< writes it), and
  // back. RestoreState returns false, leaving the generator unchanged, if `state` is not such
  // a text.
  std::string SaveState() const;
  bool RestoreState(const std::string& state, uint64_t draws);

 private:
  uint64_t Next() {
    ++draws_;
    return rng_();
  }

  // std::mt19937_64's sequence (fully specified by the C++ standard: identical on every
  // platform), drawn a block at a time.
  Mt19937_64 rng_;
  uint64_t draws_ = 0;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_ID_GENERATOR_H_
