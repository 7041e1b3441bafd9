// Subscriptions: the one a subscription-mode Checkout Session starts, retrieve, list.
#include "engine/subscriptions.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "engine/api_version.h"
#include "engine/operations.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {

int64_t PeriodEnd(int64_t start, absl::string_view interval, int64_t interval_count) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilSecond begin = absl::ToCivilSecond(absl::FromUnixSeconds(start), utc);
  absl::CivilSecond end;
  if (interval == "day" || interval == "week") {
    const int64_t days = interval == "week" ? 7 * interval_count : interval_count;
    end = begin + days * 86400;
  } else {
    const int64_t months = interval == "year" ? 12 * interval_count : interval_count;
    const absl::CivilMonth month = absl::CivilMonth(begin) + months;
    // The same day of the month, or the month's last day when it has fewer days.
    const int last_day = (absl::CivilDay(absl::CivilMonth(month + 1)) - 1).day();
    const int day = std::min(begin.day(), last_day);
    end = absl::CivilSecond(month.year(), month.month(), day, begin.hour(), begin.minute(),
                            begin.second());
  }
  return absl::ToUnixSeconds(absl::FromCivil(end, utc));
}

absl::StatusOr<Subscription> SubscriptionService::Retrieve(absl::string_view id,
                                                           const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Subscription> {
    PAYSIM_ASSIGN_OR_RETURN(Subscription * subscription, w.subscriptions.Get(id));
    return *subscription;
  });
}

absl::StatusOr<ListResult<Subscription>> SubscriptionService::List(
    const SubscriptionListParams& params, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Subscription>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.subscriptions.List(window, "/v1/subscriptions", [&](const Subscription& s) {
      return (!params.has_customer() || s.customer() == params.customer()) &&
             (!params.has_status() || s.status() == params.status());
    });
  });
}

namespace internal {

Subscription& StartCheckoutSubscription(World& world, const CheckoutSession& session,
                                        const std::string& payment_method) {
  const int64_t now = world.created();
  Subscription subscription;
  subscription.set_id(world.ids.NewId("sub_"));
  subscription.set_object("subscription");
  subscription.set_billing_cycle_anchor(now);
  subscription.set_cancel_at_period_end(false);
  subscription.set_collection_method("charge_automatically");
  subscription.set_created(now);
  subscription.set_currency(session.currency());
  subscription.set_customer(session.customer());
  if (!payment_method.empty()) subscription.set_default_payment_method(payment_method);
  if (session.subscription_data().has_description()) {
    subscription.set_description(session.subscription_data().description());
  }
  subscription.set_livemode(false);
  *subscription.mutable_metadata() = session.subscription_data().metadata();
  subscription.set_start_date(now);
  subscription.set_status("active");
  SubscriptionItemList* items = subscription.mutable_items();
  items->set_object("list");
  items->set_has_more(false);
  items->set_url(absl::StrCat("/v1/subscription_items?subscription=", subscription.id()));
  int64_t period_end = now;
  for (const LineItem& line : session.line_items()) {
    if (line.price().type() != "recurring") continue;  // one-time items are paid once
    SubscriptionItem* item = items->add_data();
    item->set_id(absl::StrCat("si_", world.ids.RandomString(14)));
    item->set_object("subscription_item");
    item->set_created(now);
    item->set_current_period_start(now);
    period_end = PeriodEnd(now, line.price().recurring().interval(),
                           line.price().recurring().interval_count());
    item->set_current_period_end(period_end);
    *item->mutable_price() = line.price();
    item->set_quantity(line.quantity());
    item->set_subscription(subscription.id());
  }
  if (!ApiVersionAtLeast(world.api_version(), "2025-03-31")) {
    subscription.set_current_period_start(now);
    subscription.set_current_period_end(period_end);
  }
  Subscription& stored = world.subscriptions.Insert(std::move(subscription));
  world.Emit("customer.subscription.created", stored);
  return stored;
}

}  // namespace internal
}  // namespace paysim
