// object_store.h: one resource's objects by id, in creation order, with Stripe's pagination.
//
// Find is O(1); a list page costs O(page) plus the objects skipped by the filter. Deleted
// objects keep their place (so pagination around them stays stable) but are no longer found.
//
// Thread safety: not thread-safe; the engine uses stores under its own lock.
#ifndef PAYSIM_ENGINE_INTERNAL_OBJECT_STORE_H_
#define PAYSIM_ENGINE_INTERNAL_OBJECT_STORE_H_

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/node_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/stripe_error.h"

namespace paysim {

template <typename T>
class ObjectStore {
 public:
  // `kind` names the resource in "No such <kind>: '<id>'" errors.
  explicit ObjectStore(std::string kind) : kind_(std::move(kind)) {}

  // The object with `id`, or nullptr.
  T* Find(absl::string_view id) {
    auto it = map_.find(id);
    return it == map_.end() || it->second.deleted ? nullptr : &it->second.object;
  }
  const T* Find(absl::string_view id) const {
    auto it = map_.find(id);
    return it == map_.end() || it->second.deleted ? nullptr : &it->second.object;
  }

  // The object with `id`, or a 404 resource_missing error naming `param`.
  absl::StatusOr<T*> Get(absl::string_view id, absl::string_view param = "id") {
    T* object = Find(id);
    if (object == nullptr) return ResourceMissing(kind_, id, param);
    return object;
  }

  // Adds `object` (its id must be new) and returns the stored copy.
  T& Insert(T object) {
    std::string id = object.id();
    auto [it, inserted] =
        map_.try_emplace(std::move(id), Entry{std::move(object), order_.size(), false});
    order_.push_back(&it->second);
    return it->second.object;
  }

  // Marks `id` deleted. Returns false if it was not there.
  bool Delete(absl::string_view id) {
    auto it = map_.find(id);
    if (it == map_.end() || it->second.deleted) return false;
    it->second.deleted = true;
    return true;
  }

  size_t size() const { return order_.size(); }
  const std::string& kind() const { return kind_; }

  // One page, newest first, of the objects for which `keep` is true.
  absl::StatusOr<ListResult<T>> List(const ListWindow& window, absl::string_view url,
                                     absl::FunctionRef<bool(const T&)> keep) const {
    ListResult<T> result;
    result.url = std::string(url);
    const int64_t n = static_cast<int64_t>(order_.size());
    if (!window.ending_before.empty()) {
      // Objects just newer than the cursor, collected oldest first, then reversed.
      int64_t from;
      if (auto s = Position(window.ending_before, "ending_before", &from); !s.ok()) return s;
      for (int64_t i = from + 1; i < n; ++i) {
        const Entry* e = order_[i];
        if (e->deleted || !keep(e->object)) continue;
        if (static_cast<int64_t>(result.data.size()) == window.limit) {
          result.has_more = true;
          break;
        }
        result.data.push_back(e->object);
      }
      std::reverse(result.data.begin(), result.data.end());
      return result;
    }
    int64_t from = n;
    if (!window.starting_after.empty()) {
      if (auto s = Position(window.starting_after, "starting_after", &from); !s.ok()) return s;
    }
    for (int64_t i = from - 1; i >= 0; --i) {
      const Entry* e = order_[i];
      if (e->deleted || !keep(e->object)) continue;
      if (static_cast<int64_t>(result.data.size()) == window.limit) {
        result.has_more = true;
        break;
      }
      result.data.push_back(e->object);
    }
    return result;
  }

  // Calls `visit` on every live object, oldest first.
  void ForEach(absl::FunctionRef<void(const T&)> visit) const {
    for (const Entry* e : order_) {
      if (!e->deleted) visit(e->object);
    }
  }

  // ---- snapshots (engine/snapshot.cc) ----

  // Calls `visit(object, deleted)` on every object, deleted ones included, oldest first.
  void ForEachEntry(absl::FunctionRef<void(const T&, bool deleted)> visit) const {
    for (const Entry* e : order_) visit(e->object, e->deleted);
  }

  // Appends `object` as Insert does, already deleted if `deleted`. False (and nothing added) if
  // its id is empty or taken.
  bool Restore(T object, bool deleted) {
    std::string id = object.id();
    if (id.empty() || map_.contains(id)) return false;
    T& stored = Insert(std::move(object));
    if (deleted) Delete(stored.id());
    return true;
  }

  // Forgets every object.
  void Clear() {
    order_.clear();
    map_.clear();
  }

 private:
  struct Entry {
    T object;
    size_t position;  // index in order_, fixed at insert
    bool deleted;
  };

  absl::Status Position(absl::string_view id, absl::string_view param, int64_t* out) const {
    auto it = map_.find(id);
    if (it == map_.end()) return ResourceMissing(kind_, id, param);
    *out = static_cast<int64_t>(it->second.position);
    return absl::OkStatus();
  }

  std::string kind_;
  absl::node_hash_map<std::string, Entry> map_;
  std::vector<Entry*> order_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_OBJECT_STORE_H_
