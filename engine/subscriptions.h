// subscriptions.h: Subscriptions (`sub_...`): a customer's recurring prices, billed each
// period by an invoice (invoices.h) and renewed on the engine's clock.
//
// A subscription has items (`si_...`, one recurring price and quantity each, all of one
// currency and interval) and a current period, which starts at creation (or at the trial's
// end) and lasts one interval (months are calendar months counted from billing_cycle_anchor:
// a period from the 31st of January ends on the 28th or 29th of February, the next on the
// 31st of March). Before API version 2025-03-31.basil the period is also on the subscription
// itself; from basil on only on its items.
//
// Status (the table, with events, is engine/internal/subscription_lifecycle.h):
//   - charge_automatically: the first invoice (billing_reason subscription_create) is
//     finalized at once and, unless payment_behavior is default_incomplete, charged with the
//     default_payment_method, else the default_source (a card saved on the customer), else
//     the customer's invoice_settings.default_payment_method, else its default_source
//     (off-session if `off_session`; a card source pays as its PaymentMethod view). Paid:
//     `active`. Not paid: `incomplete` (the customer may still pay its PaymentIntent, or
//     POST /v1/invoices/{id}/pay), and `incomplete_expired` 23 hours later
//     (kSubscriptionIncompleteWindow), the invoice voided.
//   - send_invoice: `active` at once; the invoice is open with due_date days_until_due later.
//     Still unpaid at its due_date (to the second; each renewal's invoice alike), the
//     subscription goes `past_due` (customer.subscription.updated) and back to `active` when
//     that invoice is paid. It then stays past_due, unless EngineOptions::
//     send_invoice_overdue_days is set (Stripe's "if an invoice is X days past due"): that
//     many days after the due date, EngineOptions::send_invoice_overdue cancels it or marks
//     it `unpaid` (and may mark the invoice uncollectible). invoice.will_be_due and
//     invoice.overdue come when EngineOptions::invoice_will_be_due_days / invoice_overdue_days
//     (Stripe's Automations) are set.
//   - payment_settings[save_default_payment_method] `on_subscription` (create or update;
//     default `off`): when one of its invoices is paid by a PaymentIntent, the PaymentMethod
//     that paid (the customer's) becomes the subscription's default_payment_method, in the
//     customer.subscription.updated of the status change (or one of its own). Stripe's
//     subscription integration: default_incomplete, the customer confirms the first
//     invoice's PaymentIntent, its card then pays the renewals.
//   - payment_settings[payment_method_types] (create or update; card, sepa_debit,
//     us_bank_account; emptied: Stripe's automatic choice again) is copied onto each invoice
//     it makes and is what the invoice's PaymentIntent allows (Stripe's ACH subscription:
//     [us_bank_account], default_incomplete, the first PaymentIntent confirmed with a bank
//     account and mandate; `incomplete` while the debit processes, even past 23 hours,
//     `active` when it settles). Without it the PaymentIntent allows cards and the bank debit
//     type of the payment method a renewal charges; a renewal charging a type the given ones
//     leave out fails as a declined payment would.
//   - a bank debit returned when it would settle (kBankDebitSettlementDelay after the
//     attempt) fails that attempt as a decline does: invoice.payment_failed after the
//     intent's events; a renewal goes past_due and is retried on the schedule; a first
//     invoice whose subscription's 23 hours have passed expires the subscription then.
//   - trial (trial_period_days or trial_end): `trialing`, a free first invoice (paid), then
//     `active` at trial_end, when the first paid period is invoiced.
//     customer.subscription.trial_will_end comes 3 days before trial_end (at once when fewer
//     remain). If the trial ends with no payment method (none of those four),
//     trial_settings.end_behavior.missing_payment_method decides: create_invoice (default;
//     the invoice's payment fails), pause (`paused`, no invoices, until
//     POST /v1/subscriptions/{id}/resume) or cancel.
//   - renewals at each period end (engine/internal/renewals.h): the period advances, an
//     invoice (subscription_cycle) is drafted, finalized an hour later and charged off-session.
//     A failure: `past_due`, retried on EngineOptions::invoice_retry_schedule (default 3, 5 and
//     7 days after the first attempt); paid: `active` again; the last retry failing: what
//     EngineOptions::after_last_retry says, by default `canceled` (or `unpaid`: its later
//     invoices are drafted each period but left drafts, never charged, until its latest
//     invoice is paid, which makes it `active`; or left `past_due`; the invoice optionally
//     marked uncollectible).
//   - items[i][price_data] (create, update, the Subscription Items API and a new
//     subscription's preview): instead of `price`, a recurring price made for the item
//     (`currency`, `product`, `unit_amount`, `recurring[interval|interval_count]`,
//     `tax_behavior`): a Price of its own (price_...), inactive as Stripe makes them, never
//     listed, retrievable, no price.created; the item and its renewals bill it as any price.
//   - add_invoice_items (create; at most kSubscriptionMaxAddInvoiceItems, each `price`, a
//     one-time price of the subscription's currency, or `price_data` (`currency`, `product`,
//     `unit_amount` or `unit_amount_decimal`, negative for a credit, not discountable), and
//     `quantity`, default 1, and `tax_rates` (its own instead of the defaults)): invoice items
//     of the subscription that its first invoice bills once, trial or not (a trial's first
//     invoice then has something to pay).
//   - cancel_at_period_end: `canceled` at the period's end instead of renewing; DELETE cancels
//     now. Either way the subscription's unpaid invoice is no longer collected automatically.
//   - cancel_at (create and update; "" removes it): `canceled` at that time; the period that
//     contains it ends then, and is billed (or credited, in an update that cuts the current
//     period, as proration_behavior says) for the part it lasts. Rules:
//     engine/internal/subscription_cancellation.h.
//   - automatic_tax[enabled] (on create and update): its invoices (the first, renewals,
//     prorations) tax each line at the rate of the customer's place in the account's tax table
//     (tax_table.h; where the customer is: customer_tax.h), none where the account does not
//     collect tax; `automatic_tax` shows enabled (liability `self`). Disabling it stops taxing
//     the later invoices. Rules and simplifications:
//     engine/internal/subscription_automatic_tax.h.
//
// Errors (a refused call changes nothing):
//   - customer or items missing: parameter_missing (400); an unknown customer or price:
//     resource_missing naming the param (`customer`, `items[0][price]`); a one-time, inactive
//     price, or prices of different currencies or intervals: invalid_request_error naming
//     `items[i][price]` (`add_invoice_items[i][price]` for a recurring, inactive or
//     other-currency price there; its quantity below 1: parameter_invalid_integer); an item
//     naming both `price` and Stripe's legacy `plan` (the
//     recurring price of that id, plans.h), or a plan that does not exist (resource_missing
//     naming `items[i][plan]`); more than kSubscriptionMaxItems items; a negative quantity:
//     parameter_invalid_integer; `price_data` beside `price` or `plan`, or its parameters
//     missing or refused as POST /v1/prices refuses them, named under
//     `items[i][price_data]` (`add_invoice_items[i][price_data]`: its currency not the
//     subscription's, an unknown product, a bad decimal);
//   - collection_method / payment_behavior not one of Stripe's values: invalid_request_error;
//     send_invoice without days_until_due: parameter_missing; days_until_due otherwise;
//   - trial_period_days over 730, trial_end not in the future, both given;
//   - default_payment_method unknown (resource_missing) or not attached to the customer;
//     default_source not a card saved on the customer (resource_missing, "No such source");
//   - payment_settings[save_default_payment_method] not off | on_subscription, a
//     payment_settings[payment_method_types][i] other than card, sepa_debit, us_bank_account;
//   - automatic_tax[enabled] for a customer Stripe Tax cannot place (no shipping address or
//     address with a country, and a postal code in the US): customer_tax_location_invalid
//     (400, param `customer`), on create and on an update enabling it; a price without
//     tax_behavior (and no EngineOptions::default_tax_behavior): invalid_request_error naming
//     `items[i][price]`;
//   - charge_automatically with something to pay, no payment method to charge and
//     payment_behavior not default_incomplete: Stripe's "no attached payment source or default
//     payment method" (400);
//   - payment_behavior=error_if_incomplete and the first payment declined: the decline (402,
//     card_error); UNCERTAIN what Stripe keeps: paysim keeps the declined charge, and the
//     subscription ends incomplete_expired with its invoice voided;
//   - update or cancel of a canceled or incomplete_expired subscription: invalid_request_error;
//   - an unknown subscription id: resource_missing (404); metadata as everywhere (metadata.h).
// Events: customer.subscription.created, customer.subscription.updated (with
// previous_attributes), customer.subscription.deleted, and the invoices' and
// PaymentIntents' own.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SUBSCRIPTIONS_H_
#define PAYSIM_ENGINE_SUBSCRIPTIONS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"
#include "proto/subscription_item_params.pb.h"

