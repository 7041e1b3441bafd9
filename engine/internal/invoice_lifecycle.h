// invoice_lifecycle.h (internal): the Invoice lifecycle, the only writer of invoices.
//
//   from                 trigger                                   to             events
//   (new)                a subscription bills a period             draft          invoice.created
//                          (a Checkout Session's first invoice is then finalized and paid at
//                          once by the session's payment: CreatePaidByCheckout)
//   (new)                create (one-off, with pending items)      draft          invoice.created
//                          (a paid payment-mode Checkout Session's invoice is then finalized
//                          and paid at once by the session's payment: CreateAfterCheckout)
//   draft, open          update, or an item added/changed/removed  (same)         invoice.updated
//   draft                delete (one-off)                          deleted        invoice.deleted
//   draft, open          send (a draft is finalized first)         open           invoice.sent
//   draft                finalize (at once for a subscription's    open           invoice.finalized
//                          first invoice, 1 hour later for a renewal)
//   open, uncollectible  paid (its PaymentIntent succeeds, a free  paid           invoice.paid, invoice.payment_succeeded
//                          invoice is finalized, or out of band)                    (then invoice_payment.paid when its
//                                                                                   PaymentIntent paid it)
//   open                 a payment attempt fails                   open           invoice.payment_failed, invoice.updated
//   open, uncollectible  void                                      void           invoice.voided
//   open                 mark_uncollectible                        uncollectible  invoice.marked_uncollectible
//   open, paid           a credit note issued or voided            (same)         invoice.updated
//                          (a fully credited open invoice is then paid)
//   open                 attach_payment (a PaymentIntent becomes   open           (none)
//                          a partial payment)
//   open                 an attached PaymentIntent succeeds,       open           invoice.updated, then
//                          something left to pay (all paid: paid)                  invoice_payment.paid
//
// Amounts: a subscription's line is its price's unit_amount times its quantity (a tiered
// price: a line per tier of a graduated price, price_tiers.h), an invoice item's line the
// item's amount; subtotal = total = amount_due = the lines' sum (no discounts,
// taxes or credit balance); amount_paid and amount_remaining move with payment. Finalizing
// assigns `number` (the customer's invoice_prefix and sequence). A one-off invoice (no
// subscription) with auto_advance is finalized kInvoiceFinalizationDelay after creation and,
// when charge_automatically, its payment attempted kInvoiceFinalizationDelay after
// finalization (once: only subscription invoices are retried). A charge_automatically invoice gets its PaymentIntent (`pi_...`, description
// "Subscription creation" or "Subscription update") when it is finalized; the PaymentIntent
// lifecycle charges it and reports success back (OnPaymentIntentSucceeded). Voiding cancels
// that PaymentIntent (reason void_invoice).
//
// invoice.payment_action_required (no state change) when an attempt leaves the PaymentIntent
// requires_action (on-session 3D Secure), and after invoice.payment_failed when an off-session
// attempt is declined with authentication_required.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_LIFECYCLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/price_tiers.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "engine/list.h"
#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"
#include "proto/payment_intent.obj.h"

namespace paysim {

// Stripe finalizes a subscription's renewal invoice one hour after creating it (with no
// webhook endpoint to wait for).
constexpr absl::Duration kInvoiceFinalizationDelay = absl::Hours(1);

namespace internal {

enum class InvoiceState : uint8_t { kDraft, kOpen, kPaid, kVoid, kUncollectible, kDeleted };
enum class InvoiceTrigger : uint8_t {
  kCreate,
  kFinalize,
  kPay,
  kPaymentFails,
  kVoid,
  kMarkUncollectible,
  kCreateOneOff,
  kUpdate,
  kDelete,
  kSend,
  kCreditNote,
  kAttachPayment,
  kPartialPayment,
};

// Sets the price `line` bills in its invoice's shape: the Price itself before basil
// (`legacy`, with `proration` false), `pricing.price_details` from basil on, with the unit
// amount of `part`, the part of the price the line bills (price_tiers.h; none for a tier's
// flat amount).
void SetLinePrice(const Price& price, const PricePart& part, bool legacy, InvoiceLineItem& line);

// The page of `invoice`'s lines `window` asks for (in their order, cursors by line id), as a
// list at `url` (GET /v1/invoices/{id}/lines, and the preview's /v1/invoices/upcoming/lines).
ListResult<InvoiceLineItem> LinesPage(const Invoice& invoice, const ListWindow& window,
                                      std::string url);

class InvoiceLifecycle {
 public:
  using Machine = StateMachine<InvoiceState, InvoiceTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static InvoiceState StateOf(const Invoice& invoice);

  // A new invoice id, drawn before the invoice is made (the subscription names it first).
  static std::string NewId(World& world);

