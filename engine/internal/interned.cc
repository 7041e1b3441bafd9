#include "engine/internal/interned.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace paysim {
namespace internal {
namespace {

// The process-wide table, by content. Nodes and entries are never removed.
class Table {
 public:
  const obj::InternedString& Get(absl::string_view text) {
    absl::MutexLock lock(&mu_);
    auto it = by_text_.find(text);
    if (it == by_text_.end()) {
      it = by_text_.emplace(std::string(text), obj::InternedString(text)).first;
    }
    return it->second;
  }

 private:
  absl::Mutex mu_;
  // node_hash_map: the InternedString values stay where they are as the table grows.
  absl::node_hash_map<std::string, obj::InternedString> by_text_ ABSL_GUARDED_BY(mu_);
};

Table& TheTable() {
  static Table* table = new Table();
  return *table;
}

struct StaticKey {
  const char* data;
  size_t size;
  bool operator==(const StaticKey& o) const { return data == o.data && size == o.size; }
  template <typename H>
  friend H AbslHashValue(H h, const StaticKey& k) {
    return H::combine(std::move(h), k.data, k.size);
  }
};

// A direct-mapped memo in front of the per-thread cache: one slot per (address, size) hash,
// holding the last key seen there. A hit costs a few instructions; a miss (or a collision)
// falls through to the cache and then refills the slot. Zero-initialized: no TLS guard.
struct MemoSlot {
  const char* data;
  size_t size;
  const obj::InternedString* interned;
};
constexpr size_t kMemoSlots = 256;  // a power of two

}  // namespace

const obj::InternedString& Interned(absl::string_view static_text) {
  thread_local MemoSlot memo[kMemoSlots];
  const uintptr_t address = reinterpret_cast<uintptr_t>(static_text.data());
  const size_t index = ((address >> 3) ^ (address >> 11) ^ static_text.size()) & (kMemoSlots - 1);
  MemoSlot& slot = memo[index];
  // A hit is checked against the text too: text that is not in static storage after all (a
  // request's string, freed and its memory reused for other text) must not get the node of
  // what was there before. The comparison of a few bytes costs little beside the lookup.
  if (slot.data == static_text.data() && slot.size == static_text.size() &&
      slot.interned != nullptr && absl::string_view(*slot.interned) == static_text) {
    return *slot.interned;
  }
  thread_local absl::flat_hash_map<StaticKey, const obj::InternedString*> cache;
  const StaticKey key{static_text.data(), static_text.size()};
  auto it = cache.find(key);
  const obj::InternedString* interned;
  if (it != cache.end() && absl::string_view(*it->second) == static_text) {
    interned = it->second;
  } else {
    interned = &TheTable().Get(static_text);
    cache.insert_or_assign(key, interned);
  }
  slot = MemoSlot{static_text.data(), static_text.size(), interned};
  return *interned;
}

const obj::InternedString& InternedCopy(absl::string_view text) {
  // A per-thread cache by content in front of the table (whose lock every lookup would take):
  // its keys are the nodes' own text, which lives as long as the table.
  thread_local absl::flat_hash_map<absl::string_view, const obj::InternedString*> by_text;
  if (auto it = by_text.find(text); it != by_text.end()) return *it->second;
  const obj::InternedString& interned = TheTable().Get(text);
  by_text.emplace(absl::string_view(interned), &interned);
  return interned;
}

const obj::InternedString* InternedDecimal(int64_t n) {
  constexpr int64_t kCount = 1000;
  if (n < 0 || n >= kCount) return nullptr;
  // Built once, on first use (thread-safe static initialization); never freed.
  static const obj::InternedString* const* const decimals = [] {
    auto** table = new const obj::InternedString*[kCount];
    for (int64_t i = 0; i < kCount; ++i) table[i] = &TheTable().Get(absl::StrCat(i));
    return table;
  }();
  return decimals[n];
}

}  // namespace internal
}  // namespace paysim
