// object_store.h: one resource's objects by id, in creation order, with Stripe's pagination.
//
// Objects are copy-on-write values (proto/object_runtime): the store holds each object's
// current version, and handing one out (Find, List) shares it. Entries live in creation order
// in a deque (stable addresses, no per-object allocation for the entry, which holds no copy of
// the id: store_internal::Entry); a hash index holds 8-byte slots, each an entry's position and
// the top bits of its id's hash: the index grows without reading an entry, and compares an id
// through the entry at its position.
//
// The index is brought up to date by the first lookup after inserts (Find, Get, Delete, a
// list's cursor), not by Insert: objects that are never looked up by id (most events, balance
// transactions) cost no index work nor index memory, and a lookup indexes the backlog in
// order.
//
// Find is O(1) amortized; a list page costs O(page) plus the objects skipped by the filter. Deleted
// objects keep their place (so pagination around them stays stable) but are no longer found.
// The oldest entries may be dropped altogether (DropOldest: events past their retention).
//
// Thread safety: not thread-safe, const lookups included (they may extend the index); the
// engine uses stores under its own lock.
#ifndef PAYSIM_ENGINE_INTERNAL_OBJECT_STORE_H_
#define PAYSIM_ENGINE_INTERNAL_OBJECT_STORE_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/functional/function_ref.h"
#include "absl/numeric/int128.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "engine/list.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace store_internal {
// When an object was created: its created() (objects), its `created` member (event records),
// or 0 for what has no date (line items; no list of those takes `created`).
struct Any {};
struct Member : Any {};
struct Method : Member {};
template <typename T>
auto CreatedOf(const T& o, Method) -> decltype(static_cast<int64_t>(o.created())) {
  return o.created();
}
template <typename T>
auto CreatedOf(const T& o, Member) -> decltype(static_cast<int64_t>(o.created)) {
  return o.created;
}
template <typename T>
int64_t CreatedOf(const T&, Any) { return 0; }

// A store's entry: the object. The index reads the entry's id from the object itself (`id()`,
// or `short_id()` for types that keep their id as an immutable ShortId of their own:
// `static constexpr bool kKeepsShortId = true;`, event records), so the entry holds no copy of
// it; whether it is deleted, the store keeps apart (few objects are). An object may be replaced
// by another version, even one built anew, but never by one with another id: the index would
// no longer find it.
template <typename T, typename = void>
struct Entry {
  explicit Entry(T o) : object(std::move(o)) {}
  template <typename... Args>
  explicit Entry(std::in_place_t, Args&&... args) : object(std::forward<Args>(args)...) {}
  absl::string_view key() const { return object.id(); }
  T object;
};
template <typename T>
struct Entry<T, std::enable_if_t<T::kKeepsShortId>> {
  explicit Entry(T o) : object(std::move(o)) {}
  template <typename... Args>
  explicit Entry(std::in_place_t, Args&&... args) : object(std::forward<Args>(args)...) {}
  absl::string_view key() const { return object.short_id().view(); }
  T object;
};
}  // namespace store_internal

template <typename T>
class ObjectStore {
 public:
  // `kind` names the resource in "No such <kind>: '<id>'" errors.
  explicit ObjectStore(std::string kind)
      : kind_(std::move(kind)), index_(0, IndexHash{this}, IndexEq{this}) {}

  // Not copyable nor movable: the index refers to the store.
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  // The object with `id`, or nullptr.
  T* Find(absl::string_view id) {
    uint64_t position;
    Entry* e = EntryOf(id, &position);
    return e == nullptr || IsDeleted(position) ? nullptr : &e->object;
  }
  const T* Find(absl::string_view id) const {
    uint64_t position;
    const Entry* e = EntryOf(id, &position);
    return e == nullptr || IsDeleted(position) ? nullptr : &e->object;
  }

  // The object with `id`, or a 404 resource_missing error naming `param`.
  absl::StatusOr<T*> Get(absl::string_view id, absl::string_view param = "id") {
    T* object = Find(id);
    if (object == nullptr) return ResourceMissing(kind_, id, param);
    return object;
  }

