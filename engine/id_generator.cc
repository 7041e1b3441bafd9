#include "engine/id_generator.h"

namespace paysim {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

}  // namespace

std::string IdGenerator::NewId(absl::string_view prefix) {
  const int length = prefix == "cus_" ? 14 : 24;
  std::string id(prefix);
  id.reserve(prefix.size() + length);
  // One 64-bit draw yields 10 base62 characters (62^10 < 2^64).
  uint64_t bits = 0;
  int left = 0;
  for (int i = 0; i < length; ++i) {
    if (left == 0) {
      bits = rng_();
      left = 10;
    }
    id.push_back(kBase62[bits % 62]);
    bits /= 62;
    --left;
  }
  return id;
}

std::string IdGenerator::RandomString(int length) {
  std::string out;
  out.reserve(length);
  for (int i = 0; i < length; ++i) out.push_back(kBase62[rng_() % 62]);
  return out;
}

uint64_t IdGenerator::Uniform(uint64_t bound) { return bound == 0 ? 0 : rng_() % bound; }

}  // namespace paysim
