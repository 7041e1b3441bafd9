// SubscriptionLifecycle's periods (subscription_lifecycle.h): where a period starts and ends
// (trial, a stub before a future anchor, the anchor's cycle, cut at cancel_at), the timers
// that end it (period end, cancel_at, the upcoming-invoice notice) and the periods around a
// moment. Only the lifecycle writes a subscription's period.
#include <cstdint>

#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/internal/billing_cycle_anchor.h"
#include "engine/internal/subscription_lifecycle.h"

namespace paysim {
namespace internal {
namespace {

// The interval of the subscription's items (validated to be one for all of them).
const PriceRecurring& RecurringOf(const Subscription& subscription) {
  return subscription.items().data(0).price().recurring();
}

// The end of a period [start, full) of `subscription`: cancel_at when it falls inside (and
// cancel_at_period_end is not set), else `full` (subscription_cancellation.h).
int64_t CutAtCancelAt(const Subscription& subscription, int64_t start, int64_t full) {
  if (!subscription.cancel_at_period_end() && subscription.has_cancel_at() &&
      start < subscription.cancel_at() && subscription.cancel_at() < full) {
    return subscription.cancel_at();
  }
  return full;
}

}  // namespace

void SubscriptionLifecycle::SetPeriod(World& world, Subscription& subscription, int64_t start) {
  int64_t end;
  if (subscription.has_trial_end() && start < subscription.trial_end()) {
    end = subscription.trial_end();  // the trial is the first period
  } else if (start < subscription.billing_cycle_anchor()) {
    end = subscription.billing_cycle_anchor();  // the stub before a future anchor
  } else {
    // Counted from the anchor, so a period from the 31st returns to the 31st when it can.
    subscription.set_periods_billed(subscription.periods_billed() + 1);
    end = CycleEnd(subscription, subscription.periods_billed());
  }
  end = CutAtCancelAt(subscription, start, end);  // the period that contains cancel_at ends then
  // The period that ends here (none before the first): its usage is billed now.
  subscription.set_previous_period_start(subscription.period_start() == 0
                                             ? start
                                             : subscription.period_start());
  subscription.set_period_start(start);
  subscription.set_period_end(end);
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    SubscriptionItem* item = subscription.mutable_items()->mutable_data(i);
    item->set_current_period_start(start);
    item->set_current_period_end(end);
  }
  // Before basil the period is on the subscription too (its shape: field_numbers.h).
  subscription.set_legacy_shape(!ApiVersionAtLeast(world.api_version(), "2025-03-31"));
  if (subscription.legacy_shape()) {
    subscription.set_current_period_start(start);
    subscription.set_current_period_end(end);
  }
}

void SubscriptionLifecycle::SchedulePeriodEnd(World& world, const Subscription& subscription) {
  world.timers().Schedule(absl::FromUnixSeconds(subscription.period_end()),
                          TimerKind::kSubscriptionPeriodEnd, subscription.id());
  const absl::optional<absl::Time> notice = UpcomingNoticeAt(world, subscription.period_end());
  // A notice already due is not sent late (the period began inside the notice window).
  if (notice.has_value() && *notice > world.now()) {
    world.timers().Schedule(*notice, TimerKind::kInvoiceUpcoming, subscription.id());
  }
}

absl::optional<absl::Time> SubscriptionLifecycle::UpcomingNoticeAt(World& world,
                                                                   int64_t period_end) {
  const int64_t days = world.options().upcoming_invoice_days;
  if (days <= 0) return absl::nullopt;
  return absl::FromUnixSeconds(period_end) - absl::Hours(24 * days);
}

void SubscriptionLifecycle::MarkUpcomingNoticeSent(World& world, const Subscription& current) {
  Subscription& subscription = *world.subscriptions().Mutable(Key(), current.id());
  subscription.set_upcoming_notice_for(subscription.period_end());
}

int64_t SubscriptionLifecycle::FullPeriodEnd(const Subscription& subscription) {
  if (subscription.has_trial_end() && subscription.period_start() < subscription.trial_end()) {
    return subscription.trial_end();
  }
  if (subscription.items().data_size() == 0) return subscription.period_end();
  const PriceRecurring& recurring = RecurringOf(subscription);
  if (InAnchorStub(subscription)) {
    // A stub's whole period is the interval that ends at the anchor (its proration's base).
    return subscription.period_start() +
           IntervalEndingAt(subscription.billing_cycle_anchor(), recurring,
                            static_cast<int>(
                                subscription.billing_cycle_anchor_config().day_of_month()));
  }
  return CycleEnd(subscription, subscription.periods_billed());
}

int64_t SubscriptionLifecycle::CutPeriodEnd(const Subscription& subscription) {
  return CutAtCancelAt(subscription, subscription.period_start(),
                       InAnchorStub(subscription) ? subscription.billing_cycle_anchor()
                                                  : FullPeriodEnd(subscription));
}

bool SubscriptionLifecycle::EndsWithPeriod(const Subscription& subscription) {
  return subscription.cancel_at_period_end() ||
         (subscription.has_cancel_at() && subscription.cancel_at() <= subscription.period_end());
}

void SubscriptionLifecycle::FitPeriodEnd(Subscription& subscription) {
  const int64_t end = CutPeriodEnd(subscription);
  if (end == subscription.period_end()) return;
  subscription.set_period_end(end);
  for (int i = 0; i < subscription.items().data_size(); ++i) {
    subscription.mutable_items()->mutable_data(i)->set_current_period_end(end);
  }
  if (subscription.has_current_period_end()) subscription.set_current_period_end(end);
}

void SubscriptionLifecycle::ScheduleCancelAt(World& world, const Subscription& subscription) {
  if (subscription.cancel_at_period_end() || !subscription.has_cancel_at()) return;
  world.timers().Schedule(absl::FromUnixSeconds(subscription.cancel_at()),
                          TimerKind::kSubscriptionPeriodEnd, subscription.id());
}

Subscription SubscriptionLifecycle::NextPeriod(World& world, const Subscription& current) {
  Subscription next = current;
  SetPeriod(world, next, current.period_end());
  return next;
}

SubscriptionLifecycle::CyclePeriod SubscriptionLifecycle::SurroundingPeriod(
    const Subscription& subscription, int64_t at) {
  CyclePeriod period;
  period.start = subscription.billing_cycle_anchor();
  period.number = 1;
  period.end = CycleEnd(subscription, 1);
  while (period.end <= at) {
    period.start = period.end;
    ++period.number;
    period.end = CycleEnd(subscription, period.number);
  }
  return period;
}

}  // namespace internal
}  // namespace paysim
