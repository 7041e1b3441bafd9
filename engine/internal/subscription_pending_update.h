// subscription_pending_update.h (internal): `payment_behavior` on a subscription change
// (`POST /v1/subscriptions/{id}`, `POST /v1/subscription_items[/{id}]`), and the pending
// updates that `pending_if_incomplete` makes (Stripe's "Pending updates" guide and reference).
//
// A change that bills now (always_invoice with something to prorate, or a change of interval:
// subscription_changes.h) meets its invoice's payment as `payment_behavior` says:
//   allow_incomplete (default)  the change applies; the invoice is charged on-session; a failed
//                               payment makes an active subscription past_due and is retried
//                               as a renewal's.
//   default_incomplete          the change applies; the invoice is finalized and not charged
//                               (its PaymentIntent awaits the customer); an active subscription
//                               with something to pay becomes past_due.
//   error_if_incomplete         the invoice is charged first; the change applies only if it is
//                               paid. Otherwise the invoice is voided, nothing changes on the
//                               subscription and the request fails with the decline (402
//                               card_error; a card that needs authentication:
//                               authentication_required). UNCERTAIN: what Stripe does with the
//                               unpaid invoice. With no payment method to charge, refused
//                               before anything changes (400, as a creation is).
//   pending_if_incomplete       the invoice is charged first; paid, the change applies as
//                               usual. Otherwise the subscription keeps its items, period,
//                               trial and metadata, `pending_update` holds the change (the items
//                               it sets, billing_cycle_anchor when it restarts the cycle,
//                               trial_end, metadata from 2026-05-27.dahlia) and
//                               `latest_invoice` the open invoice (customer.subscription.updated).
// A change that bills nothing now applies at once whatever the behavior (Stripe: such updates
// "apply immediately without payment implications").
//
// A pending update:
//   - is applied when its invoice is paid (a retried payment, the customer confirming 3D
//     Secure, pay): customer.subscription.updated, then
//     customer.subscription.pending_update_applied. The billing cycle it restarts starts at
//     the update's time, as its invoice billed it.
//   - expires at `expires_at`: the earliest of 23 hours after the update, the current period's
//     end and the trial's end. Then its invoice is voided and the update discarded:
//     customer.subscription.pending_update_expired (then invoice.voided). The period's end
//     expires it first when both fall at the same second.
//   - is discarded the same way when a later update changes the items or the trial, or the
//     subscription is canceled (Stripe expires a pending update that a later update
//     conflicts with).
//   - is discarded when its invoice is voided by the caller: customer.subscription.updated
//     (Stripe: "If you cancel a pending update, the pending_update hash is cleared").
//
// Refusals (invalid_request_error, 400, decided before anything changes):
//   - payment_behavior not one of the four (param `payment_behavior`);
//   - pending_if_incomplete with a parameter pending updates do not support (Stripe lists
//     expand, payment_behavior, proration_behavior, proration_date, billing_cycle_anchor,
//     items' price and quantity, trial_end, trial_from_plan, add_invoice_items): the first such
//     parameter; `metadata` before 2026-05-27.dahlia (from then on a pending update holds
//     it in `pending_update.metadata` and merges it into the subscription's when it applies;
//     the Subscription Items API still refuses an item's `metadata`: UNCERTAIN whether
//     Stripe's change covers it);
//   - pending_if_incomplete on a send_invoice subscription (Stripe: not supported);
//   - pending_if_incomplete with trial_end=now (not simulated yet).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_PENDING_UPDATE_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_PENDING_UPDATE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/internal/subscription_changes.h"
#include "engine/subscriptions.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {
namespace internal {

// `payment_behavior` of an update (absent: allow_incomplete) of `subscription`, checked with
// the request's other parameters, into change->payment_behavior.
absl::Status CheckUpdatePaymentBehavior(const Subscription& subscription,
                                        const SubscriptionChangeParams& params,
                                        absl::string_view api_version,
                                        SubscriptionChange* change);

// The same for the Subscription Items API (`metadata` is its only parameter pending updates
// refuse).
absl::Status CheckItemPaymentBehavior(const Subscription& subscription,
                                      const absl::optional<std::string>& behavior,
                                      bool has_metadata, SubscriptionChange* change);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_PENDING_UPDATE_H_
