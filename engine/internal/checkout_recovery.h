// checkout_recovery.h (internal): a Checkout Session's `after_expiration[recovery]`, the URL
// that brings a customer who let the session expire back to a copy of it (Stripe's "Recover
// abandoned carts" guide).
//
// At creation: `after_expiration[recovery][enabled]` is required when `recovery` is given;
// `allow_promotion_codes` defaults to false. The session renders `after_expiration` null
// unless `recovery` was given, else `{recovery: {allow_promotion_codes, enabled, expires_at:
// null, url: null}}`.
//
// When an enabled session expires (expire, or expires_at passing), its recovery gets a `url`
// and an `expires_at` kCheckoutRecoveryWindow (30 days) later, in the same change as the
// status: `checkout.session.expired` carries them. Opening the URL (CheckoutPageService::
// Recover) before it expires (the URL works while now < expires_at) makes a new open session
// from the request that created the expired one: the same mode, line items, customer,
// metadata and options, its own default expiry (24 hours; an expires_at of the original
// request is not taken again), `recovered_from` naming the expired session, and promotion
// codes allowed when `allow_promotion_codes` is true (unless the request applied a discount,
// which the copy applies instead). The copy is checked as a new request is: a price archived
// since, for example, refuses it. Each opening makes a new session.
//
// UNCERTAIN: the URL's form (`https://buy.stripe.com/r/` + the session id here); that a copy
// has a recovery of its own (it is a copy of the request); that allow_promotion_codes gives
// way to the request's discount rather than being refused with it.
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_RECOVERY_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_RECOVERY_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "proto/checkout.obj.h"
#include "proto/checkout_params.pb.h"

namespace paysim {
namespace internal {

// How long a recovery URL works after its session expired (Stripe: 30 days).
inline constexpr absl::Duration kCheckoutRecoveryWindow = absl::Hours(24 * 30);

// CheckAfterExpiration()
//
// `params.after_expiration`, checked: the first refusal (invalid_request_error naming
// `after_expiration[recovery][...]`), or OK.
absl::Status CheckAfterExpiration(const CheckoutSessionCreateParams& params);

// ApplyAfterExpiration()
//
// Sets `session`'s after_expiration from `params` (checked), keeping the request when
// recovery is enabled.
void ApplyAfterExpiration(const CheckoutSessionCreateParams& params, CheckoutSession& session);

// OpenRecovery()
//
// `session` expires at `now`: with recovery enabled, its url and expires_at. For the
// lifecycle's expiry only.
void OpenRecovery(CheckoutSession& session, int64_t now);

// RecoveryRequest()
//
// The request that makes a copy of the expired `session` at `now`, or the refusal (400):
// a session not expired, one without recovery, or a recovery URL expired.
absl::StatusOr<CheckoutSessionCreateParams> RecoveryRequest(const CheckoutSession& session,
                                                            int64_t now);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_RECOVERY_H_
