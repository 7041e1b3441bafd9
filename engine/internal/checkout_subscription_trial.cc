// A subscription-mode Checkout Session's trial (checkout_subscription_trial.h).
#include "engine/internal/checkout_subscription_trial.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::Status CheckCheckoutTrial(const CheckoutIntentDataParams& subscription_data,
                                const CheckoutIntentDataParams& setup_intent_data,
                                int64_t now) {
  if (setup_intent_data.has_trial_period_days()) {
    return ParameterUnknown("setup_intent_data[trial_period_days]");
  }
  if (setup_intent_data.has_trial_end()) return ParameterUnknown("setup_intent_data[trial_end]");
  if (setup_intent_data.has_trial_settings()) {
    return ParameterUnknown("setup_intent_data[trial_settings]");
  }
  const CheckoutIntentDataParams& d = subscription_data;
  if (d.has_trial_period_days()) {
    constexpr char kParam[] = "subscription_data[trial_period_days]";
    if (d.trial_period_days() < 1) {
      return InvalidRequestError("", kParam, "This value must be greater than or equal to 1.");
    }
    if (d.trial_period_days() > kSubscriptionMaxTrialDays) {
      return InvalidRequestError("", kParam,
                                 absl::StrCat("This value must be less than or equal to ",
                                              kSubscriptionMaxTrialDays, "."));
    }
  }
  if (d.has_trial_end()) {
    constexpr char kParam[] = "subscription_data[trial_end]";
    if (d.has_trial_period_days()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", kParam,
                                 "You may not specify both trial_end and trial_period_days.");
    }
    // UNCERTAIN: Stripe's wording of both.
    if (d.trial_end() < now + kCheckoutMinTrialEndAhead) {
      return InvalidRequestError("", kParam,
                                 "The trial_end must be at least 48 hours in the future.");
    }
    if (d.trial_end() > now + kSubscriptionMaxTrialDays * 86400) {
      return InvalidRequestError("", kParam,
                                 absl::StrCat("The trial_end may be at most ",
                                              kSubscriptionMaxTrialDays, " days in the future."));
    }
  }
  if (d.trial_settings().end_behavior().has_missing_payment_method()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(
        d.trial_settings().end_behavior().missing_payment_method(),
        {"cancel", "create_invoice", "pause"},
        "subscription_data[trial_settings][end_behavior][missing_payment_method]"));
  }
  return absl::OkStatus();
}

void SetCheckoutTrial(const CheckoutIntentDataParams& params, CheckoutIntentData& data) {
  if (params.has_trial_period_days()) data.set_trial_period_days(params.trial_period_days());
  if (params.has_trial_end()) data.set_trial_end(params.trial_end());
  if (params.trial_settings().end_behavior().has_missing_payment_method()) {
    data.set_trial_end_behavior(params.trial_settings().end_behavior().missing_payment_method());
  }
}

bool HasCheckoutTrial(const CheckoutSession& session) {
  // Only subscription mode takes subscription_data (checkout_session_request.cc).
  return session.subscription_data().has_trial_end() ||
         session.subscription_data().has_trial_period_days();
}

int64_t CheckoutTrialEnd(const CheckoutSession& session, int64_t start) {
  const CheckoutIntentData& data = session.subscription_data();
  return data.has_trial_end() ? data.trial_end() : start + data.trial_period_days() * 86400;
}

}  // namespace internal
}  // namespace paysim