  // Stores a draft invoice `id` of `subscription`'s current period, one line per item (unless
  // `bill_period` is false: a proration invoice), then one line per pending invoice item of
  // the subscription (its prorations), which the invoice takes. amount_due is never below 0.
  // UNCERTAIN: a negative total is not carried to the customer's credit balance (paysim keeps
  // none). Emits invoice.created. A renewal (billing_reason subscription_cycle) is finalized
  // kInvoiceFinalizationDelay later by its timer. REQUIRES: `billing_reason` in static
  // storage (a literal: it is interned). `usage_end` (with `bill_period` false): a final
  // invoice, which bills the metered items' usage over [period_start, usage_end) (meters.h).
  static const Invoice& CreateDraft(World& world, const Subscription& subscription,
                                    absl::string_view billing_reason, const std::string& id,
                                    bool bill_period = true, int64_t usage_end = 0);

  // The invoice that renewing into `next_period` (SubscriptionLifecycle::NextPeriod) would
  // create, built exactly as CreateDraft builds it (lines, pending items, discount, taxes,
  // amounts) but not stored: no id (its lines' ids are `il_tmp_...`), billing_reason
  // `upcoming`, created at the renewal (next_period's start), status draft. Draws no id,
  // schedules nothing, emits nothing, takes no invoice item.
  // `unstored`: invoice items (without ids) the preview bills after the subscription's
  // pending ones, as if they were pending too (the prorations of a previewed change); their
  // lines are `il_tmp_<subscription>_proration<k>`.
  static Invoice Preview(World& world, const Subscription& next_period,
                         const std::vector<InvoiceItem>& unstored = {});

  // A preview of the invoice CreateDraft would make now for `subscription` (billing_reason
  // `upcoming`, created `created`): its period's lines unless `bill_period` is false (a
  // proration invoice), its pending items, then `unstored` as Preview's. Draws no id, changes
  // nothing.
  static Invoice PreviewNow(World& world, const Subscription& subscription, bool bill_period,
                            int64_t created, const std::vector<InvoiceItem>& unstored);

  // A preview of the first invoice of `prospective`, a subscription not made yet
  // (SubscriptionLifecycle::Prospective): its first period's lines as Renewals::Start would
  // bill them (a trial's free), its discount and taxes; billing_reason `upcoming`, no
  // subscription or subscription item named. Draws no id, changes nothing.
  static Invoice PreviewFirst(World& world, const Subscription& prospective);

  // The first invoice (`id`, billing_reason subscription_create) of `subscription`, which the
  // completed subscription-mode `session` started: the subscription's lines for its first
  // period, then one line per one-time line item of the session, the session's coupon taking
  // its amount off. Finalized and paid at once by the session's own payment `pi` (nullptr:
  // nothing to pay), which from then on names the invoice. Emits invoice.created,
  // invoice.finalized, invoice.paid, invoice.payment_succeeded (a payment not through yet
  // leaves it open until the intent succeeds).
  static const Invoice& CreatePaidByCheckout(World& world, const Subscription& subscription,
                                             const CheckoutSession& session,
                                             const PaymentIntent* pi, const std::string& id);

  // The post-payment invoice (`id`, billing_reason manual) of the completed payment-mode
  // `session` with invoice_creation enabled (checkout_invoice_creation.h), for its customer:
  // a line per line item, the session's discount (and no other), its tax rates and shipping,
  // invoice_data's description, footer, custom fields, metadata and rendering. Finalized and
  // paid at once by the session's payment `pi` (nullptr: nothing to pay), which from then on
  // names the invoice; events as CreatePaidByCheckout's.
  static const Invoice& CreateAfterCheckout(World& world, const CheckoutSession& session,
                                            const PaymentIntent* pi, const std::string& id);

  // Stores the one-off draft `invoice` (customer, currency, collection settings set by the
  // caller) with one line per item of `items` (pending items of its customer, which it takes);
  // billing_reason `manual` unless the caller set one. Emits invoice.created; with auto_advance, schedules its finalization.
  static const Invoice& CreateOneOff(World& world, Invoice invoice,
                                     const std::vector<const InvoiceItem*>& items);

  // The line of `item` added to (or replaced in) the draft `current`, amounts recomputed;
  // invoice.updated.
  static const Invoice& PutItemLine(World& world, const Invoice& current, const InvoiceItem& item);

  // The line of `item_id` removed from the draft `current`; invoice.updated.
  static const Invoice& RemoveItemLine(World& world, const Invoice& current,
                                       absl::string_view item_id);

  // Replaces `current` by `updated` (fields already checked); invoice.updated with what changed.
  // A draft whose default_tax_rates or discount changed is repriced: the lines of invoice
  // items without rates of their own take its default rates (UNCERTAIN: a subscription's
  // lines keep theirs), and its amounts follow.
  static const Invoice& Update(World& world, const Invoice& current, const Invoice& updated);

