// invoices.h: Invoices (`in_...`): what a subscription bills for a period, and its collection.
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
// Events: invoice.created, invoice.finalized, invoice.paid, invoice.payment_succeeded,
// invoice.payment_failed, invoice.updated, invoice.voided, invoice.marked_uncollectible.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INVOICES_H_
#define PAYSIM_ENGINE_INVOICES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/billing.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class InvoiceService {
 public:
  explicit InvoiceService(internal::World* world) : world_(world) {}

  absl::StatusOr<Invoice> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `customer`, `subscription`, `status`, `collection_method` and
  // `created` when given.
  absl::StatusOr<ListResult<Invoice>> List(const InvoiceListParams& params,
                                           const RequestOptions& options = {});

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

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INVOICES_H_
