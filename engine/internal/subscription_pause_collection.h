// subscription_pause_collection.h (internal): a subscription's `pause_collection`, Stripe's
// "pause payment collection" (POST /v1/subscriptions/{id} with pause_collection[behavior] and
// pause_collection[resumes_at]; `pause_collection=` unsets it).
//
// While collection is paused the subscription keeps its status (it is not `paused`) and its
// renewals still make invoices, which are not collected (Stripe's "Pause payment collection"):
//   keep_as_draft       the renewal invoice stays a draft with auto_advance false (finalize and
//                       pay it by hand later);
//   mark_uncollectible  it is finalized and marked uncollectible at once;
//   void                it is finalized and voided at once.
// Neither of the last two takes the customer's credit balance or makes a PaymentIntent; no
// `invoice.upcoming` is sent for a renewal that falls in the pause. Invoices made before the
// pause go on being collected (retried) as before. A renewal at or after `resumes_at` is
// collected as usual; at `resumes_at` the pause ends by itself (pause_collection null,
// customer.subscription.updated with the former value in previous_attributes).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_PAUSE_COLLECTION_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_PAUSE_COLLECTION_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {

// The pause `params` asks for on `subscription`: behavior and resumes_at, or an empty value
// (no behavior) to unset it. Errors: pause_collection[behavior] missing (parameter_missing) or
// not one of the three (invalid_request_error); a resumes_at not after now (on the customer's
// test clock, if any) names pause_collection[resumes_at].
absl::StatusOr<SubscriptionPauseCollection> CheckPauseCollection(
    World& world, const SubscriptionPauseCollectionParams& params);

// The behavior (keep_as_draft | mark_uncollectible | void) that applies to an invoice of
// `subscription` made at Unix second `at`, or "" when its collection is not paused then.
absl::string_view PausedCollectionBehavior(const Subscription& subscription, int64_t at);

// Schedules the end of `after`'s pause at its resumes_at, when the update from `before` set or
// moved it (SubscriptionLifecycle::Update; the timer calls OnPauseCollectionEnds).
void SchedulePauseCollectionEnd(World& world, const Subscription& before,
                                const Subscription& after);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_PAUSE_COLLECTION_H_
