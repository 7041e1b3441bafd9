// id_generator.h: Stripe-shaped object ids from a seeded generator.
//
// Same seed and the same sequence of calls give the same ids, on every machine.
// Thread safety: not thread-safe; the engine calls it under its own lock.
#ifndef PAYSIM_ENGINE_ID_GENERATOR_H_
#define PAYSIM_ENGINE_ID_GENERATOR_H_

#include <cstdint>
#include <random>
#include <string>

#include "absl/strings/string_view.h"

namespace paysim {

class IdGenerator {
 public:
  explicit IdGenerator(uint64_t seed) : rng_(seed) {}

  // NewId()
  //
  // `prefix` followed by random base62 characters: 14 after "cus_" (as Stripe's customer ids),
  // 24 after every other prefix ("ch_", "tok_", "pm_", ...).
  std::string NewId(absl::string_view prefix);

  // `length` random base62 characters.
  std::string RandomString(int length);

  // A random integer in [0, bound).
  uint64_t Uniform(uint64_t bound);

 private:
  std::mt19937_64 rng_;  // fully specified by the C++ standard: identical on every platform
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_ID_GENERATOR_H_