  // Adds `object` (its id must be new) and returns the stored object.
  T& Insert(T object) { return entries_.emplace_back(std::move(object)).object; }

  // Insert() of the object built in place from `args` (no move of a finished object).
  template <typename... Args>
  T& Emplace(Args&&... args) {
    return entries_.emplace_back(std::in_place, std::forward<Args>(args)...).object;
  }

  // Forgets the oldest entries, deleted or not, for as long as `expired` holds for the oldest
  // one: they are no longer found, listed or visited, and their memory is released. Returns how
  // many were dropped.
  size_t DropOldest(absl::FunctionRef<bool(const T&)> expired) {
    size_t n = 0;
    while (!entries_.empty() && expired(entries_.front().object)) {
      if (dropped_ < indexed_) index_.erase(SlotOf(dropped_, entries_.front().key()));
      if (!deleted_.empty()) deleted_.erase(dropped_);
      entries_.pop_front();
      ++dropped_;
      ++n;
    }
    return n;
  }

  // Marks `id` deleted. Returns false if it was not there.
  bool Delete(absl::string_view id) {
    uint64_t position;
    if (EntryOf(id, &position) == nullptr || IsDeleted(position)) return false;
    deleted_.insert(position);
    return true;
  }

  size_t size() const { return entries_.size(); }
  const std::string& kind() const { return kind_; }

  // The place of the live object `id` in creation order, counted from the first object ever
  // stored (it never changes while the object lives), or -1 when there is no such object.
  int64_t OrdinalOf(absl::string_view id) const {
    uint64_t position;
    const Entry* e = EntryOf(id, &position);
    return e == nullptr || IsDeleted(position) ? -1 : static_cast<int64_t>(position);
  }

  // The live object at `ordinal` (OrdinalOf), or nullptr (deleted, dropped, or none there).
  const T* AtOrdinal(int64_t ordinal) const {
    if (ordinal < 0) return nullptr;
    const uint64_t position = static_cast<uint64_t>(ordinal);
    if (position < dropped_ || position - dropped_ >= entries_.size() || IsDeleted(position)) {
      return nullptr;
    }
    return &entries_[position - dropped_].object;
  }

  // One page, newest first, of the objects for which `keep` is true.
  absl::StatusOr<ListResult<T>> List(const ListWindow& window, absl::string_view url,
                                     absl::FunctionRef<bool(const T&)> keep) const {
    ListResult<T> result;
    result.url = std::string(url);
    const int64_t n = static_cast<int64_t>(entries_.size());
    if (!window.ending_before.empty()) {
      // Objects just newer than the cursor, collected oldest first, then reversed.
      int64_t from;
      if (auto s = Position(window.ending_before, "ending_before", &from); !s.ok()) return s;
      for (int64_t i = from + 1; i < n; ++i) {
        const Entry& e = entries_[i];
        if (IsDeleted(dropped_ + i) || !Kept(window, e.object, keep)) continue;
        if (static_cast<int64_t>(result.data.size()) == window.limit) {
          result.has_more = true;
          break;
        }
        result.data.push_back(e.object);
      }
      std::reverse(result.data.begin(), result.data.end());
      return result;
    }
    int64_t from = n;
    if (!window.starting_after.empty()) {
      if (auto s = Position(window.starting_after, "starting_after", &from); !s.ok()) return s;
    }
    for (int64_t i = from - 1; i >= 0; --i) {
      const Entry& e = entries_[i];
      if (IsDeleted(dropped_ + i) || !Kept(window, e.object, keep)) continue;
      if (static_cast<int64_t>(result.data.size()) == window.limit) {
        result.has_more = true;
        break;
      }
      result.data.push_back(e.object);
    }
    return result;
  }

