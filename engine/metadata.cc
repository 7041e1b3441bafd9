#include "engine/metadata.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

absl::Status TooManyKeys() {
  return InvalidRequestError(
      "", "metadata",
      absl::StrCat("Invalid metadata: metadata cannot have more than ", kMetadataMaxKeys,
                   " keys"));
}

}  // namespace

absl::Status ValidateMetadata(const Metadata& metadata) {
  if (metadata.size() > static_cast<size_t>(kMetadataMaxKeys)) return TooManyKeys();
  // In key order, so that with several bad keys the error always names the same one.
  std::vector<std::pair<absl::string_view, absl::string_view>> entries(metadata.begin(),
                                                                        metadata.end());
  std::sort(entries.begin(), entries.end());
  for (const auto& [key, value] : entries) {
    const std::string param = absl::StrCat("metadata[", key, "]");
    if (key.empty()) {
      return InvalidRequestError("", "metadata", "Invalid metadata: keys cannot be empty");
    }
    if (key.size() > static_cast<size_t>(kMetadataMaxKeyLength)) {
      return InvalidRequestError(
          "", param,
          absl::StrCat("Invalid metadata: keys can be a maximum of ", kMetadataMaxKeyLength,
                       " characters"));
    }
    if (absl::StrContains(key, "[") || absl::StrContains(key, "]")) {
      return InvalidRequestError("", param,
                                 "Invalid metadata: keys cannot contain square brackets");
    }
    if (value.size() > static_cast<size_t>(kMetadataMaxValueLength)) {
      return InvalidRequestError(
          "", param,
          absl::StrCat("Invalid metadata: values can be a maximum of ", kMetadataMaxValueLength,
                       " characters"));
    }
  }
  return absl::OkStatus();
}

namespace {

template <typename Map>
absl::Status Merge(const Metadata& update, Map* target) {
  Map merged = *target;
  for (const auto& [key, value] : update) {
    if (value.empty()) {
      merged.erase(key);
    } else {
      merged[key] = value;
    }
  }
  if (merged.size() > static_cast<size_t>(kMetadataMaxKeys)) return TooManyKeys();
  *target = std::move(merged);
  return absl::OkStatus();
}

}  // namespace

absl::Status MergeMetadata(const Metadata& update, obj::StringMap* target) {
  return Merge(update, target);
}

absl::Status MergeMetadata(const Metadata& update, Metadata* target) {
  return Merge(update, target);
}

}  // namespace paysim
