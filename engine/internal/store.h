// store.h (internal): one resource's objects, readable by every module and writable only by
// the module that owns the resource's lifecycle.
//
// Store<T, Owner> wraps an ObjectStore<T>. Reads (Find, Get, List, ForEach) are open to all;
// every write takes a WriteKey<Owner>, which only `Owner` can make. So the compiler, not a
// comment, keeps a PaymentIntent's status in the PaymentIntent module: another module that
// wants an intent to change asks that module for a transition.
//
// Example:
//   class TokenLifecycle {
//     static Token& Create(World& w, Token token) {
//       return w.tokens().Insert(Key(), std::move(token));
//     }
//     static WriteKey<TokenLifecycle> Key() { return {}; }
//   };
//   const Token* token = w.tokens().Find("tok_1");   // anyone
//
// Thread safety: not thread-safe; the engine uses stores under its lock (World).
#ifndef PAYSIM_ENGINE_INTERNAL_STORE_H_
#define PAYSIM_ENGINE_INTERNAL_STORE_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/internal/object_store.h"
#include "engine/list.h"

namespace paysim {
namespace internal {

class World;

// Proof of being `Owner`: only Owner (a class) can construct one.
template <typename Owner>
class WriteKey {
 private:
  friend Owner;
  constexpr WriteKey() = default;
};

template <typename T, typename Owner>
class Store {
 public:
  // `kind` names the resource in "No such <kind>: '<id>'" errors.
  explicit Store(std::string kind) : objects_(std::move(kind)) {}

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // ---- reads ----

  // The live object with `id`, or nullptr.
  const T* Find(absl::string_view id) const { return objects_.Find(id); }

  // The live object with `id`, or a 404 resource_missing error naming `param`.
  absl::StatusOr<const T*> Get(absl::string_view id, absl::string_view param = "id") const {
    const T* object = objects_.Find(id);
    if (object == nullptr) return ResourceMissing(objects_.kind(), id, param);
    return object;
  }

  // One page, newest first, of the live objects for which `keep` is true.
  absl::StatusOr<ListResult<T>> List(const ListWindow& window, absl::string_view url,
                                     absl::FunctionRef<bool(const T&)> keep) const {
    return objects_.List(window, url, keep);
  }

  // List() over the live objects at `ordinals` only (ascending; ObjectStore::ListAt).
  absl::StatusOr<ListResult<T>> ListAt(const ListWindow& window, absl::string_view url,
                                       absl::Span<const int64_t> ordinals,
                                       absl::FunctionRef<bool(const T&)> keep) const {
    return objects_.ListAt(window, url, ordinals, keep);
  }

  // Calls `visit` on every live object, oldest first.
  void ForEach(absl::FunctionRef<void(const T&)> visit) const { objects_.ForEach(visit); }

  // Objects ever stored, deleted ones included.
  size_t size() const { return objects_.size(); }

  // A live object's place in creation order, or -1; the live object at that place, or nullptr
  // (ObjectStore::OrdinalOf, AtOrdinal): what an owner's own indexes keep instead of ids.
  int64_t OrdinalOf(absl::string_view id) const { return objects_.OrdinalOf(id); }
  const T* AtOrdinal(int64_t ordinal) const { return objects_.AtOrdinal(ordinal); }

  // ---- writes (the owning module only) ----

  // The live object with `id` to change in place, or nullptr.
  T* Mutable(WriteKey<Owner>, absl::string_view id) { return objects_.Find(id); }

  // Adds `object` (its id must be new) and returns the stored object.
  T& Insert(WriteKey<Owner>, T object) { return objects_.Insert(std::move(object)); }

  // Marks `id` deleted (it keeps its place in lists' order). False if it was not there.
  bool Delete(WriteKey<Owner>, absl::string_view id) { return objects_.Delete(id); }

 private:
  friend class World;  // lists the stores for snapshots (World::Stores)
  ObjectStore<T> objects_;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_STORE_H_