namespace paysim {

// Stripe: a pending update (payment_behavior=pending_if_incomplete) expires "23 hours after
// the update call was made" at the latest (sooner at the period's or the trial's end).
inline constexpr absl::Duration kPendingUpdateLifetime = absl::Hours(23);
namespace internal {
class World;
}  // namespace internal

class SubscriptionService {
 public:
  explicit SubscriptionService(internal::World* world) : world_(world) {}

  // A subscription of `customer` to `items`, with its first invoice (see the banner).
  absl::StatusOr<Subscription> Create(const SubscriptionCreateParams& params,
                                      const RequestOptions& options = {});

  absl::StatusOr<Subscription> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // metadata, description, default_payment_method and default_source ("" removes either),
  // payment_settings[save_default_payment_method] and [payment_method_types],
  // cancel_at_period_end, cancel_at, trial_settings, automatic_tax[enabled] (see the banner),
  // and trial_end while trialing (a later time moves the trial's end and period; `now` ends
  // the trial at once, as its end would). Event
  // customer.subscription.updated when something changed.
  // items[]: `id` with `price` (or `price_data`: a price made for the item as on create, when
  // the change applies) and/or `quantity` changes an item (it keeps its id), `id` with
  // `deleted` removes it, an entry without `id` adds one; the change is prorated as
  // proration_behavior says (create_prorations, the default: pending proration invoice items;
  // always_invoice: invoiced and charged now; none) at proration_date (default now), and a new
  // interval restarts the billing cycle with an invoice now (engine/internal/
  // subscription_changes.h). Errors: engine/internal/subscription_item_request.h.
  // add_invoice_items (as on create): pending invoice items of the subscription, billed on
  // its next invoice (the update's own when it invoices now, else the next renewal's).
  // coupon, promotion_code or discounts[0] replace the discount (redeemed now, checked as at
  // creation; coupon="" removes it); default_tax_rates replace the defaults; both apply from
  // the next invoice. Events customer.discount.created / updated / deleted as it changes.
  // payment_behavior decides what a change billed now does when its invoice is not paid:
  // allow_incomplete (default; past_due), default_incomplete (not charged; past_due until
  // paid), error_if_incomplete (the change refused with the decline, 402) or
  // pending_if_incomplete (held in `pending_update` until the invoice is paid, 23 hours at
  // most); rules and refusals: engine/internal/subscription_pending_update.h.
  absl::StatusOr<Subscription> Update(absl::string_view id, const SubscriptionChangeParams& params,
                                      const RequestOptions& options = {});

