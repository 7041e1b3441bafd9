// mt19937_64.h: the 64-bit Mersenne Twister of the C++ standard (std::mt19937_64), with the
// same numbers and the same state text, drawn from a block generated 312 numbers at a time.
//
// std::mt19937_64's operator() is a call that tempers one word per draw and twists the state
// every 312 draws; here both are done for the whole block at once (loops the compiler
// vectorizes) and a draw is an inline load. Ids cost a few draws each, so the engine draws
// tens of numbers per lifecycle.
//
// Thread safety: not thread-safe (IdGenerator's owner serializes calls).
#ifndef PAYSIM_ENGINE_INTERNAL_MT19937_64_H_
#define PAYSIM_ENGINE_INTERNAL_MT19937_64_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace paysim {

class Mt19937_64 {
 public:
  static constexpr size_t kStateSize = 312;

  // As std::mt19937_64(seed).
  explicit Mt19937_64(uint64_t seed);

  // The next number: std::mt19937_64's sequence for the same seed (or state).
  uint64_t operator()() {
    if (next_ >= kStateSize) Generate();
    return block_[next_++];
  }

  // The state as std::mt19937_64's operator<< writes it (312 words and the position, decimal,
  // one space apart).
  std::string State() const;

  // Sets the state from text that std::mt19937_64's operator>> reads in full (trailing
  // whitespace allowed). Returns false, changing nothing, for any other text.
  bool SetState(absl::string_view text);

 private:
  // Twists state_ (the next 312 words) and tempers them into block_; next_ = 0.
  void Generate();
  // block_ from state_ as it stands (after SetState).
  void TemperAll();

  uint64_t state_[kStateSize];  // std's _M_x: the untempered words
  uint64_t block_[kStateSize];  // block_[i] = the tempered state_[i]
  size_t next_;                 // std's _M_p: the position of the next draw
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_MT19937_64_H_
