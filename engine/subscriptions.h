// subscriptions.h: Subscriptions (`sub_...`), as a subscription-mode Checkout Session starts
// them: the customer, the recurring items (`si_...`) with their current period, the default
// payment method, status `active`.
//
// Minimal on purpose: no invoices (latest_invoice is null), no renewals, trials, updates or
// cancellation yet; a subscription stays in its first period whatever the clock says. The
// period runs from the session's completion for one interval of its prices (months are
// calendar months; the 31st of January plus a month is the 28th or 29th of February). Before
// API version 2025-03-31.basil the period is also on the subscription itself; from basil on
// only on its items (current_period_start/end on the subscription are null).
//
// Events: customer.subscription.created.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SUBSCRIPTIONS_H_
#define PAYSIM_ENGINE_SUBSCRIPTIONS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class SubscriptionService {
 public:
  explicit SubscriptionService(internal::World* world) : world_(world) {}

  absl::StatusOr<Subscription> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Newest first, filtered by `customer` and `status` when given.
  absl::StatusOr<ListResult<Subscription>> List(const SubscriptionListParams& params,
                                                const RequestOptions& options = {});

 private:
  internal::World* world_;
};

// The end of a period of `interval_count` `interval`s (day | week | month | year) that starts
// at `start` (Unix seconds, UTC). A month past the 31st ends on the month's last day.
int64_t PeriodEnd(int64_t start, absl::string_view interval, int64_t interval_count);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SUBSCRIPTIONS_H_
