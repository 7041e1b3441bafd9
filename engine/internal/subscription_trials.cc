// subscription_trials.cc: SubscriptionLifecycle's trials: the trial_will_end notice, a trial
// end moved (its period and timers retimed), and a trial ending with nothing to pay
// (subscription_lifecycle.h documents them).
#include <cstdint>

#include "absl/time/time.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {

using S = SubscriptionState;
using T = SubscriptionTrigger;

void SubscriptionLifecycle::ScheduleTrialWillEnd(World& world, const Subscription& subscription) {
  const absl::Time notice = absl::FromUnixSeconds(subscription.trial_end()) - kTrialWillEndNotice;
  if (notice <= world.now()) {
    world.Emit("customer.subscription.trial_will_end", subscription);
  } else {
    world.timers().Schedule(notice, TimerKind::kSubscriptionTrialWillEnd, subscription.id());
  }
}

void SubscriptionLifecycle::OnTrialWillEnd(World& world, absl::string_view subscription_id) {
  const Subscription* subscription = world.subscriptions().Find(subscription_id);
  if (subscription == nullptr || StateOf(*subscription) != S::kTrialing ||
      absl::FromUnixSeconds(subscription->trial_end()) - kTrialWillEndNotice != world.now()) {
    return;  // ended, or its trial moved meanwhile
  }
  world.Emit("customer.subscription.trial_will_end", *subscription);
}

void SubscriptionLifecycle::RetimeTrial(World& world, Subscription& subscription) {
  RetimeTrialPeriod(subscription);
  SchedulePeriodEnd(world, subscription);
}

void SubscriptionLifecycle::RetimeTrialPeriod(Subscription& subscription) {
  const int64_t end = subscription.trial_end();
  // The cycle starts at the trial's new end, unless a future anchor after it waits (a stub
  // from the trial's end to the anchor).
  if (!subscription.stub_after_trial() || subscription.billing_cycle_anchor() <= end) {
    subscription.set_billing_cycle_anchor(end);
    subscription.clear_billing_cycle_anchor_config();
    subscription.set_stub_after_trial(false);
  }
  subscription.set_period_end(end);
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    subscription.mutable_items()->mutable_data(i)->set_current_period_end(end);
  }
  if (subscription.has_current_period_end()) subscription.set_current_period_end(end);
  FitPeriodEnd(subscription);  // a cancel_at before the trial's end cuts it
  if (subscription.cancel_at_period_end()) subscription.set_cancel_at(end);
}

void SubscriptionLifecycle::MoveTrialEnd(World& world, const Subscription& current,
                                         int64_t trial_end) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  subscription.set_trial_end(trial_end);
  RetimeTrial(world, subscription);
  ScheduleTrialWillEnd(world, subscription);
}

void SubscriptionLifecycle::EndTrialUnpaid(World& world, const Subscription& current) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  const Subscription before = subscription;
  const bool cancel = subscription.trial_settings().end_behavior().missing_payment_method() ==
                      "cancel";
  Enter(world, subscription, cancel ? T::kTrialEndsCanceled : T::kTrialEndsPaused, before);
  if (cancel) InvoiceLifecycle::StopCollecting(world, subscription.id());
}

}  // namespace internal
}  // namespace paysim
