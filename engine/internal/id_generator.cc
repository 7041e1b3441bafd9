#include "engine/internal/id_generator.h"

#include <cstring>

namespace paysim {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Every pair of base62 digits (d0 + 62 * d1 -> kBase62[d0], kBase62[d1]): one lookup writes two
// characters.
struct Base62Pairs {
  char chars[62 * 62][2];
};
constexpr Base62Pairs MakeBase62Pairs() {
  Base62Pairs pairs{};
  for (int i = 0; i < 62 * 62; ++i) {
    pairs.chars[i][0] = kBase62[i % 62];
    pairs.chars[i][1] = kBase62[i / 62];
  }
  return pairs;
}
constexpr Base62Pairs kBase62Pairs = MakeBase62Pairs();

constexpr uint32_t kBase62Pow5 = 62u * 62u * 62u * 62u * 62u;                 // < 2^30
constexpr uint64_t kBase62Pow10 = uint64_t{kBase62Pow5} * uint64_t{kBase62Pow5};  // < 2^64

// Writes the 5 base62 digits of `value` (< 62^5), least significant first.
inline void EncodeFiveDigits(uint32_t value, char* out) {
  std::memcpy(out, kBase62Pairs.chars[value % (62 * 62)], 2);
  value /= 62 * 62;
  std::memcpy(out + 2, kBase62Pairs.chars[value % (62 * 62)], 2);
  out[4] = kBase62[value / (62 * 62)];
}

}  // namespace

std::string IdGenerator::NewId(absl::string_view prefix) {
  char text[kMaxPrefix + kMaxRandom];
  if (prefix.size() > kMaxPrefix) {
    std::string id(prefix);
    id.resize(prefix.size() + kMaxRandom);
    id.resize(WriteId(prefix, &id[0]));
    return id;
  }
  return std::string(text, WriteId(prefix, text));
}

size_t IdGenerator::WriteId(absl::string_view prefix, char* id) {
  const size_t length = prefix == "cus_" ? 14 : kMaxRandom;
  std::memcpy(id, prefix.data(), prefix.size());
  char* out = id + prefix.size();
  // One 64-bit draw yields 10 base62 characters (62^10 < 2^64): its base62 digits, least
  // significant first. A full group of 10 is the digits of (draw mod 62^10), split into two
  // halves below 62^5 that 32-bit arithmetic encodes; a shorter last group (both lengths are
  // even) is taken two digits at a time.
  for (size_t i = 0; i < length; i += 10) {
    uint64_t bits = Next();
    if (length - i >= 10) {
      const uint64_t digits = bits % kBase62Pow10;
      EncodeFiveDigits(static_cast<uint32_t>(digits % kBase62Pow5), out + i);
      EncodeFiveDigits(static_cast<uint32_t>(digits / kBase62Pow5), out + i + 5);
      continue;
    }
    for (size_t k = i; k < length; k += 2) {
      std::memcpy(out + k, kBase62Pairs.chars[bits % (62 * 62)], 2);
      bits /= 62 * 62;
    }
  }
  return prefix.size() + length;
}

std::string IdGenerator::RandomString(int length) {
  std::string out(static_cast<size_t>(length), '\0');
  WriteRandom(length, &out[0]);
  return out;
}

void IdGenerator::WriteRandom(int length, char* out) {
  for (int i = 0; i < length; ++i) out[i] = kBase62[Next() % 62];
}

std::string IdGenerator::RandomCode(int length) {
  std::string out;
  out.reserve(length);
  for (int i = 0; i < length; ++i) out.push_back(kBase62[Next() % 36]);
  return out;
}

uint64_t IdGenerator::Uniform(uint64_t bound) { return bound == 0 ? 0 : Next() % bound; }

std::string IdGenerator::SaveState() const { return rng_.State(); }

bool IdGenerator::RestoreState(const std::string& state, uint64_t draws) {
  if (!rng_.SetState(state)) return false;
  draws_ = draws;
  return true;
}

}  // namespace paysim