  // Deletes the one-off draft (its items are pending again); invoice.deleted.
  static void Delete(World& world, const Invoice& invoice);

  // invoice.sent. REQUIRES: open.
  static const Invoice& Send(World& world, const Invoice& current);

  // draft -> open: number, due_date (send_invoice), the PaymentIntent (charge_automatically,
  // something to pay). A free invoice is paid at once.
  static const Invoice& Finalize(World& world, const Invoice& current, bool auto_advance);

  // Charges the invoice's PaymentIntent with `payment_method` ("" : none to use, a failed
  // attempt). Success reaches the invoice through OnPaymentIntentSucceeded; a failure counts
  // an attempt (payment_failed, with next_payment_attempt `next_attempt` or null when 0) and
  // returns the decline. An intent still processing (a bank debit) is not attempted again:
  // invalid_request_error, nothing counted. REQUIRES: open or uncollectible,
  // charge_automatically.
  static absl::Status AttemptPayment(World& world, const Invoice& current,
                                     const std::string& payment_method, bool off_session,
                                     int64_t next_attempt);

  // An attempt that failed (at once, or a bank debit returned after processing): counts it
  // (attempt_count, attempted, next_payment_attempt `next_attempt` or null when 0; event
  // invoice.payment_failed), and with `authentication_required` announces
  // invoice.payment_action_required. REQUIRES: open or uncollectible.
  static void RecordFailedAttempt(World& world, const Invoice& current, int64_t next_attempt,
                                  bool authentication_required);

  // Paid outside Stripe (`out_of_band`: pay's `paid_out_of_band`), or with nothing to pay.
  static const Invoice& MarkPaid(World& world, const Invoice& current, bool out_of_band);

  static const Invoice& Void(World& world, const Invoice& current);
  static const Invoice& MarkUncollectible(World& world, const Invoice& current);
  // A draft renewal made while its subscription's collection is paused with void or
  // mark_uncollectible (subscription_pause_collection.h): finalized without a PaymentIntent or
  // the customer's balance, then voided (`void_it`) or marked uncollectible, at once.
  static const Invoice& CloseUncollected(World& world, const Invoice& current, bool void_it);

  // The subscription ended: its invoices are no longer collected automatically
  // (auto_advance false, next_payment_attempt null): invoice.updated when that changes it.
  static void StopCollecting(World& world, absl::string_view subscription_id);

  // ---- what the credit note lifecycle asks (credit_note_lifecycle.h) ----

  // A pre_payment credit note of `amount` issued on the open `current` (negative: one voided):
  // amount_due and amount_remaining go down by it, pre_payment_credit_notes_amount up, and the
  // PaymentIntent's amount follows while it awaits payment; invoice.updated. An invoice left
  // with nothing to pay is paid at once (its PaymentIntent canceled).
  // REQUIRES: open; 0 <= amount_remaining - amount <= total.
  static const Invoice& ApplyPrePaymentCredit(World& world, const Invoice& current,
                                              int64_t amount);

  // A post_payment credit note of `amount` issued on the paid `current` (negative: one
  // voided): post_payment_credit_notes_amount moves by it; invoice.updated. REQUIRES: paid.
  static const Invoice& ApplyPostPaymentCredit(World& world, const Invoice& current,
                                               int64_t amount);

  // ---- partial payments (invoice_attached_payments.cc) ----

  // attach_payment: `pi` (checked by the caller: the invoice's customer's and currency's, no
  // more than is left unrequested) becomes a payment of the open `current`: an open invoice
  // payment asking its amount, paid at once when the intent has already succeeded. The intent
  // names the invoice from now on (PaymentIntentLifecycle::AttachToInvoice). No event of its
  // own.
  static const Invoice& AttachPayment(World& world, const Invoice& current,
                                      const PaymentIntent& pi);

  // ---- what the Customer lifecycle reports ----

  // `customer`'s address, email, name, phone, shipping or tax_exempt changed: its drafts copy
  // them again (invoice_customer_details.h; Stripe: "until the invoice is finalized, this
  // field will equal customer.email"). No event (UNCERTAIN: Stripe is not known to announce
  // it). Finalized invoices keep theirs.
  static void OnCustomerDetailsChanged(World& world, const Customer& customer);

  // ---- lookups (invoice_index.cc): an index lookup, not a walk over every invoice ----

  // The payment `payment_id` (inpay_...) of whichever invoice has it, or nullptr.
  static const InvoicePayment* FindPayment(World& world, absl::string_view payment_id);


