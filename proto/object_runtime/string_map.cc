#include "proto/object_runtime/string_map.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "google/protobuf/map.h"

namespace paysim {
namespace obj {

StringMap& StringMap::operator=(const StringMap& other) noexcept {
  if (other.node_ != nullptr) other.node_->refs.Ref();
  Release();
  node_ = other.node_;
  return *this;
}

StringMap& StringMap::operator=(const google::protobuf::Map<std::string, std::string>& proto) {
  clear();
  if (proto.empty()) return *this;
  Node* node = Unique();
  node->entries.reserve(proto.size());
  for (const auto& entry : proto) node->entries.emplace_back(entry.first, entry.second);
  std::sort(node->entries.begin(), node->entries.end(),
            [](const value_type& a, const value_type& b) { return a.first < b.first; });
  return *this;
}

size_t StringMap::LowerBound(absl::string_view key) const {
  if (node_ == nullptr) return 0;
  const auto& entries = node_->entries;
  return std::lower_bound(entries.begin(), entries.end(), key,
                          [](const value_type& entry, absl::string_view k) {
                            return absl::string_view(entry.first) < k;
                          }) -
         entries.begin();
}

StringMap::const_iterator StringMap::find(absl::string_view key) const {
  const size_t i = LowerBound(key);
  if (i < size() && node_->entries[i].first == key) return begin() + i;
  return end();
}

const std::string& StringMap::at(absl::string_view key) const {
  const_iterator it = find(key);
  if (it == end()) throw std::out_of_range(absl::StrCat("StringMap::at: no key ", key));
  return it->second;
}

std::string& StringMap::operator[](absl::string_view key) {
  const size_t i = LowerBound(key);
  Node* node = Unique();
  if (i < node->entries.size() && node->entries[i].first == key) return node->entries[i].second;
  return node->entries.emplace(node->entries.begin() + i, std::string(key), std::string())
      ->second;
}

std::pair<StringMap::const_iterator, bool> StringMap::insert(const value_type& entry) {
  const size_t i = LowerBound(entry.first);
  if (i < size() && node_->entries[i].first == entry.first) return {begin() + i, false};
  Node* node = Unique();
  node->entries.insert(node->entries.begin() + i, entry);
  return {begin() + i, true};
}

size_t StringMap::erase(absl::string_view key) {
  const size_t i = LowerBound(key);
  if (i >= size() || node_->entries[i].first != key) return 0;
  Node* node = Unique();
  node->entries.erase(node->entries.begin() + i);
  if (node->entries.empty()) clear();
  return 1;
}

void StringMap::CopyTo(google::protobuf::Map<std::string, std::string>* proto) const {
  proto->clear();
  for (const value_type& entry : *this) (*proto)[entry.first] = entry.second;
}

StringMap::Node* StringMap::Unique() {
  if (node_ == nullptr) {
    node_ = new Node;
  } else if (!node_->refs.IsUnique()) {
    Node* copy = new Node;
    copy->entries = node_->entries;
    Release();
    node_ = copy;
  }
  return node_;
}

}  // namespace obj
}  // namespace paysim
