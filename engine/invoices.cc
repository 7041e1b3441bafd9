// Invoices: retrieve, list, finalize, pay, void, mark_uncollectible, attach_payment.
#include "engine/invoices.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "engine/internal/bank_debit_params.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/invoice_payment_records.h"
#include "engine/internal/payment_intent_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/renewals.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"

namespace paysim {
namespace {

using internal::InvoiceLifecycle;
using internal::InvoiceTrigger;
using internal::Renewals;
using internal::World;

bool Allows(const Invoice& invoice, InvoiceTrigger trigger) {
  return InvoiceLifecycle::machine().Allows(InvoiceLifecycle::StateOf(invoice), trigger);
}

// UNCERTAIN: Stripe's wording for an invoice whose status forbids `action`.
absl::Status WrongStatus(const Invoice& invoice, absl::string_view action) {
  return StateError("", "",
                    absl::StrCat("You can't ", action, " invoice ", invoice.id(),
                                 " because its status is ", invoice.status(), "."));
}

}  // namespace

absl::StatusOr<Invoice> InvoiceService::Retrieve(absl::string_view id,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Invoice> {
    PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
    return *invoice;
  });
}

absl::StatusOr<ListResult<Invoice>> InvoiceService::List(const InvoiceListParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Invoice>> {
    if (params.has_status()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.status(), {"draft", "open", "paid", "uncollectible", "void"}, "status"));
    }
    if (params.has_collection_method()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          params.collection_method(), {"charge_automatically", "send_invoice"},
          "collection_method"));
    }
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    auto keep = [&](const Invoice& i) {
      return (!params.has_subscription() || i.subscription_id() == params.subscription()) &&
             (!params.has_status() || i.status() == params.status()) &&
             (!params.has_collection_method() ||
              i.collection_method() == params.collection_method());
    };
    if (params.has_customer()) {  // the customer's invoices only: no walk over every invoice
      return InvoiceLifecycle::ListOf(w, params.customer(), window, "/v1/invoices", keep);
    }
    return w.invoices().List(window, "/v1/invoices", keep);
  });
}

absl::StatusOr<Invoice> InvoiceService::Finalize(absl::string_view id,
                                                 const InvoiceFinalizeParams& params,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/finalize"); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (!Allows(*invoice, InvoiceTrigger::kFinalize)) {
          return StateError("", "",
                            "This invoice is already finalized, you can't re-finalize a "
                            "non-draft invoice.");
        }
        const bool auto_advance = !params.has_auto_advance() || params.auto_advance();
        const Invoice& finalized = InvoiceLifecycle::Finalize(w, *invoice, auto_advance);
        // A one-off invoice's payment is attempted an hour later (InvoiceLifecycle::Finalize).
        if (finalized.status() == "open" &&
            finalized.collection_method() == "charge_automatically" && auto_advance &&
            !finalized.subscription_id().empty()) {
          Renewals::Collect(w, finalized, /*off_session=*/true).IgnoreError();
        }
        return *w.invoices().Find(id);
      });
}

absl::StatusOr<Invoice> InvoiceService::Pay(absl::string_view id, const InvoicePayParams& params,
                                            const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/pay"); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        const bool draft = invoice->status() == "draft";
        if (!draft && !Allows(*invoice, InvoiceTrigger::kPay)) return WrongStatus(*invoice, "pay");
        const bool out_of_band = params.has_paid_out_of_band() && params.paid_out_of_band();
        std::string payment_method;
        if (!out_of_band) {
          if (const Card* card = internal::FindSavedCard(w, params.payment_method());
              params.has_payment_method() && card != nullptr) {
            // A saved card pays as its PaymentMethod view (card_source_payment_method.h).
            if (card->customer() != invoice->customer()) {
              return InvalidRequestError(
                  "", "payment_method",
                  absl::StrCat("The customer does not have a payment method with the ID ",
                               card->id(),
                               ". The payment method must be attached to the customer."));
            }
            payment_method = card->id();
          } else if (params.has_payment_method()) {
            PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm,
                                    internal::PaymentMethodLifecycle::FindUsable(
                                        w, params.payment_method(), "payment_method"));
            if (!pm->has_customer() || pm->customer() != invoice->customer()) {
              return InvalidRequestError(
                  "", "payment_method",
                  absl::StrCat("The customer does not have a payment method with the ID ",
                               pm->id(), ". The payment method must be attached to the customer."));
            }
            payment_method = pm->id();
          } else {
            payment_method = internal::PaymentMethodFor(w, *invoice);
          }
          // A draft is finalized first, taking the customer's balance as it is now.
          int64_t due = invoice->amount_due();
          if (draft) {
            const Customer* customer = w.customers().Find(invoice->customer());
            due = invoice->total() + (customer != nullptr ? customer->balance() : 0);
          }
          if (payment_method.empty() && due > 0) {
            return InvalidRequestError(
                "", "",
                "This customer has no attached payment source or default payment method. "
                "Please consider adding a default payment method.");
          }
          // A type the invoice's payment_settings leave out is refused before any attempt.
          const std::vector<std::string> allowed =
              internal::PaymentMethodTypesFor(w, *invoice, payment_method);
          if (!internal::PaymentMethodAllowed(w, allowed, payment_method)) {
            return internal::CheckTypeAllowed(allowed,
                                              internal::PaymentMethodTypeOf(w, payment_method),
                                              "payment_method", "PaymentIntent");
          }
        }
        // transition + commit
        if (draft) {
          // UNCERTAIN: paying a draft finalizes it first, as Stripe's Dashboard does.
          invoice = &InvoiceLifecycle::Finalize(w, *invoice, invoice->auto_advance());
          if (invoice->status() == "paid") return *invoice;
        }
        if (out_of_band || invoice->amount_due() == 0 || invoice->payment_intent_id().empty()) {
          // send_invoice has no PaymentIntent yet: paysim records the payment without a charge.
          // UNCERTAIN: Stripe creates one at pay time; paysim does not charge here.
          return InvoiceLifecycle::MarkPaid(w, *invoice, out_of_band);
        }
        const bool off_session = !params.has_off_session() || params.off_session();
        PAYSIM_RETURN_IF_ERROR(
            InvoiceLifecycle::AttemptPayment(w, *invoice, payment_method, off_session,
                                             invoice->has_next_payment_attempt()
                                                 ? invoice->next_payment_attempt()
                                                 : 0));
        return *w.invoices().Find(id);
      });
}

