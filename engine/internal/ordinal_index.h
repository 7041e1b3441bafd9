// ordinal_index.h (internal): a lookup an owner keeps beside its store (store.h) so that a
// question like "this customer's pending invoice items" reads those few objects instead of
// every object ever stored: for each key, the ordinals (Store::OrdinalOf) of the objects that
// match, ascending (oldest first).
//
// Derived data, never saved: a fresh or restored world starts with an index not built; the
// owner builds it from its store on the first lookup (BuiltFrom) and, once built, enters and
// removes objects around each of its writes (Enter, Leave; writes before that are left to the
// build). An owner that never looks up pays nothing.
//
// Thread safety: none; kept under the world's lock like the store beside it.
#ifndef PAYSIM_ENGINE_INTERNAL_ORDINAL_INDEX_H_
#define PAYSIM_ENGINE_INTERNAL_ORDINAL_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace paysim {
namespace internal {

class OrdinalIndex {
 public:
  // Whether the index holds every matching object of its store.
  bool built() const { return built_; }

  // Forgets every entry and counts as built: the owner then adds each matching object.
  void Rebuild() {
    by_key_.clear();
    built_ = true;
  }

  // Enters `ordinal` under `key` (nothing if it is there already).
  void Add(absl::string_view key, int64_t ordinal) {
    std::vector<int64_t>& ordinals = by_key_[key];
    auto at = std::lower_bound(ordinals.begin(), ordinals.end(), ordinal);
    if (at == ordinals.end() || *at != ordinal) ordinals.insert(at, ordinal);
  }

  // Removes `ordinal` from under `key` (nothing if it is not there); a key left with none
  // takes no memory.
  void Remove(absl::string_view key, int64_t ordinal) {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return;
    std::vector<int64_t>& ordinals = it->second;
    auto at = std::lower_bound(ordinals.begin(), ordinals.end(), ordinal);
    if (at != ordinals.end() && *at == ordinal) ordinals.erase(at);
    if (ordinals.empty()) by_key_.erase(it);
  }

  // What owners call. BuiltFrom: the index, built first from `store` if it is not, each live
  // object entered under `key_of(object)` (an std::optional<absl::string_view>; nullopt: not
  // entered). Enter and Leave: Add and Remove of `object` (before it is deleted from `store`),
  // once the index is built; nothing before (the build will read the store).
  template <typename S, typename KeyOf>
  OrdinalIndex& BuiltFrom(const S& store, KeyOf key_of) {
    if (built_) return *this;
    Rebuild();
    store.ForEach([&](const auto& object) {
      if (const std::optional<absl::string_view> key = key_of(object)) {
        Add(*key, store.OrdinalOf(object.id()));
      }
    });
    return *this;
  }
  template <typename S, typename T>
  void Enter(absl::string_view key, const S& store, const T& object) {
    if (built_) Add(key, store.OrdinalOf(object.id()));
  }
  template <typename S, typename T>
  void Leave(absl::string_view key, const S& store, const T& object) {
    if (built_) Remove(key, store.OrdinalOf(object.id()));
  }

  // The ordinals under `key`, ascending; valid until the next Add, Remove or Rebuild.
  absl::Span<const int64_t> Of(absl::string_view key) const {
    auto it = by_key_.find(key);
    if (it == by_key_.end()) return {};
    return it->second;
  }

 private:
  bool built_ = false;
  absl::flat_hash_map<std::string, std::vector<int64_t>> by_key_;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_ORDINAL_INDEX_H_
