// signature.h: Stripe's webhook signature (`Stripe-Signature: t=<unix>,v1=<hex>`).
//
// The signed payload is "<t>.<raw body>"; the signature is the lowercase hex HMAC-SHA256 of it
// keyed by the endpoint's secret (the whole "whsec_..." string, as Stripe's libraries use it).
// Verification for users' tests (tolerance, Stripe's error cases) is in
// testing/webhook_signature.h.
//
// Example:
//   SignatureHeader("whsec_abc", 1767225600, R"({"id": "evt_1"})")
//   // "t=1767225600,v1=5f0c...": the header value paysim sends with each delivery
//
// Thread safety: thread-safe (pure functions).
#ifndef PAYSIM_ENGINE_WEBHOOKS_SIGNATURE_H_
#define PAYSIM_ENGINE_WEBHOOKS_SIGNATURE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace paysim {
namespace webhooks {

// The hex HMAC-SHA256 of "<timestamp>.<payload>" under `secret` (64 lowercase hex digits).
std::string ComputeSignature(absl::string_view secret, int64_t timestamp,
                             absl::string_view payload);

// "t=<timestamp>,v1=<ComputeSignature(...)>".
std::string SignatureHeader(absl::string_view secret, int64_t timestamp,
                            absl::string_view payload);

}  // namespace webhooks
}  // namespace paysim

#endif  // PAYSIM_ENGINE_WEBHOOKS_SIGNATURE_H_
