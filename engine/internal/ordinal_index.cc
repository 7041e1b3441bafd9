#include "engine/internal/ordinal_index.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace paysim {
namespace internal {

struct OrdinalIndex::Keys {
  absl::flat_hash_map<std::string, std::vector<int64_t>> map;
};

OrdinalIndex::OrdinalIndex() = default;
OrdinalIndex::~OrdinalIndex() = default;
OrdinalIndex::OrdinalIndex(OrdinalIndex&& other) noexcept
    : built_(std::exchange(other.built_, false)), by_key_(std::move(other.by_key_)) {}
OrdinalIndex& OrdinalIndex::operator=(OrdinalIndex&& other) noexcept {
  built_ = std::exchange(other.built_, false);
  by_key_ = std::move(other.by_key_);
  return *this;
}

void OrdinalIndex::Rebuild() {
  by_key_.reset();
  built_ = true;
}

void OrdinalIndex::Add(absl::string_view key, int64_t ordinal) {
  if (by_key_ == nullptr) by_key_ = std::make_unique<Keys>();
  std::vector<int64_t>& ordinals = by_key_->map[key];
  auto at = std::lower_bound(ordinals.begin(), ordinals.end(), ordinal);
  if (at == ordinals.end() || *at != ordinal) ordinals.insert(at, ordinal);
}

void OrdinalIndex::Remove(absl::string_view key, int64_t ordinal) {
  if (by_key_ == nullptr) return;
  auto it = by_key_->map.find(key);
  if (it == by_key_->map.end()) return;
  std::vector<int64_t>& ordinals = it->second;
  auto at = std::lower_bound(ordinals.begin(), ordinals.end(), ordinal);
  if (at != ordinals.end() && *at == ordinal) ordinals.erase(at);
  if (ordinals.empty()) by_key_->map.erase(it);
}

absl::Span<const int64_t> OrdinalIndex::Of(absl::string_view key) const {
  if (by_key_ == nullptr) return {};
  auto it = by_key_->map.find(key);
  if (it == by_key_->map.end()) return {};
  return it->second;
}

}  // namespace internal
}  // namespace paysim