absl::StatusOr<Invoice> InvoiceService::Void(absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  InvoiceActionParams none;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/void"); }, none,
      [&]() -> absl::StatusOr<Invoice> {
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (!Allows(*invoice, InvoiceTrigger::kVoid)) return WrongStatus(*invoice, "void");
        if (internal::HasAttachedPayments(*invoice, /*or_paid=*/true)) {
          // UNCERTAIN: Stripe's wording; its docs: an invoice with open or paid payments
          // cannot be voided.
          return StateError("", "",
                            absl::StrCat("You can't void invoice ", invoice->id(),
                                         " because it has open or paid payments."));
        }
        return InvoiceLifecycle::Void(w, *invoice);
      });
}

absl::StatusOr<Invoice> InvoiceService::MarkUncollectible(absl::string_view id,
                                                          const RequestOptions& options) {
  World& w = *world_;
  InvoiceActionParams none;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/mark_uncollectible"); },
      none, [&]() -> absl::StatusOr<Invoice> {
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (!Allows(*invoice, InvoiceTrigger::kMarkUncollectible)) {
          return WrongStatus(*invoice, "mark as uncollectible");
        }
        if (internal::HasAttachedPayments(*invoice, /*or_paid=*/false)) {
          // UNCERTAIN: Stripe's wording; its docs: not with open payments.
          return StateError("", "",
                            absl::StrCat("You can't mark invoice ", invoice->id(),
                                         " as uncollectible because it has open payments."));
        }
        return InvoiceLifecycle::MarkUncollectible(w, *invoice);
      });
}

absl::StatusOr<Invoice> InvoiceService::AttachPayment(absl::string_view id,
                                                      const InvoiceAttachPaymentParams& params,
                                                      const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/attach_payment"); },
      params, [&]() -> absl::StatusOr<Invoice> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (params.has_payment_intent() && params.has_payment_record()) {
          return InvalidRequestError(
              "", "payment_intent",
              "You may only specify one of these parameters: payment_intent, payment_record.");
        }
        // paysim keeps no Payment Records: every id is unknown.
        if (params.has_payment_record()) {
          return ResourceMissing("payment_record", params.payment_record(), "payment_record");
        }
        if (!params.has_payment_intent()) return ParameterMissing("payment_intent");
        PAYSIM_ASSIGN_OR_RETURN(const PaymentIntent* pi,
                                w.payment_intents().Get(params.payment_intent(), "payment_intent"));
        if (!Allows(*invoice, InvoiceTrigger::kAttachPayment)) {
          return WrongStatus(*invoice, "attach a payment to");
        }
        // UNCERTAIN (wording of each refusal below): Stripe documents the rules, not the
        // messages.
        if (!invoice->subscription_id().empty() &&
            invoice->collection_method() == "charge_automatically") {
          return InvalidRequestError(
              "", "",
              "Partial payments are not supported for subscription invoices that are charged "
              "automatically.");
        }
        const auto refuse = [&](absl::string_view why) {
          return InvalidRequestError(
              "", "payment_intent",
              absl::StrCat("PaymentIntent ", pi->id(), " cannot be attached to invoice ",
                           invoice->id(), ": ", why));
        };
        if (!pi->invoice_id().empty() || !pi->attached_invoice().empty()) {
          return refuse(absl::StrCat(
              "it is already a payment of invoice ",
              pi->invoice_id().empty() ? pi->attached_invoice() : pi->invoice_id(), "."));
        }
        if (pi->status() == "canceled") return refuse("it is canceled.");
        if (!pi->has_customer() || pi->customer() != invoice->customer()) {
          return refuse("its customer is not the invoice's.");
        }
        if (pi->currency() != invoice->currency()) {
          return refuse(absl::StrCat("its currency (", pi->currency(),
                                     ") is not the invoice's (", invoice->currency(), ")."));
        }
        const int64_t unrequested =
            invoice->amount_remaining() - internal::RequestedByAttachedPayments(*invoice);
        if (pi->amount() > unrequested) {
          return refuse(absl::StrCat("its amount (", pi->amount(),
                                     ") is more than the invoice has left to pay (", unrequested,
                                     ")."));
        }
        // transition + commit
        return InvoiceLifecycle::AttachPayment(w, *invoice, *pi);
      });
}

}  // namespace paysim
