// subscription_cancellation.h (internal): a subscription's `canceled_at` and
// `cancellation_details` (comment, feedback, reason), Stripe's record of why it ended or is to
// end.
//
//   - DELETE /v1/subscriptions/{id} and `cancel_at_period_end=true` (at creation or in an
//     update) are requests: reason `cancellation_requested`. A cancellation scheduled with
//     cancel_at_period_end sets `canceled_at` to the time of the request (the latest one), and
//     keeps it when the period ends and the subscription is canceled (Stripe's documented
//     rule); `cancel_at_period_end=false` withdraws it: canceled_at and every detail null again.
//   - Dunning's last failed retry (or an overdue send_invoice invoice) that cancels: reason
//     `payment_failed`.
//   - A trial ending without a payment method that cancels leaves reason null.
//   - `cancellation_details[comment|feedback]` of a cancel or an update are kept as given
//     ("" unsets one).
// Errors (checked before anything changes): a feedback not among Stripe's eight values, or a
// comment over 5,000 characters, names cancellation_details[feedback|comment].
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CANCELLATION_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CANCELLATION_H_

#include "absl/status/status.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {

// OK when `params` may be stored; else Stripe's error naming the offending parameter.
absl::Status CheckCancellationDetails(const SubscriptionCancellationDetailsParams& params);

// Writes `params`' comment and feedback into `details` ("" clears one). Its reason is untouched.
void MergeCancellationFeedback(const SubscriptionCancellationDetailsParams& params,
                               SubscriptionCancellationDetails* details);

// What an update of `before` asks of its cancellation, applied to `updated` (after
// cancel_at_period_end was): a request stamps canceled_at and reason, a withdrawal clears them,
// and cancellation_details[...] is merged. REQUIRES: `params` checked.
void ApplyCancellationUpdate(World& world, const Subscription& before,
                             const SubscriptionChangeParams& params, Subscription& updated);

// A new subscription created with cancel_at_period_end: canceled_at now, reason
// cancellation_requested. Else nothing.
void StampScheduledCancellation(World& world, Subscription& draft);

// The subscription enters `canceled` through `trigger`: canceled_at (kept for a scheduled
// cancellation that reaches its period end) and the reason the trigger gives.
void StampCanceled(World& world, Subscription& subscription, SubscriptionTrigger trigger);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CANCELLATION_H_
