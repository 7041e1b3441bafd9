// request_options.h: per-request options, as Stripe's headers carry them.
#ifndef PAYSIM_ENGINE_REQUEST_OPTIONS_H_
#define PAYSIM_ENGINE_REQUEST_OPTIONS_H_

#include <cstddef>
#include <string>

#include "absl/time/time.h"

namespace paysim {

// Idempotency keys are forgotten this long (simulated time) after their first use, and may be
// at most this many characters long.
constexpr absl::Duration kIdempotencyKeyLifetime = absl::Hours(24);
constexpr size_t kIdempotencyKeyMaxLength = 255;

struct RequestOptions {
  // `Idempotency-Key`: on every call that changes state (Stripe's POST requests: creates,
  // updates, capture, confirm, cancel, attach, detach, expire), the same key on the same
  // endpoint and object with the same params replays the first result (no second charge or
  // capture); with other params, or on another endpoint or object, it is an
  // idempotency_error. A success or a decline (402) is remembered; a refusal before the call
  // began (bad params) is not. Reads and deletes ignore it. Empty: none.
  // At most 255 characters. Keys are forgotten 24 hours (simulated) after first use.
  std::string idempotency_key;

  // `Stripe-Version`: the API version this request follows. Empty: the engine's version.
  std::string api_version;

  // Out (optional): set to true when the result is an idempotent replay.
  bool* idempotent_replayed = nullptr;

  // The request id stamped on the events this call emits (`request.id`); the wire door
  // passes its Request-Id. Empty: the engine numbers the call itself ("req_" + a sequence
  // number). Never drawn from the seeded generator, so it does not shift object ids.
  std::string request_id;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_REQUEST_OPTIONS_H_
