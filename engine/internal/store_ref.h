// store_ref.h (internal): one ObjectStore seen without its object type, for the code that
// treats every store alike: snapshots (snapshot.cc) and the state summary (Engine::StateSizes).
//
// A StoreRef does not own its store and allocates nothing: it is a name, a pointer and a table
// of functions made once per object type (T: a generated object class, proto/object_runtime). World::Stores() (world.cc) lists the world's stores
// as StoreRefs; that list is the one place a new store is added.
//
// Thread safety: as the store it points to (the engine uses it under its lock).
#ifndef PAYSIM_ENGINE_INTERNAL_STORE_REF_H_
#define PAYSIM_ENGINE_INTERNAL_STORE_REF_H_

#include <cstddef>
#include <string>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/internal/object_store.h"

namespace paysim {
namespace internal {

class StoreRef {
 public:
  // `name` (static storage, e.g. a literal) names the store in snapshots. T is a proto message.
  template <typename T>
  StoreRef(absl::string_view name, ObjectStore<T>* store)
      : name_(name), store_(store), ops_(&kOpsFor<T>) {}

  absl::string_view name() const { return name_; }

  // Objects ever stored, deleted ones included.
  size_t size() const { return ops_->size(store_); }

  // Calls `visit(serialized object, deleted)` on every object, deleted ones included, oldest
  // first.
  void ForEachEntry(absl::FunctionRef<void(const std::string&, bool deleted)> visit) const {
    ops_->for_each_entry(store_, visit);
  }

  // Appends the object serialized in `bytes` (marked deleted if `deleted`), as the newest.
  // InvalidArgument if the bytes do not parse or the id is already taken.
  absl::Status Restore(absl::string_view bytes, bool deleted) {
    return ops_->restore(store_, bytes, deleted);
  }

  // Forgets every object.
  void Clear() { ops_->clear(store_); }

 private:
  using Visitor = absl::FunctionRef<void(const std::string&, bool)>;
  struct Ops {
    size_t (*size)(const void* store);
    void (*for_each_entry)(const void* store, Visitor visit);
    absl::Status (*restore)(void* store, absl::string_view bytes, bool deleted);
    void (*clear)(void* store);
  };

  template <typename T>
  static const ObjectStore<T>& Typed(const void* store) {
    return *static_cast<const ObjectStore<T>*>(store);
  }
  template <typename T>
  static ObjectStore<T>& Typed(void* store) {
    return *static_cast<ObjectStore<T>*>(store);
  }

  template <typename T>
  static constexpr Ops kOpsFor = {
      [](const void* s) { return Typed<T>(s).size(); },
      [](const void* s, Visitor visit) {
        Typed<T>(s).ForEachEntry(
            [&](const T& object, bool deleted) { visit(object.SerializeAsString(), deleted); });
      },
      [](void* s, absl::string_view bytes, bool deleted) -> absl::Status {
        T object;
        if (!object.ParseFromString(bytes)) {
          return absl::InvalidArgumentError(
              absl::StrCat("snapshot: an object of ", T::descriptor()->name(), " does not parse"));
        }
        std::string id = object.id();
        if (!Typed<T>(s).Restore(std::move(object), deleted)) {
          return absl::InvalidArgumentError(
              absl::StrCat("snapshot: duplicate or empty id '", id, "'"));
        }
        return absl::OkStatus();
      },
      [](void* s) { Typed<T>(s).Clear(); },
  };

  absl::string_view name_;
  void* store_;
  const Ops* ops_;
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_STORE_REF_H_
