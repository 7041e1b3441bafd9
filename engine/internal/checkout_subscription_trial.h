// checkout_subscription_trial.h (internal): the trial a subscription-mode Checkout Session
// gives the subscription it starts (`subscription_data[trial_period_days]`, `[trial_end]`,
// `[trial_settings][end_behavior][missing_payment_method]`). While the trial lasts nothing is
// due for the session's recurring items (their amounts are 0; one-time items are paid at
// once); the customer's card is saved for the renewals, and the subscription is trialing from
// completion until the trial's end (a number of days from completion, or the end asked for).
//
// Refused (invalid_request_error, nothing created): trial_period_days under 1 or over 730
// (param subscription_data[trial_period_days]); a trial_end less than 48 hours ahead (Stripe's
// rule for Checkout) or over 730 days ahead, or given with trial_period_days
// (subscription_data[trial_end]); an end behavior other than cancel, create_invoice or pause;
// a trial in setup_intent_data (parameter_unknown).
#ifndef PAYSIM_ENGINE_INTERNAL_CHECKOUT_SUBSCRIPTION_TRIAL_H_
#define PAYSIM_ENGINE_INTERNAL_CHECKOUT_SUBSCRIPTION_TRIAL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// The shortest trial_end ahead of now a Checkout Session takes.
constexpr int64_t kCheckoutMinTrialEndAhead = 48 * 3600;

// Checks the trial of `subscription_data` (`setup_intent_data`: none may be given) at `now`.
absl::Status CheckCheckoutTrial(const CheckoutIntentDataParams& subscription_data,
                                const CheckoutIntentDataParams& setup_intent_data,
                                int64_t now);

// Copies the checked trial of `params` onto the session's `data`.
void SetCheckoutTrial(const CheckoutIntentDataParams& params, CheckoutIntentData& data);

// True if the session's subscription starts with a trial.
bool HasCheckoutTrial(const CheckoutSession& session);

// The trial's end for a subscription starting at `start`.
// REQUIRES: HasCheckoutTrial(session).
int64_t CheckoutTrialEnd(const CheckoutSession& session, int64_t start);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHECKOUT_SUBSCRIPTION_TRIAL_H_