  // Calls `visit` on each live invoice of `customer_id`, oldest first. `visit` must not create
  // or delete invoices.
  static void ForEachOf(World& world, absl::string_view customer_id,
                        absl::FunctionRef<void(const Invoice&)> visit);

  // A page of `customer_id`'s live invoices for which `keep` holds (ObjectStore::List's order,
  // cursors and errors).
  static absl::StatusOr<ListResult<Invoice>> ListOf(World& world, absl::string_view customer_id,
                                                   const ListWindow& window,
                                                   absl::string_view url,
                                                   absl::FunctionRef<bool(const Invoice&)> keep);

  // ---- what the PaymentIntent lifecycle reports ----
  static void OnPaymentIntentSucceeded(World& world, const PaymentIntent& pi);
  // An attached intent succeeded: its payment is paid what it received (at most what is left);
  // amount_paid and amount_remaining move by it, the default payment and its PaymentIntent
  // follow; invoice.updated, then invoice_payment.paid. Nothing left to pay: the default
  // PaymentIntent is canceled (reason automatic) and the invoice paid (invoice.paid,
  // invoice.payment_succeeded, then invoice_payment.paid).
  static void OnAttachedPaymentSucceeded(World& world, const PaymentIntent& pi);
  // An attached intent was canceled: its open payment is canceled (no invoice event).
  static void OnAttachedPaymentCanceled(World& world, const PaymentIntent& pi);

  // ---- timers ----
  // A subscription's send_invoice invoice reached its due_date (scheduled at finalization):
  // still open, its subscription hears of it (past_due).
  static void OnDue(World& world, absl::string_view invoice_id);
  // An Automations notice (EngineOptions::invoice_will_be_due_days, invoice_overdue_days):
  // `type` (invoice.will_be_due or invoice.overdue) if the invoice is still open and unpaid.
  static void OnDueNotice(World& world, absl::string_view invoice_id, absl::string_view type);

 private:
  static WriteKey<InvoiceLifecycle> Key() { return {}; }
  // Stores a new invoice and enters it in the index of invoices by customer; Unindex before
  // an invoice is deleted (invoice_index.cc).
  static const Invoice& Insert(World& world, Invoice invoice);
  static void Unindex(World& world, const Invoice& invoice);
  static const OrdinalIndex& ByCustomer(World& world);
  // Enters `invoice`'s payment `payment_id`, just opened, in the index of invoices by payment.
  static void IndexPayment(World& world, const Invoice& invoice, absl::string_view payment_id);
  // CreateDraft's invoice, built but not stored, created at `now` (Unix seconds); `id` empty:
  // a preview (see Preview). Fills `pending` with the subscription's pending items it bills.
  static Invoice BuildDraft(World& world, const Subscription& subscription,
                            absl::string_view billing_reason, const std::string& id,
                            bool bill_period, int64_t now,
                            std::vector<const InvoiceItem*>* pending,
                            const std::vector<InvoiceItem>* unstored, int64_t usage_end = 0);
  static void Enter(World& world, Invoice& invoice, InvoiceTrigger trigger, const Invoice& before);
  // The stored draft `id` a Checkout Session made, finalized and paid by the session's `pi`
  // (nullptr: nothing to pay; not succeeded yet: paid when it succeeds).
  static const Invoice& FinalizePaidByCheckout(World& world, const std::string& id,
                                               const PaymentIntent* pi);
  // The timers of a finalized invoice's due date (EngineOptions' Automations notices and
  // send_invoice overdue settings).
  static void ScheduleDueTimers(World& world, const Invoice& invoice);
  static void Paid(World& world, Invoice& invoice);
  // amount_remaining moved while `invoice` stays open: its default PaymentIntent follows it
  // while it awaits payment; nothing remains: that intent is canceled (reason automatic) and
  // the invoice paid. REQUIRES: open.
  static void FollowRemaining(World& world, Invoice& invoice);
  // What finalizing writes whatever follows: effective_at and status_transitions.finalized_at
  // now, the number (unless it has one), the customer's details frozen, the URLs.
  static void StampFinalized(World& world, Invoice& invoice);
  // The amounts of `invoice` from its lines and the discount it takes (invoice_totals.h).
  static void Recompute(World& world, Invoice& invoice);
  // A renewal's draft as it is finalized: its metered items' lines bill the usage reported
  // since the draft was made with timestamps in their period (Stripe's grace period), and its
  // amounts follow. REQUIRES: `invoice` a draft of `subscription`.
  static void RefreshUsage(World& world, Invoice& invoice, const Subscription& subscription);
  // The line that bills `item` on `invoice`, keeping `line_id` (a new one when empty).
  static InvoiceLineItem ItemLine(World& world, const Invoice& invoice, const InvoiceItem& item,
                                  std::string line_id);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_LIFECYCLE_H_
