// subscription_cancellation.h (internal): a subscription's `canceled_at` and
// `cancellation_details` (comment, feedback, reason), Stripe's record of why it ended or is to
// end.
//
//   - DELETE /v1/subscriptions/{id} and `cancel_at_period_end=true` (at creation or in an
//     update) are requests: reason `cancellation_requested`. A cancellation scheduled with
//     cancel_at_period_end sets `canceled_at` to the time of the request (the latest one), and
//     keeps it when the period ends and the subscription is canceled (Stripe's documented
//     rule); `cancel_at_period_end=false` withdraws it: canceled_at and every detail null again.
//   - `cancel_at` (create and update) schedules a cancellation at a given time: Unix seconds
//     after now, or (from 2025-07-30) `min_period_end` / `max_period_end`, which resolve at
//     once to the current period's end (paysim's items share one interval, so both are the
//     same instant); "" (update) removes it. It is a request like cancel_at_period_end
//     (canceled_at now, reason cancellation_requested) and sets cancel_at_period_end false;
//     `cancel_at_period_end=false` withdraws it as well. The period that contains cancel_at
//     ends at cancel_at (subscription_lifecycle.h CutPeriodEnd): a renewal that starts that
//     period bills the part of it that it lasts, whatever proration_behavior says (Stripe:
//     "If set during a future period, this will always cause a proration for that period");
//     an update that cuts the current period (or gives the cut time back) is prorated as
//     proration_behavior says: a credit for the time cut off, a debit for the time given back
//     (subscription_changes.h). When cancel_at comes the subscription is canceled
//     (customer.subscription.deleted), whatever its state (paused and incomplete too).
//     UNCERTAIN: that Stripe moves current_period_end to cancel_at as soon as it is set (its
//     documents say only that the cancellation prorates); that cancel_at_period_end=false
//     removes a cancel_at too.
//   - Dunning's last failed retry (or an overdue send_invoice invoice) that cancels: reason
//     `payment_failed`.
//   - A trial ending without a payment method that cancels leaves reason null.
//   - `cancellation_details[comment|feedback]` of a cancel or an update are kept as given
//     ("" unsets one).
// Errors (checked before anything changes): a feedback not among Stripe's eight values, or a
// comment over 5,000 characters, names cancellation_details[feedback|comment]. cancel_at: not
// an integer (parameter_invalid_integer; the two names before 2025-07-30 too), not after now,
// or given with cancel_at_period_end=true, names cancel_at. UNCERTAIN: the wording of the last
// two.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CANCELLATION_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CANCELLATION_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {

// OK when `params` may be stored; else Stripe's error naming the offending parameter.
absl::Status CheckCancellationDetails(const SubscriptionCancellationDetailsParams& params);

// A `cancel_at` parameter, checked.
struct CancelAtAsk {
  bool given = false;  // the parameter was sent
  bool clear = false;  // "" (removes it)
  int64_t at = 0;      // else: when, Unix seconds
};

// Checks `cancel_at` (null: not sent) of a subscription whose current period ends at
// `period_end` (what the two names resolve to), sent with cancel_at_period_end
// `period_end_requested`; errors name `param`. Changes nothing.
absl::StatusOr<CancelAtAsk> CheckCancelAt(World& world, const std::string* cancel_at,
                                          int64_t period_end, bool period_end_requested,
                                          absl::string_view param = "cancel_at");

// Writes `params`' comment and feedback into `details` ("" clears one). Its reason is untouched.
void MergeCancellationFeedback(const SubscriptionCancellationDetailsParams& params,
                               SubscriptionCancellationDetails* details);

// What an update of `before` asks of its cancellation, applied to `updated` (after
// cancel_at_period_end was): cancel_at set or removed (`ask`), a request stamps canceled_at
// and reason, a withdrawal clears them, and cancellation_details[...] is merged.
// REQUIRES: `params` and `ask` checked.
void ApplyCancellationUpdate(World& world, const Subscription& before,
                             const SubscriptionChangeParams& params, const CancelAtAsk& ask,
                             Subscription& updated);

// A new subscription created with cancel_at_period_end or cancel_at: canceled_at now, reason
// cancellation_requested. Else nothing.
void StampScheduledCancellation(World& world, Subscription& draft);

// The subscription enters `canceled` through `trigger`: canceled_at (kept for a scheduled
// cancellation that reaches its period end) and the reason the trigger gives.
void StampCanceled(World& world, Subscription& subscription, SubscriptionTrigger trigger);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_CANCELLATION_H_
