// idempotency.h: remembered results of requests made with an Idempotency-Key.
//
// Stripe saves the status and body of the first request for a key once the endpoint starts
// executing (a successful result or a card decline); a request rejected by validation is not
// saved and may be retried. The same key with other parameters is an idempotency_error. Keys
// are forgotten 24 hours after first use.
//
// Thread safety: not thread-safe; the engine uses it under its own lock.
#ifndef PAYSIM_ENGINE_INTERNAL_IDEMPOTENCY_H_
#define PAYSIM_ENGINE_INTERNAL_IDEMPOTENCY_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/request_options.h"
#include "google/protobuf/message.h"

namespace paysim {


class IdempotencyCache {
 public:
  struct Entry {
    std::string fingerprint;  // endpoint + canonical params
    absl::Status status;      // the first result's status
    std::string response;     // the first result's serialized object (when OK)
    absl::Time created;
  };

  // The entry for `key`, or nullptr.
  const Entry* Find(absl::string_view key) const;

  void Store(std::string key, Entry entry);

  // Forgets `key` if it was first used at least kIdempotencyKeyLifetime before `now`.
  void Expire(absl::string_view key, absl::Time now);

  size_t size() const { return entries_.size(); }

  // Calls `visit` on every entry, in no particular order (snapshots sort them).
  void ForEach(absl::FunctionRef<void(const std::string& key, const Entry& entry)> visit) const {
    for (const auto& [key, entry] : entries_) visit(key, entry);
  }

  // Forgets every key.
  void Clear() { entries_.clear(); }

 private:
  absl::flat_hash_map<std::string, Entry> entries_;
};

// `endpoint` plus the deterministic serialization of `params`: equal iff same endpoint and
// same parameters.
std::string RequestFingerprint(absl::string_view endpoint, const google::protobuf::Message& params);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_IDEMPOTENCY_H_
