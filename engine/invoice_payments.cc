#include "engine/invoice_payments.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {

using internal::World;

absl::StatusOr<InvoicePayment> InvoicePaymentService::Retrieve(absl::string_view id,
                                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<InvoicePayment> {
    const InvoicePayment* found = internal::InvoiceLifecycle::FindPayment(w, id);
    // UNCERTAIN: the kind Stripe names in this error.
    if (found == nullptr) return ResourceMissing("invoice_payment", id);
    return *found;
  });
}

absl::StatusOr<ListResult<InvoicePayment>> InvoicePaymentService::List(
    const InvoicePaymentListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<InvoicePayment>> {
    // validate
    if (params.has_status()) {
      PAYSIM_RETURN_IF_ERROR(
          internal::ValidateEnum(params.status(), {"open", "paid", "canceled"}, "status"));
    }
    const InvoicePaymentPaymentFilterParams& by = params.payment();
    if (by.has_type()) {
      PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
          by.type(), {"payment_intent", "payment_record"}, "payment[type]"));
    }
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    // The payments as the invoices were made (oldest first), then newest first.
    std::vector<InvoicePayment> matching;
    auto collect = [&](const Invoice& invoice) {
      for (const InvoicePayment& payment : invoice.payments().data()) {
        if (params.has_status() && payment.status() != params.status()) continue;
        if (by.has_type() && payment.payment().type() != by.type()) continue;
        if (by.has_payment_intent() &&
            payment.payment().payment_intent() != by.payment_intent()) {
          continue;
        }
        if (!window.created.Contains(payment.created())) continue;
        matching.push_back(payment);
      }
    };
    if (params.has_invoice()) {  // one invoice's payments: no walk over every invoice
      if (const Invoice* invoice = w.invoices().Find(params.invoice())) collect(*invoice);
    } else if (by.has_payment_intent()) {
      // An intent's payments are on the invoice it collects (its default payment) or the one
      // it was attached to: those two, oldest first, not every invoice.
      if (const PaymentIntent* pi = w.payment_intents().Find(by.payment_intent())) {
        std::vector<const Invoice*> holders;
        for (const std::string* id : {&pi->invoice_id(), &pi->attached_invoice()}) {
          const Invoice* invoice = id->empty() ? nullptr : w.invoices().Find(*id);
          if (invoice != nullptr && absl::c_find(holders, invoice) == holders.end()) {
            holders.push_back(invoice);
          }
        }
        absl::c_sort(holders, [&](const Invoice* a, const Invoice* b) {
          return w.invoices().OrdinalOf(a->id()) < w.invoices().OrdinalOf(b->id());
        });
        for (const Invoice* invoice : holders) collect(*invoice);
      }
    } else {
      w.invoices().ForEach(collect);
    }
    std::reverse(matching.begin(), matching.end());
    std::stable_sort(matching.begin(), matching.end(),
                     [](const InvoicePayment& a, const InvoicePayment& b) {
                       return a.created() > b.created();
                     });
    return PageInOrder<InvoicePayment>(matching, window, "/v1/invoice_payments");
  });
}

}  // namespace paysim
