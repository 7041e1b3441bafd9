// string_field.h: the strings of paysim's objects. A string field holds a counted pointer to a
// node that holds a std::string, so copying an object's rep copies a pointer, not characters.
// InternedString is a string built once and never freed, shared by fields without allocating
// (the constants of the engine: "succeeded", "usd", "Visa", ...).
//
// Example:
//   static const paysim::obj::InternedString kSucceeded("succeeded");
//   charge.set_status(kSucceeded);  // no allocation, no reference counting
//
// Thread safety: as ref_count.h. A node shared by several fields is never changed; a
// StringField changes its node in place only when it is the node's unique owner.
#ifndef PAYSIM_PROTO_OBJECT_RUNTIME_STRING_FIELD_H_
#define PAYSIM_PROTO_OBJECT_RUNTIME_STRING_FIELD_H_

#include <string>
#include <utility>

#include "absl/strings/string_view.h"
#include "proto/object_runtime/node_pool.h"
#include "proto/object_runtime/ref_count.h"

namespace paysim {
namespace obj {
namespace internal {

struct StringNode : PooledNode {
  StringNode() = default;
  explicit StringNode(absl::string_view text) : value(text.data(), text.size()) {}
  explicit StringNode(std::string&& text) : value(std::move(text)) {}
  StringNode(ImmortalTag tag, absl::string_view text)
      : refs(tag), value(text.data(), text.size()) {}

  RefCount refs;
  std::string value;
};

// The node of "" that every empty string field shares. Constructed before any other static
// initializer of the program (init_priority), never destroyed.
extern Immortal<StringNode> empty_string_node;

class StringField;

}  // namespace internal

// InternedString
//
// A string whose node is immortal: set into any number of string fields (set_x overloads
// taking an InternedString) without allocating or counting. Copying an InternedString copies a
// pointer.
// REQUIRES: construct it once, in static storage (`static const InternedString k("usd");`):
// each construction allocates a node that is never freed.
class InternedString {
 public:
  explicit InternedString(absl::string_view text)
      : node_(new internal::StringNode(internal::kImmortal, text)) {}

  const std::string& get() const { return node_->value; }
  operator absl::string_view() const { return node_->value; }  // NOLINT: a string constant

 private:
  friend class internal::StringField;
  internal::StringNode* node_;  // immortal
};

namespace internal {

// StringField
//
// One string field of an object's rep: a counted pointer to a StringNode (the shared empty
// node when empty). Setting reuses the node's buffer when this field is its only owner.
class StringField {
 public:
  constexpr StringField() noexcept : node_(&empty_string_node.value) {}
  StringField(const StringField& other) noexcept : node_(other.node_) { node_->refs.Ref(); }
  StringField(StringField&& other) noexcept : node_(other.node_) {
    other.node_ = &empty_string_node.value;
  }
  StringField& operator=(const StringField& other) noexcept {
    other.node_->refs.Ref();
    Release();
    node_ = other.node_;
    return *this;
  }
  StringField& operator=(StringField&& other) noexcept {
    std::swap(node_, other.node_);
    return *this;
  }
  ~StringField() { Release(); }

  const std::string& get() const noexcept { return node_->value; }
  bool empty() const noexcept { return node_->value.empty(); }

  void Set(absl::string_view text) {
    if (node_->refs.IsUnique()) {
      node_->value.assign(text.data(), text.size());
    } else if (text.empty()) {
      Clear();
    } else {
      Replace(new StringNode(text));
    }
  }
  void Set(const char* text) { Set(absl::string_view(text)); }
  void Set(const std::string& text) { Set(absl::string_view(text)); }
  void Set(std::string&& text) {
    if (node_->refs.IsUnique()) {
      node_->value = std::move(text);
    } else {
      Replace(new StringNode(std::move(text)));
    }
  }
  void Set(const InternedString& text) noexcept {
    Release();
    node_ = text.node_;
  }
  // Shares `other`'s node (as copying does).
  void Set(const StringField& other) noexcept { *this = other; }

  // The string, in a node of its own (copied first if shared). Valid until the field is next
  // set, cleared, copied or destroyed.
  std::string* Mutable() {
    if (!node_->refs.IsUnique()) Replace(new StringNode(absl::string_view(node_->value)));
    return &node_->value;
  }

  void Clear() noexcept {
    Release();
    node_ = &empty_string_node.value;
  }

  // Both fields point to the same node (then they are equal without comparing characters).
  bool SameNode(const StringField& other) const noexcept { return node_ == other.node_; }

  friend bool operator==(const StringField& a, const StringField& b) noexcept {
    return a.node_ == b.node_ || a.node_->value == b.node_->value;
  }
  friend bool operator!=(const StringField& a, const StringField& b) noexcept {
    return !(a == b);
  }

  // For tests: the node's owner count (0: immortal).
  int32_t node_refs() const noexcept { return node_->refs.count(); }

 private:
  void Release() noexcept { Unref(node_); }
  void Replace(StringNode* node) noexcept {
    Release();
    node_ = node;
  }

  StringNode* node_;
};

}  // namespace internal

// SharedString
//
// A string field's value as its counted node (`x_shared()` of a generated object), set into
// another string field (`set_y(const SharedString&)`) by sharing the node: no allocation, no
// copy of the characters. For the ids and codes one object takes from another (an invoice's
// customer, a charge's currency). The node is never changed while shared (a later set of
// either field replaces that field's node).
using SharedString = internal::StringField;

}  // namespace obj
}  // namespace paysim

#endif  // PAYSIM_PROTO_OBJECT_RUNTIME_STRING_FIELD_H_
