// invoices.h: Invoices (`in_...`): what a subscription bills for a period, or a one-off bill
// of invoice items (invoice_items.h), and its collection.
//
// A one-off invoice is created (POST /v1/invoices) as a draft for a customer; with
// pending_invoice_items_behavior=include it takes the customer's pending invoice items (of its
// currency) as its lines. The default is `exclude` from API version 2022-08-01 on, and
// `include_and_require` (include, and refuse when there is nothing to invoice) before. A draft
// can be updated, deleted (its items are pending again), given more items, finalized, paid or
// sent. `auto_advance` (default false for one-off invoices) finalizes the draft
// kInvoiceFinalizationDelay after creation, and a charge_automatically one is then charged
// kInvoiceFinalizationDelay after finalization (one attempt). Finalizing assigns `number`:
// the customer's invoice_prefix, "-", its next_invoice_sequence in 4 digits. send_invoice
// invoices are due at `due_date`, or `days_until_due` days after creation.
//
// A subscription makes its invoices (subscriptions.h): the first (billing_reason
// subscription_create) finalized at once, each renewal (subscription_cycle) drafted at the
// period's end and finalized an hour later (kInvoiceFinalizationDelay). `lines` has one line
// per subscription item (its price, quantity, period and amount = unit_amount x quantity);
// subtotal = total = amount_due. A charge_automatically invoice is collected through its
// PaymentIntent (created at finalization, charged off-session at each automatic attempt):
// attempt_count, attempted and next_payment_attempt follow the attempts; send_invoice has a
// due_date and is paid by POST .../pay. The lifecycle (draft -> open -> paid | void |
// uncollectible, with its events) is engine/internal/invoice_lifecycle.h.
//
// API versions: before 2025-03-31.basil an invoice has `subscription`, `paid` and
// `payment_intent`, and each line its `price`; from basil on (paysim's default) the invoice
// has `parent.subscription_details` instead, and each line `pricing.price_details`. The
// PaymentIntent is then found through the PaymentIntents API (its description says
// "Subscription creation" / "Subscription update").
//
// Example:
//   auto sub = engine.subscriptions().Create(...);       // first invoice paid: active
//   clock.Advance(absl::Hours(24 * 31));                  // renewal drafted at period end
//   clock.Advance(absl::Hours(1));                        // finalized and paid off-session
//   auto invoices = engine.invoices().List(ParseParams<InvoiceListParams>(
//       absl::StrCat("subscription: \"", sub->id(), "\"")));
//
// Errors (a refused call changes nothing):
//   - an unknown invoice id: resource_missing (404);
//   - finalize of an invoice that is not a draft, pay of one that is not open or
//     uncollectible, void of one that is not open or uncollectible, mark_uncollectible of one
//     that is not open: invalid_request_error (400) naming the invoice's status (UNCERTAIN
//     wording, except finalize's, which is Stripe's), nothing changes;
//   - pay with a payment_method that is unknown (resource_missing) or not the customer's;
//     pay of a charge_automatically invoice with nothing to charge: invalid_request_error;
//   - a declined pay: the decline (402, card_error); the invoice stays open with one more
//     attempt (invoice.payment_failed);
//   - list with a status not among draft|open|paid|uncollectible|void: invalid_request_error.
//   - create without `customer` (parameter_missing) or with an unknown one (resource_missing);
//     send_invoice without days_until_due or due_date, either with charge_automatically, a
//     due_date in the past, a bad enum value: invalid_request_error naming the param;
//     include_and_require with no pending item: invoice_no_customer_line_items;
//   - update of an invoice that is not a draft or open, delete of one that is not a one-off
//     draft, send of one that is not a draft or open: invalid_request_error.
// Events: invoice.upcoming (a preview, see CreatePreview), invoice.created, invoice.deleted,
// invoice.sent, invoice.finalized, invoice.paid, invoice.payment_succeeded,
// invoice.payment_failed, invoice.updated, invoice.voided, invoice.marked_uncollectible.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INVOICES_H_
#define PAYSIM_ENGINE_INVOICES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/billing.obj.h"
#include "proto/common.obj.h"
#include "proto/invoice_params.pb.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class InvoiceService {
 public:
  explicit InvoiceService(internal::World* world) : world_(world) {}

  // Create()
  //
  // A one-off draft for `customer` (see above): collection_method (default
  // charge_automatically), days_until_due / due_date (send_invoice), auto_advance,
  // default_payment_method (the customer's), default_source (a card saved on the customer;
  // else resource_missing), currency, description, metadata, default_tax_rates, discounts[0]
  // (`discounts=`: none, not even the customer's), pending_invoice_items_behavior,
  // payment_settings[payment_method_types] (card, sepa_debit,
  // us_bank_account: what its PaymentIntent allows; else invalid_request_error naming
  // payment_settings[payment_method_types][i]; not given: cards and the bank debit type of
  // the payment method an attempt charges). Event invoice.created.
  absl::StatusOr<Invoice> Create(const InvoiceCreateParams& params,
                                 const RequestOptions& options = {});

  // Update()
  //
  // A draft: any of auto_advance, collection_method, days_until_due, due_date, description,
  // metadata, default_payment_method, default_source, default_tax_rates (the lines of
  // invoice items without rates of their own take them; `default_tax_rates=` removes them)
  // and discounts (replaces its discount; `discounts=` removes it and any it would inherit
  // from its subscription or customer), the amounts recomputed at once. An open invoice: auto_advance,
  // description, metadata. Either: payment_settings[payment_method_types] (an open
  // invoice's PaymentIntent, while it waits for a payment method, allows those types then).
  // Event invoice.updated (when something changed).
  absl::StatusOr<Invoice> Update(absl::string_view id, const InvoiceUpdateParams& params,
                                 const RequestOptions& options = {});

  // Deletes a one-off draft. Event invoice.deleted.
  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // Sends an open invoice to its customer (nothing is mailed); a draft is finalized first.
  // Event invoice.sent (after invoice.finalized).
  absl::StatusOr<Invoice> Send(absl::string_view id, const InvoiceSendParams& params,
                               const RequestOptions& options = {});

  // The invoice's lines, in their order.
  absl::StatusOr<ListResult<InvoiceLineItem>> ListLines(absl::string_view id,
                                                        const InvoiceLinesListParams& params,
                                                        const RequestOptions& options = {});

  // Editing a draft's lines (invoice_lines.cc). Each line of an invoice item is that item: what
  // changes on the line changes on the item (invoiceitem.* events, then invoice.updated).
  // Errors (nothing changes): the invoice not a draft; a line not on it (resource_missing); a
  // subscription's own line (only invoice items' lines are edited); a line's parameters
  // refused as POST /v1/invoiceitems refuses them, named under `lines[i]`.
  //
  // UpdateLine(): POST /v1/invoices/{id}/lines/{line_id}: amount, description, discountable,
  // metadata, period, quantity (or quantity_decimal). Returns the line.
  absl::StatusOr<InvoiceLineItem> UpdateLine(absl::string_view id, absl::string_view line_id,
                                             const InvoiceLineUpdateParams& params,
                                             const RequestOptions& options = {});

  // AddLines(): POST /v1/invoices/{id}/add_lines: `lines[i][invoice_item]` (a pending item of
  // the invoice's customer and currency, taken as it is) or a new item (`amount`,
  // `pricing[price]` or `price_data`, `quantity`...; invoiceitem.created). Returns the invoice.
  absl::StatusOr<Invoice> AddLines(absl::string_view id, const InvoiceAddLinesParams& params,
                                   const RequestOptions& options = {});

  // RemoveLines(): POST /v1/invoices/{id}/remove_lines: `lines[i][id]` with `behavior`
  // `delete` (invoiceitem.deleted) or `unassign` (the item pending again). Returns the invoice.
  absl::StatusOr<Invoice> RemoveLines(absl::string_view id, const InvoiceRemoveLinesParams& params,
                                      const RequestOptions& options = {});

  // UpdateLines(): POST /v1/invoices/{id}/update_lines: `lines[i][id]` with what UpdateLine
  // takes, for several lines at once. Returns the invoice.
  // AddLines, RemoveLines and UpdateLines also take `invoice_metadata`: the invoice's metadata
  // changed in the same request (empty values remove keys; invoice.updated).
  absl::StatusOr<Invoice> UpdateLines(absl::string_view id, const InvoiceUpdateLinesParams& params,
                                      const RequestOptions& options = {});

  absl::StatusOr<Invoice> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `customer`, `subscription`, `status`, `collection_method` and
  // `created` when given.
  absl::StatusOr<ListResult<Invoice>> List(const InvoiceListParams& params,
                                           const RequestOptions& options = {});

  // CreatePreview()
  //
  // POST /v1/invoices/create_preview: the invoice a subscription's next renewal would create,
  // computed as the renewal will compute it from what stands now (lines of the next period,
  // the subscription's pending invoice items, discount, tax rates, amounts), neither stored
  // nor listed: no `id` (null), lines `il_tmp_...`, billing_reason `upcoming`, `created` the
  // renewal's instant, status draft. The same object as invoice.upcoming's (sent
  // EngineOptions::upcoming_invoice_days before a charge_automatically renewal). With
  // `subscription`, that subscription's; with `customer` alone (before 2025-03-31.basil
  // only), the customer's subscription renewing first. Changes nothing, emits nothing, draws
  // no id.
  //
  // With `subscription_details` (items[] by id, price, quantity, deleted, metadata;
  // proration_behavior; proration_date; cancel_at_period_end; cancel_at; trial_end), what
  // the same change made by
  // `POST /v1/subscriptions/{id}` would bill, computed by the same code
  // (internal::SubscriptionChanges::Preview):
  //   - create_prorations (default): the next renewal at the new prices, with the change's
  //     prorations among its lines ("Unused time on ..." credits, "Remaining time on ..."
  //     debits, proration true, period from proration_date to the period's end);
  //   - always_invoice: the invoice the change would create now (its prorations and the
  //     subscription's other pending items; created now);
  //   - none: the next renewal at the new prices, no prorations;
  //   - a change to another interval: the invoice now of the new period, with the credit;
  //   - trial_end (a trialing subscription): the first paid period's invoice at the moved
  //     end (`now`: billed now);
  //   - cancel_at in the next period: its renewal for the part of that period it lasts.
  // proration_date defaults to now (the customer's test clock's, if any); an update with the
  // same proration_date bills what the preview shows. A new item is `si_tmp_<index>` on its
  // lines. Not yet: previews of a new subscription, invoice_items, schedule.
  // Errors (a refused call changes nothing):
  //   - neither customer nor subscription: parameter_missing (customer); from basil on, a
  //     customer without subscription, or subscription_details without one: parameter_missing
  //     (subscription);
  //   - an unknown customer or subscription: resource_missing naming the param (400);
  //   - a subscription not the customer's: invalid_request_error (subscription);
  //   - subscription_details of an ended subscription: invalid_request_error (subscription);
  //   - the update's errors (subscription_item_request.h, trial_end's) naming
  //     `subscription_details[items][N][id|price|quantity]`, `subscription_details[trial_end]`,
  //     `subscription_details[cancel_at]`,
  //     `subscription_details[proration_behavior]`, `subscription_details[proration_date]`
  //     (an unknown item or price: resource_missing);
  //   - nothing will renew (canceled, paused, incomplete, cancel_at_period_end, a cancel_at
  //     at or before the period's end, no live
  //     subscription): invoice_upcoming_none (404), "No upcoming invoices for customer: ...".
  absl::StatusOr<Invoice> CreatePreview(const InvoiceCreatePreviewParams& params,
                                        const RequestOptions& options = {});

  // Upcoming()
  //
  // GET /v1/invoices/upcoming, the API before 2025-03-31.basil: CreatePreview's preview and
  // errors (customer alone allowed), the change named `subscription_items[N][...]`,
  // `subscription_proration_behavior`, `subscription_proration_date`,
  // `subscription_cancel_at_period_end`, `subscription_cancel_at`, `subscription_trial_end`
  // (and their errors so named). From basil on the endpoint is gone: invalid_request_error 404 "Unrecognized request URL (GET:
  // /v1/invoices/upcoming)...".
  absl::StatusOr<Invoice> Upcoming(const InvoiceUpcomingParams& params,
                                   const RequestOptions& options = {});

  // UpcomingLines()
  //
  // GET /v1/invoices/upcoming/lines, before basil: Upcoming's preview's lines, a page at a
  // time (limit, starting_after, ending_before by line id), url /v1/invoices/upcoming/lines.
  // Upcoming's errors; from basil on, the unknown URL's.
  absl::StatusOr<ListResult<InvoiceLineItem>> UpcomingLines(
      const InvoiceUpcomingLinesParams& params, const RequestOptions& options = {});

  // draft -> open (`auto_advance` defaults to true). A charge_automatically invoice is then
  // charged as its automatic collection would. Event invoice.finalized.
  absl::StatusOr<Invoice> Finalize(absl::string_view id, const InvoiceFinalizeParams& params,
                                   const RequestOptions& options = {});

  // Pays an open (or uncollectible) invoice now: with `payment_method`, else the
  // subscription's or customer's default; `paid_out_of_band` marks it paid without charging.
  // A draft is finalized first. Events invoice.paid, invoice.payment_succeeded (or
  // invoice.payment_failed and the 402).
  absl::StatusOr<Invoice> Pay(absl::string_view id, const InvoicePayParams& params,
                              const RequestOptions& options = {});

  // open | uncollectible -> void (its PaymentIntent canceled). Event invoice.voided.
  absl::StatusOr<Invoice> Void(absl::string_view id, const RequestOptions& options = {});

  // open -> uncollectible. Event invoice.marked_uncollectible.
  absl::StatusOr<Invoice> MarkUncollectible(absl::string_view id,
                                            const RequestOptions& options = {});

  // AttachPayment()
  //
  // POST /v1/invoices/{id}/attach_payment (Stripe's partial payments): `payment_intent`, a
  // PaymentIntent of the invoice's customer and currency for at most what the invoice has
  // left to pay (amount_remaining less what other attached payments ask), becomes one of its
  // payments (invoice_payments.h: is_default false, status open, amount_requested its amount).
  // When the intent succeeds (at once if it already has) the invoice's amount_paid goes up
  // and amount_remaining down by what it received, the default payment and the invoice's own
  // PaymentIntent following (invoice.updated, invoice_payment.paid); the payment that leaves
  // nothing to pay pays the invoice (its own PaymentIntent canceled; invoice.paid,
  // invoice.payment_succeeded, invoice_payment.paid). Canceling the intent cancels its
  // payment. An invoice with open or paid attached payments cannot be voided, one with open
  // ones cannot be marked uncollectible. Returns the invoice.
  // Errors (invalid_request_error, 400; nothing changes): an unknown invoice (404) or
  // `payment_intent` (resource_missing); neither parameter (parameter_missing
  // payment_intent), both, or `payment_record` (paysim keeps no Payment Records:
  // resource_missing); an invoice that is not open; a charge_automatically subscription
  // invoice (Stripe: partial payments are not supported for those); an intent that is
  // canceled, already an invoice's payment, of another customer or currency, or for more
  // than is left (param payment_intent).
  absl::StatusOr<Invoice> AttachPayment(absl::string_view id,
                                        const InvoiceAttachPaymentParams& params,
                                        const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INVOICES_H_
