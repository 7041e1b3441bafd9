// repeated.h: Repeated<T>, the value type of repeated fields (`repeated string`, `repeated M`).
//
// Its elements live in one counted node: copying a Repeated (or the object holding it) shares
// the node; the first change through a copy copies the node (elements that are objects are
// themselves shared, so this copies pointers). An empty Repeated holds no node.
//
// Example:
//   *intent.mutable_payment_method_types() = params.payment_method_types();  // from protobuf
//   for (const std::string& type : intent.payment_method_types()) ...
//   intent.mutable_payment_method_types()->Add("card");
//
// Thread safety: as a std::vector that is copied on write. Distinct Repeated values may be used
// from different threads even when they share a node; one Repeated must not be changed while
// it is used by another thread. Pointers and references to elements are valid until the
// Repeated is next changed, assigned or copied from.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_REPEATED_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_REPEATED_H_

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "proto/object_runtime/node_pool.h"
#include "proto/object_runtime/ref_count.h"

// Declared, not included: only the files that assign from protobuf need its definition.
namespace google {
namespace protobuf {
template <typename Element>
class RepeatedPtrField;
}  // namespace protobuf
}  // namespace google

namespace paysim {
namespace obj {

template <class T>
class Repeated {
 public:
  using value_type = T;
  using size_type = size_t;
  using const_reference = const T&;
  using reference = const T&;
  using const_iterator = const T*;
  using iterator = const T*;

  Repeated() noexcept = default;
  Repeated(const Repeated& other) noexcept : node_(other.node_) {
    if (node_ != nullptr) node_->refs.Ref();
  }
  Repeated(Repeated&& other) noexcept : node_(other.node_) { other.node_ = nullptr; }
  Repeated& operator=(const Repeated& other) noexcept {
    if (other.node_ != nullptr) other.node_->refs.Ref();
    Release();
    node_ = other.node_;
    return *this;
  }
  Repeated& operator=(Repeated&& other) noexcept {
    std::swap(node_, other.node_);
    return *this;
  }
  ~Repeated() { Release(); }

  // From protobuf's repeated string fields (request params stay protobuf).
  template <class U = T, class = std::enable_if_t<std::is_same<U, std::string>::value>>
  Repeated& operator=(const google::protobuf::RepeatedPtrField<U>& proto) {
    Clear();
    if (!proto.empty()) {
      Node* node = Unique();
      node->items.assign(proto.begin(), proto.end());
    }
    return *this;
  }

  // ---- reading ----
  int size() const noexcept { return node_ == nullptr ? 0 : static_cast<int>(node_->items.size()); }
  bool empty() const noexcept { return size() == 0; }
  // REQUIRES: 0 <= i < size().
  const T& operator[](int i) const { return node_->items[i]; }
  const T& Get(int i) const { return node_->items[i]; }
  const T* begin() const noexcept { return node_ == nullptr ? nullptr : node_->items.data(); }
  const T* end() const noexcept { return begin() + size(); }

  // ---- changing (copies a shared node first) ----
  // REQUIRES: 0 <= i < size().
  T* Mutable(int i) { return &Unique()->items[i]; }
  T* Add() {
    Node* node = Unique();
    node->items.emplace_back();
    return &node->items.back();
  }
  void Add(const T& value) { Unique()->items.push_back(value); }
  void Add(T&& value) { Unique()->items.push_back(std::move(value)); }
  void push_back(const T& value) { Add(value); }
  void push_back(T&& value) { Add(std::move(value)); }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    return Unique()->items.emplace_back(std::forward<Args>(args)...);
  }
  void Reserve(int n) { Unique()->items.reserve(n); }
  // REQUIRES: !empty().
  void RemoveLast() { Unique()->items.pop_back(); }
  void Clear() noexcept {
    Release();
    node_ = nullptr;
  }
  void clear() noexcept { Clear(); }

  // Both hold the same node (then they are equal without comparing elements).
  bool SameNode(const Repeated& other) const noexcept { return node_ == other.node_; }

  friend bool operator==(const Repeated& a, const Repeated& b) {
    if (a.node_ == b.node_) return true;
    if (a.size() != b.size()) return false;
    for (int i = 0; i < a.size(); ++i) {
      if (!(a[i] == b[i])) return false;
    }
    return true;
  }
  friend bool operator!=(const Repeated& a, const Repeated& b) { return !(a == b); }

 private:
  struct Node : internal::PooledNode {
    internal::RefCount refs;
    std::vector<T, internal::NodeAllocator<T>> items;
  };

  Node* Unique() {
    if (node_ == nullptr) {
      node_ = new Node;
    } else if (!node_->refs.IsUnique()) {
      Node* copy = new Node;
      copy->items = node_->items;
      Release();
      node_ = copy;
    }
    return node_;
  }
  void Release() noexcept {
    if (node_ != nullptr) internal::Unref(node_);
  }

  Node* node_ = nullptr;
};

namespace internal {

// Reflection over a Repeated<T> of objects whose type the caller knows only by its table
// (type_info.h): its size, and the address of element i.
template <class T>
int RepeatedSize(const void* field) {
  return static_cast<const Repeated<T>*>(field)->size();
}
template <class T>
const void* RepeatedAt(const void* field, int i) {
  return &(*static_cast<const Repeated<T>*>(field))[i];
}

}  // namespace internal
}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_REPEATED_H_
