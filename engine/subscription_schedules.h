// subscription_schedules.h: Subscription schedules (`sub_sched_...`): a customer's subscription
// planned as phases, each with its items and dates, run on the engine's clock (or the
// customer's test clock).
//
// A schedule is made of `phases[]`, each lasting `iterations` of its prices' interval (one
// when neither it nor `end_date` is given) or until `end_date`; the first starts at
// `start_date` (`now`, the default, or a later time), each next one where the previous ends.
// Starting now, the schedule is `active` at once and its subscription is created with the
// first phase's items (its first invoice charged as a subscription's, subscriptions.h;
// with no payment method the invoice stays open and the subscription `incomplete`); a later
// start_date leaves it `not_started` until then. At each phase's end the subscription's items
// become the next phase's, with its settings (customer.subscription.updated; no prorations),
// and after the last
// the schedule is `completed`: end_behavior `release` (the default) leaves the subscription
// running on its own, `cancel` cancels it. `subscription_schedule.expiring` comes 7 days
// before the last phase ends (kScheduleExpiringNotice). `from_subscription` makes a schedule
// of a running subscription: one phase, its items, until its current period ends.
//
// Prices inline: a phase's item may give `price_data` (currency, an existing product,
// unit_amount, recurring[interval|interval_count], tax_behavior) instead of price; a phase's
// `add_invoice_items[]` (at most kSubscriptionMaxAddInvoiceItems) give a one-time `price` or
// `price_data` (unit_amount or unit_amount_decimal; negative: a credit, not discountable) and
// a quantity (default 1), billed once, on the first invoice of their phase (the subscription's
// first, or the renewal's at the phase's start). A price given inline is made when the
// schedule is stored (or updated): a Price of its own (`price_...`), inactive, not listed, no
// price.created, which the phase names and its subscription bills.
//
// Collection: `default_settings[collection_method|default_payment_method|description|
// invoice_settings[days_until_due]]`, each overridable by the phase of the same name; the
// subscription takes the running phase's when the schedule starts it and when each next phase
// starts (with its items and tax rates; a default payment method the customer no longer has
// is left out). send_invoice with neither days_until_due: 30 days (UNCERTAIN).
//
// Tax rates: a phase's item may give `tax_rates[]` (its own) and a phase `default_tax_rates[]`
// (`txr_...`, active, the account's own); while the phase runs its subscription's items and
// default rates are those (customer.subscription.updated at the phase's boundary), and its
// invoices tax their lines by them. `from_subscription` copies the subscription's rates.
//
// The lifecycle table, with its events, is engine/internal/subscription_schedule_lifecycle.h.
//
// Example:
//   auto schedule = engine.subscription_schedules().Create(
//       ParseParams<SubscriptionScheduleCreateParams>(R"pb(
//         customer: "cus_..." start_date: "now"
//         phases { items { price: "price_..." quantity: 1 } iterations: 1 }
//         phases { items { price: "price_..." quantity: 2 } iterations: 1 })pb"));
//   // active; a month later the subscription's quantity is 2, a month after that completed.
//
// Errors (invalid_request_error, HTTP 400; a refused call changes nothing):
//   - customer missing (parameter_missing) or unknown (resource_missing); phases missing, a
//     phase without items, more than kScheduleMaxPhases phases or kSubscriptionMaxItems items;
//   - an item without price (or plan), an unknown price (resource_missing naming
//     `phases[i][items][j][price]`), a one-time or inactive price, prices of different
//     currencies in a phase or of different intervals in the schedule, a negative quantity;
//   - an item's price_data with price or plan, or without currency, product or recurring
//     (parameter_missing naming `phases[i][items][j][price_data][...]`), or what POST
//     /v1/prices refuses of it; an add_invoice_items entry refused as a subscription's
//     (subscriptions.h), named `phases[i][add_invoice_items][j][...]`;
//   - an unknown or automatic tax rate (resource_missing) or an inactive one, named
//     `phases[i][items][j][tax_rates][k]` or `phases[i][default_tax_rates][k]`;
//   - both iterations and end_date, iterations below 1, an end_date not after the phase's
//     start, a trial_end outside its phase; a start_date that has passed (paysim does not
//     backdate); start_date, end_date or trial_end not an integer;
//   - end_behavior not release | cancel; proration_behavior or collection_method not
//     Stripe's values; a default_payment_method not attached to the customer;
//     invoice_settings[days_until_due] outside 0..kMaxDaysUntilDue (parameter_invalid_integer);
//   - from_subscription with customer, phases, start_date or end_behavior, of an unknown
//     subscription (resource_missing), of one already scheduled or ended;
//   - update of phases changing the current phase's start, or ending it in the past;
//   - update, cancel or release of a schedule that is completed, released or canceled;
//   - an unknown schedule id (resource_missing, 404); metadata as everywhere (metadata.h).
// Events: subscription_schedule.created, .updated (previous_attributes), .expiring,
// .completed, .released, .canceled, .aborted, and the subscription's and invoices' own.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SUBSCRIPTION_SCHEDULES_H_
#define PAYSIM_ENGINE_SUBSCRIPTION_SCHEDULES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/subscription_schedule.obj.h"
#include "proto/subscription_schedule_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class SubscriptionScheduleService {
 public:
  explicit SubscriptionScheduleService(internal::World* world) : world_(world) {}

  // A schedule of `customer`'s `phases`, or of `from_subscription` (see the file comment).
  absl::StatusOr<SubscriptionSchedule> Create(const SubscriptionScheduleCreateParams& params,
                                              const RequestOptions& options = {});

  absl::StatusOr<SubscriptionSchedule> Retrieve(absl::string_view id,
                                                const RequestOptions& options = {});

  // metadata, end_behavior, default_settings and `phases` (replacing them all: the first is the
  // current phase of an active schedule, its start unchanged; a not_started schedule's first
  // phase may move its start_date, `now` starting it at once). The subscription takes the
  // current phase's items at once. subscription_schedule.updated.
  absl::StatusOr<SubscriptionSchedule> Update(absl::string_view id,
                                              const SubscriptionScheduleUpdateParams& params,
                                              const RequestOptions& options = {});

  // Cancels the schedule and its subscription now (`invoice_now` and `prorate` are taken and
  // change nothing: paysim makes no final invoice). .canceled (.aborted too when it had not
  // started), customer.subscription.deleted.
  absl::StatusOr<SubscriptionSchedule> Cancel(absl::string_view id,
                                              const SubscriptionScheduleCancelParams& params,
                                              const RequestOptions& options = {});

  // Releases the schedule: released, its subscription (now `released_subscription`) runs on
  // without it. .released, customer.subscription.updated.
  absl::StatusOr<SubscriptionSchedule> Release(absl::string_view id,
                                               const SubscriptionScheduleReleaseParams& params,
                                               const RequestOptions& options = {});

  // Newest first, filtered by `customer`, `created`, and `scheduled` (true: not_started).
  absl::StatusOr<ListResult<SubscriptionSchedule>> List(
      const SubscriptionScheduleListParams& params, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SUBSCRIPTION_SCHEDULES_H_
