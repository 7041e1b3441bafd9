// string_map.h: StringMap, the value type of `map<string, string>` fields (metadata).
//
// Entries are kept sorted by key (byte order) in one counted node: iteration is in key order,
// which is also the order Stripe's JSON writes them. Copying a StringMap shares the node; the
// first change through a copy copies it. An empty StringMap holds no node.
//
// Example:
//   (*charge.mutable_metadata())["order"] = "42";
//   *charge.mutable_metadata() = params.metadata();  // from a protobuf Map
//   if (charge.metadata().contains("order")) ...
//
// Thread safety: as Repeated (repeated.h). Iterators and references into a StringMap are valid
// until it is next changed, assigned or copied from.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_STRING_MAP_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_STRING_MAP_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "proto/object_runtime/node_pool.h"
#include "proto/object_runtime/ref_count.h"

// Declared, not included: only the files that convert from or to protobuf need its definition.
namespace google {
namespace protobuf {
template <typename Key, typename T>
class Map;
}  // namespace protobuf
}  // namespace google

namespace paysim {
namespace obj {

class StringMap {
 public:
  using key_type = std::string;
  using mapped_type = std::string;
  using value_type = std::pair<std::string, std::string>;
  using size_type = size_t;
  using const_iterator = const value_type*;
  using iterator = const value_type*;

  StringMap() noexcept = default;
  StringMap(const StringMap& other) noexcept : node_(other.node_) {
    if (node_ != nullptr) node_->refs.Ref();
  }
  StringMap(StringMap&& other) noexcept : node_(other.node_) { other.node_ = nullptr; }
  StringMap& operator=(const StringMap& other) noexcept;
  StringMap& operator=(StringMap&& other) noexcept {
    std::swap(node_, other.node_);
    return *this;
  }
  // From protobuf's map fields (request params stay protobuf).
  StringMap& operator=(const google::protobuf::Map<std::string, std::string>& proto);
  ~StringMap() { Release(); }

  // ---- reading ----
  size_t size() const noexcept { return node_ == nullptr ? 0 : node_->entries.size(); }
  bool empty() const noexcept { return size() == 0; }
  const_iterator begin() const noexcept {
    return node_ == nullptr ? nullptr : node_->entries.data();
  }
  const_iterator end() const noexcept { return begin() + size(); }
  // The entry of `key`, or end().
  const_iterator find(absl::string_view key) const;
  size_t count(absl::string_view key) const { return find(key) == end() ? 0 : 1; }
  bool contains(absl::string_view key) const { return find(key) != end(); }
  // The value of `key`. Throws std::out_of_range if there is none (as std::map::at).
  const std::string& at(absl::string_view key) const;

  // ---- changing (copies a shared node first) ----
  // The value of `key`, inserted empty if absent.
  std::string& operator[](absl::string_view key);
  // Inserts `entry` unless its key is present. The entry of the key, and whether it was added.
  std::pair<const_iterator, bool> insert(const value_type& entry);
  // Removes `key`'s entry. The number removed (0 or 1).
  size_t erase(absl::string_view key);
  void clear() noexcept {
    Release();
    node_ = nullptr;
  }
  void Clear() noexcept { clear(); }

  // Writes the entries into a protobuf map (replacing its contents).
  void CopyTo(google::protobuf::Map<std::string, std::string>* proto) const;

  // Both hold the same node (then they are equal without comparing entries).
  bool SameNode(const StringMap& other) const noexcept { return node_ == other.node_; }

  friend bool operator==(const StringMap& a, const StringMap& b) {
    return a.node_ == b.node_ || (a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin()));
  }
  friend bool operator!=(const StringMap& a, const StringMap& b) { return !(a == b); }

 private:
  struct Node : internal::PooledNode {
    internal::RefCount refs;
    std::vector<value_type, internal::NodeAllocator<value_type>> entries;  // sorted, keys unique
  };

  // Index of the first entry whose key is not less than `key`.
  size_t LowerBound(absl::string_view key) const;
  Node* Unique();
  void Release() noexcept {
    if (node_ != nullptr) internal::Unref(node_);
  }

  Node* node_ = nullptr;
};

}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_STRING_MAP_H_
