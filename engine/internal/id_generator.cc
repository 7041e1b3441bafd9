#include "engine/internal/id_generator.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace paysim {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

}  // namespace

std::string IdGenerator::NewId(absl::string_view prefix) {
  const size_t length = prefix == "cus_" ? 14 : 24;
  std::string id(prefix.size() + length, '0');
  std::memcpy(&id[0], prefix.data(), prefix.size());
  char* out = &id[prefix.size()];
  // One 64-bit draw yields 10 base62 characters (62^10 < 2^64), least significant first,
  // taken two at a time (one 64-bit division per pair; both lengths are even).
  for (size_t i = 0; i < length; i += 10) {
    uint64_t bits = Next();
    const size_t end = std::min(length, i + 10);
    for (size_t k = i; k < end; k += 2) {
      const uint32_t pair = static_cast<uint32_t>(bits % (62 * 62));
      bits /= 62 * 62;
      out[k] = kBase62[pair % 62];
      out[k + 1] = kBase62[pair / 62];
    }
  }
  return id;
}

std::string IdGenerator::RandomString(int length) {
  std::string out;
  out.reserve(length);
  for (int i = 0; i < length; ++i) out.push_back(kBase62[Next() % 62]);
  return out;
}

std::string IdGenerator::RandomCode(int length) {
  std::string out;
  out.reserve(length);
  for (int i = 0; i < length; ++i) out.push_back(kBase62[Next() % 36]);
  return out;
}

uint64_t IdGenerator::Uniform(uint64_t bound) { return bound == 0 ? 0 : Next() % bound; }

std::string IdGenerator::SaveState() const {
  std::ostringstream out;
  out << rng_;
  return out.str();
}

bool IdGenerator::RestoreState(const std::string& state, uint64_t draws) {
  std::istringstream in(state);
  std::mt19937_64 rng;
  in >> rng;
  if (in.fail()) return false;
  in >> std::ws;
  if (!in.eof()) return false;  // trailing text: not a state we wrote
  rng_ = rng;
  draws_ = draws;
  return true;
}

}  // namespace paysim
