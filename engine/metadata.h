// metadata.h: Stripe's metadata rules, shared by every resource.
//
// Limits: at most 50 keys, keys up to 40 characters without square brackets, values up to
// 500 characters. On update an empty value removes its key. Thread-safe (pure functions).
#ifndef PAYSIM_ENGINE_METADATA_H_
#define PAYSIM_ENGINE_METADATA_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/map.h"
#include "proto/object_runtime/string_map.h"

namespace paysim {

constexpr int kMetadataMaxKeys = 50;
constexpr int kMetadataMaxKeyLength = 40;
constexpr int kMetadataMaxValueLength = 500;

using Metadata = google::protobuf::Map<std::string, std::string>;

// Checks `metadata` (from a create or update request) against the key and length limits.
// Errors are invalid_request_errors whose param names the key (`metadata[key]`).
absl::Status ValidateMetadata(const Metadata& metadata);

// Applies an update to `target` (an object's metadata): empty values remove keys, others set
// them. Fails (leaving `target` untouched) if the result would hold more than kMetadataMaxKeys
// keys.
absl::Status MergeMetadata(const Metadata& update, obj::StringMap* target);
// The same for a protobuf message's metadata (the server's webhook endpoints).
absl::Status MergeMetadata(const Metadata& update, Metadata* target);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_METADATA_H_