  // List() over the objects at `ordinals` (ascending: an owner's OrdinalIndex) only, the same
  // page List() gives when `keep` holds for no other object: O(page + log n), not O(store).
  absl::StatusOr<ListResult<T>> ListAt(const ListWindow& window, absl::string_view url,
                                       absl::Span<const int64_t> ordinals,
                                       absl::FunctionRef<bool(const T&)> keep) const {
    ListResult<T> result;
    result.url = std::string(url);
    // Adds the object at `ordinal` if it is live and kept; false once the page is full.
    auto take = [&](int64_t ordinal) {
      const T* object = AtOrdinal(ordinal);
      if (object == nullptr || !Kept(window, *object, keep)) return true;
      if (static_cast<int64_t>(result.data.size()) == window.limit) {
        result.has_more = true;
        return false;
      }
      result.data.push_back(*object);
      return true;
    };
    if (!window.ending_before.empty()) {
      int64_t from;
      if (auto s = Position(window.ending_before, "ending_before", &from); !s.ok()) return s;
      const int64_t cursor = from + static_cast<int64_t>(dropped_);
      for (auto it = std::upper_bound(ordinals.begin(), ordinals.end(), cursor);
           it != ordinals.end(); ++it) {
        if (!take(*it)) break;
      }
      std::reverse(result.data.begin(), result.data.end());
      return result;
    }
    auto end = ordinals.end();
    if (!window.starting_after.empty()) {
      int64_t from;
      if (auto s = Position(window.starting_after, "starting_after", &from); !s.ok()) return s;
      end = std::lower_bound(ordinals.begin(), ordinals.end(),
                             from + static_cast<int64_t>(dropped_));
    }
    for (auto it = end; it != ordinals.begin();) {
      if (!take(*--it)) break;
    }
    return result;
  }

  // Calls `visit` on every live object, oldest first.
  void ForEach(absl::FunctionRef<void(const T&)> visit) const {
    uint64_t position = dropped_;
    for (const Entry& e : entries_) {
      if (!IsDeleted(position++)) visit(e.object);
    }
  }

  // ---- snapshots (engine/snapshot.cc) ----

  // Calls `visit(object, deleted)` on every object, deleted ones included, oldest first.
  void ForEachEntry(absl::FunctionRef<void(const T&, bool deleted)> visit) const {
    uint64_t position = dropped_;
    for (const Entry& e : entries_) visit(e.object, IsDeleted(position++));
  }

  // Appends `object` as Insert does, already deleted if `deleted`. False (and nothing added) if
  // its id is empty or taken.
  bool Restore(T object, bool deleted) {
    const std::string id(object.id());
    if (id.empty() || EntryOf(id) != nullptr) return false;
    T& stored = Insert(std::move(object));
    if (deleted) Delete(stored.id());
    return true;
  }

  // Forgets every object.
  void Clear() {
    index_.clear();
    entries_.clear();
    deleted_.clear();
    dropped_ = 0;
    indexed_ = 0;
  }

 private:
  static bool Kept(const ListWindow& window, const T& object,
                   absl::FunctionRef<bool(const T&)> keep) {
    return window.created.Contains(store_internal::CreatedOf(object, store_internal::Method{})) &&
           keep(object);
  }

  using Entry = store_internal::Entry<T>;

  // The id of the entry at `position` (counted from the first entry ever inserted).
  absl::string_view KeyAt(uint64_t position) const {
    return entries_[position - dropped_].key();
  }

  // An index slot: the position in its low kPositionBits bits (a trillion entries), above it
  // the top bits of the id's hash, from which the index hashes the slot (a resize reads no
  // entry). A lookup by id hashes the id's top bits the same way.
  static constexpr int kPositionBits = 40;
  static constexpr uint64_t kPositionMask = (uint64_t{1} << kPositionBits) - 1;
  static uint64_t HashBitsOf(absl::string_view id) { return IdHash(id) >> kPositionBits; }

