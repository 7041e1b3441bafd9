// The 64-bit Mersenne Twister (mt19937_64.h): std::mt19937_64's parameters and algorithm
// ([rand.eng.mers]), generated a block at a time.
#include "engine/internal/mt19937_64.h"

#include <algorithm>
#include <random>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace paysim {
namespace {

// std::mt19937_64's parameters.
constexpr size_t kN = Mt19937_64::kStateSize;
constexpr size_t kM = 156;
constexpr uint64_t kMatrix = 0xb5026f5aa96619e9ULL;
constexpr uint64_t kUpperMask = ~uint64_t{0} << 31;
constexpr uint64_t kLowerMask = ~kUpperMask;
constexpr uint64_t kInitMultiplier = 6364136223846793005ULL;

inline uint64_t Twist(uint64_t current, uint64_t next, uint64_t far) {
  const uint64_t y = (current & kUpperMask) | (next & kLowerMask);
  return far ^ (y >> 1) ^ ((0 - (y & 1)) & kMatrix);  // branch-free
}

inline uint64_t Temper(uint64_t z) {
  z ^= (z >> 29) & 0x5555555555555555ULL;
  z ^= (z << 17) & 0x71d67fffeda60000ULL;
  z ^= (z << 37) & 0xfff7eee000000000ULL;
  z ^= z >> 43;
  return z;
}

}  // namespace

Mt19937_64::Mt19937_64(uint64_t seed) {
  state_[0] = seed;
  for (size_t i = 1; i < kN; ++i) {
    const uint64_t previous = state_[i - 1];
    state_[i] = kInitMultiplier * (previous ^ (previous >> 62)) + i;
  }
  next_ = kN;  // the first draw twists, as std's does
}

void Mt19937_64::Generate() {
  size_t k = 0;
  for (; k < kN - kM; ++k) state_[k] = Twist(state_[k], state_[k + 1], state_[k + kM]);
  for (; k < kN - 1; ++k) state_[k] = Twist(state_[k], state_[k + 1], state_[k + kM - kN]);
  state_[kN - 1] = Twist(state_[kN - 1], state_[0], state_[kM - 1]);
  TemperAll();
  next_ = 0;
}

void Mt19937_64::TemperAll() {
  for (size_t i = 0; i < kN; ++i) block_[i] = Temper(state_[i]);
}

std::string Mt19937_64::State() const {
  std::string text;
  text.reserve(kN * 21);
  for (size_t i = 0; i < kN; ++i) absl::StrAppend(&text, state_[i], " ");
  absl::StrAppend(&text, next_);
  return text;
}

bool Mt19937_64::SetState(absl::string_view text) {
  // std's operator>> decides what text is a state; its operator<< then writes that state in
  // the one form parsed below.
  std::istringstream in{std::string(text)};
  std::mt19937_64 reference;
  in >> reference;
  if (in.fail()) return false;
  in >> std::ws;
  if (!in.eof()) return false;  // trailing text: not a state std writes
  std::ostringstream canonical;
  canonical << reference;
  const std::string canonical_text = canonical.str();
  const std::vector<absl::string_view> words = absl::StrSplit(canonical_text, ' ');
  if (words.size() != kN + 1) return false;
  uint64_t state[kN];
  uint64_t next;
  for (size_t i = 0; i < kN; ++i) {
    if (!absl::SimpleAtoi(words[i], &state[i])) return false;
  }
  if (!absl::SimpleAtoi(words[kN], &next)) return false;
  std::copy(state, state + kN, state_);
  next_ = static_cast<size_t>(next);
  TemperAll();
  return true;
}

}  // namespace paysim
