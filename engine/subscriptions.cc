// Subscriptions: the one a subscription-mode Checkout Session starts, retrieve, list.
#include "engine/subscriptions.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "engine/api_version.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

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
    PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription, w.subscriptions().Get(id));
    return *subscription;
  });
}

absl::StatusOr<ListResult<Subscription>> SubscriptionService::List(
    const SubscriptionListParams& params, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Subscription>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.subscriptions().List(window, "/v1/subscriptions", [&](const Subscription& s) {
      return (!params.has_customer() || s.customer() == params.customer()) &&
             (!params.has_status() || s.status() == params.status());
    });
  });
}

}  // namespace paysim