  // A hash of `id`. Ids of 8 to 32 characters (every id the engine makes: a prefix, then
  // random characters) are read as four 8-byte words, overlapping where shorter, and mixed by
  // two 64x64->128-bit multiplications (as wyhash does): every byte counts, at a fraction of
  // absl::Hash's cost for a string. Other lengths go through absl::Hash.
  static uint64_t IdHash(absl::string_view id) {
    const size_t n = id.size();
    if (n < 8 || n > 32) return static_cast<uint64_t>(absl::Hash<absl::string_view>{}(id));
    const char* p = id.data();
    const uint64_t head = Word(p);
    const uint64_t tail = Word(p + n - 8);
    const uint64_t second = n > 16 ? Word(p + 8) : 0;
    const uint64_t third = n > 16 ? Word(p + n - 16) : 0;
    const uint64_t h = MultiplyFold(head ^ 0xa0761d6478bd642full, tail ^ 0xe7037ed1a0b428dbull);
    return MultiplyFold(second ^ h ^ (uint64_t{n} << 56), third ^ 0x8ebc6af09c88c6e3ull);
  }
  static uint64_t Word(const char* p) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    return word;
  }
  static uint64_t MultiplyFold(uint64_t a, uint64_t b) {
    const absl::uint128 product = absl::uint128(a) * b;
    return absl::Uint128Low64(product) ^ absl::Uint128High64(product);
  }
  static uint64_t SlotOf(uint64_t position, absl::string_view id) {
    return (HashBitsOf(id) << kPositionBits) | position;
  }
  static uint64_t PositionOf(uint64_t slot) { return slot & kPositionMask; }

  // The index's hash and equality: a slot stands for its entry's id, so a lookup by id
  // (heterogeneous) finds the slot without the index storing the id.
  struct IndexHash {
    using is_transparent = void;
    const ObjectStore* store;
    size_t operator()(absl::string_view id) const { return Mix(HashBitsOf(id)); }
    size_t operator()(uint64_t slot) const { return Mix(slot >> kPositionBits); }
    static size_t Mix(uint64_t hash_bits) { return absl::Hash<uint64_t>{}(hash_bits); }
  };
  struct IndexEq {
    using is_transparent = void;
    const ObjectStore* store;
    bool operator()(uint64_t a, uint64_t b) const { return a == b; }
    bool operator()(uint64_t a, absl::string_view b) const {
      return store->KeyAt(PositionOf(a)) == b;
    }
    bool operator()(absl::string_view a, uint64_t b) const {
      return a == store->KeyAt(PositionOf(b));
    }
  };

  // The entry with `id` (and its position, if asked), or nullptr.
  Entry* EntryOf(absl::string_view id, uint64_t* position = nullptr) {
    return const_cast<Entry*>(static_cast<const ObjectStore*>(this)->EntryOf(id, position));
  }
  const Entry* EntryOf(absl::string_view id, uint64_t* position = nullptr) const {
    CatchUpIndex();
    auto it = index_.find(id);
    if (it == index_.end()) return nullptr;
    if (position != nullptr) *position = PositionOf(*it);
    return &entries_[PositionOf(*it) - dropped_];
  }

  // Indexes the entries inserted since the last lookup, oldest first. The check is inlined in
  // every lookup; the indexing, rarer, is not.
  void CatchUpIndex() const {
    if (ABSL_PREDICT_FALSE(indexed_ != dropped_ + entries_.size())) IndexNewEntries();
  }
  ABSL_ATTRIBUTE_NOINLINE void IndexNewEntries() const {
    const uint64_t end = dropped_ + entries_.size();
    if (indexed_ < dropped_) indexed_ = dropped_;  // dropped before they were ever indexed
    for (; indexed_ < end; ++indexed_) index_.insert(SlotOf(indexed_, KeyAt(indexed_)));
  }

  bool IsDeleted(uint64_t position) const {
    return !deleted_.empty() && deleted_.contains(position);
  }

  absl::Status Position(absl::string_view id, absl::string_view param, int64_t* out) const {
    CatchUpIndex();
    auto it = index_.find(id);
    if (it == index_.end()) return ResourceMissing(kind_, id, param);
    *out = static_cast<int64_t>(PositionOf(*it) - dropped_);
    return absl::OkStatus();
  }

  std::string kind_;
  std::deque<Entry> entries_;  // creation order
  // The entries' slots (SlotOf): positions counted from the first entry ever inserted
  // (entries_[position - dropped_]), found by id; those below indexed_ only (CatchUpIndex).
  mutable absl::flat_hash_set<uint64_t, IndexHash, IndexEq> index_;
  mutable uint64_t indexed_ = 0;  // positions below it are in index_ (or dropped)
  uint64_t dropped_ = 0;  // entries dropped from the front (DropOldest)
  absl::flat_hash_set<uint64_t> deleted_;  // positions of the deleted entries
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_OBJECT_STORE_H_
