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

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace paysim {
namespace internal {

class OrdinalIndex {
 public:
  OrdinalIndex();
  ~OrdinalIndex();
  OrdinalIndex(OrdinalIndex&&) noexcept;
  OrdinalIndex& operator=(OrdinalIndex&&) noexcept;

  // Whether the index holds every matching object of its store.
  bool built() const { return built_; }

  // Forgets every entry and counts as built: the owner then adds each matching object.
  void Rebuild();

  // Enters `ordinal` under `key` (nothing if it is there already).
  void Add(absl::string_view key, int64_t ordinal);

  // Removes `ordinal` from under `key` (nothing if it is not there); a key left with none
  // takes no memory.
  void Remove(absl::string_view key, int64_t ordinal);

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
  absl::Span<const int64_t> Of(absl::string_view key) const;

 private:
  // The map from key to ordinals, in ordinal_index.cc: world.h holds an index per relation,
  // and each file including it would otherwise compile the map's class and code again.
  struct Keys;
  bool built_ = false;
  std::unique_ptr<Keys> by_key_;  // null while no key has ordinals
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_ORDINAL_INDEX_H_