  // DeleteDiscount()
  //
  // Removes the subscription's discount (`DELETE /v1/subscriptions/{id}/discount`); returns it
  // with deleted: true. Events customer.subscription.updated, customer.discount.deleted. A
  // subscription without one: resource_missing (404); an ended one: as Update refuses it.
  absl::StatusOr<Discount> DeleteDiscount(absl::string_view id,
                                          const RequestOptions& options = {});

  // Resumes a paused subscription (`POST /v1/subscriptions/{id}/resume`): active.
  // billing_cycle_anchor=now (default): a new period from now, its invoice charged at once; a
  // failed payment leaves it past_due, retried as a renewal. billing_cycle_anchor=unchanged:
  // the period of its cycle that contains now (the anchor kept), the rest of it from now (or
  // `proration_date`) prorated as `proration_behavior` says (subscription_changes.h).
  // Errors: not paused (invalid_request_error, 400); bad enum values naming the param; a
  // proration_date before that period or after now (param proration_date).
  // Events: customer.subscription.updated, customer.subscription.resumed, the invoice's.
  absl::StatusOr<Subscription> Resume(absl::string_view id, const SubscriptionResumeParams& params,
                                      const RequestOptions& options = {});

  // Cancels now (`DELETE /v1/subscriptions/{id}`): canceled, canceled_at and ended_at now.
  // Event customer.subscription.deleted. `prorate`: a proration credit item for each item's
  // unused time (active or past_due only); `invoice_now`: the subscription's pending items
  // (that credit included) invoiced now (invoiceitem.created, invoice.* events).
  absl::StatusOr<Subscription> Cancel(absl::string_view id,
                                      const SubscriptionCancelNowParams& params = {},
                                      const RequestOptions& options = {});

  // Newest first, filtered by `customer`, `status` and `created` when given.
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
