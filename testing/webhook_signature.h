// webhook_signature.h: sign and verify Stripe webhook payloads, as Stripe's libraries do.
//
// Stripe (and `paysim serve`) send each webhook with the header
//   Stripe-Signature: t=<Unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// keyed by the endpoint's secret ("whsec_..."). Use VerifySignature in a receiver under test
// exactly where the real code calls stripe.webhooks.constructEvent / Webhook.construct_event,
// and SignPayload to forge a delivery for a handler under test.
//
// Example:
//   std::string header = paysim::testing::SignPayload("whsec_test", 1767225600, body);
//   absl::Status ok = paysim::testing::VerifySignature(body, header, "whsec_test",
//                                                      absl::FromUnixSeconds(1767225600));
//
// Time: with `paysim serve --clock=simulated` the timestamp is the simulated clock's reading,
// so verify against that clock (GET /v1/test_helpers/clock), not the wall clock.
//
// Thread safety: thread-safe (pure functions).
#ifndef PAYSIM_TESTING_WEBHOOK_SIGNATURE_H_
#define PAYSIM_TESTING_WEBHOOK_SIGNATURE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace paysim {
namespace testing {

// Stripe's libraries' default tolerance (DEFAULT_TOLERANCE, 300 seconds).
inline constexpr absl::Duration kDefaultSignatureTolerance = absl::Seconds(300);

// SignPayload()
//
// The `Stripe-Signature` header value for `payload` sent at `timestamp` (Unix seconds):
// "t=<timestamp>,v1=<64 lowercase hex digits>".
std::string SignPayload(absl::string_view secret, int64_t timestamp, absl::string_view payload);

// VerifySignature()
//
// OK if `header` (the Stripe-Signature value) carries a `t` and at least one `v1` signature
// that matches `payload` (the raw body, byte for byte) under `secret`, and `t` is at most
// `tolerance` before `now`. The errors, checked in this order, with Stripe's messages:
//   - empty header:                kInvalidArgument "No stripe-signature header value was
//                                  provided."
//   - no (numeric) `t=`:           kInvalidArgument "Unable to extract timestamp and signatures
//                                  from header"
//   - no `v1=` entry:              kInvalidArgument "No signatures found with expected scheme"
//   - no `v1` matches:             kUnauthenticated "No signatures found matching the expected
//                                  signature for payload. ..."
//   - `t` older than now - tolerance: kOutOfRange "Timestamp outside the tolerance zone"
// As in Stripe's libraries: entries are split on ',' then at the first '='; other schemes
// (v0) are ignored; a timestamp in the future passes; a tolerance of zero or less turns the
// age check off (Stripe advises against it).
absl::Status VerifySignature(absl::string_view payload, absl::string_view header,
                             absl::string_view secret, absl::Time now,
                             absl::Duration tolerance = kDefaultSignatureTolerance);

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_WEBHOOK_SIGNATURE_H_
