// Invoices: previews of a subscription's next invoice (create_preview, upcoming).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/internal/renewals.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/invoices.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::Renewals;
using internal::World;

// Stripe's answer when nothing will be invoiced. UNCERTAIN: the wording and the HTTP status
// (404, as for a missing object).
absl::Status NoUpcomingInvoice(absl::string_view customer) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_code("invoice_upcoming_none");
  error.set_message(absl::StrCat("No upcoming invoices for customer: ", customer));
  error.set_doc_url(ErrorDocUrl("invoice_upcoming_none"));
  error.set_http_status(404);
  return MakeStripeError(std::move(error));
}

// The preview for `customer` and/or `subscription` (at least one given). With the customer
// alone (`customer_alone` allowed), the customer's subscription renewing first.
absl::StatusOr<Invoice> PreviewFor(World& w, const std::string* customer_id,
                                   const std::string* subscription_id, bool customer_alone) {
  if (customer_id == nullptr && subscription_id == nullptr) return ParameterMissing("customer");
  const Customer* customer = nullptr;
  if (customer_id != nullptr) {
    PAYSIM_ASSIGN_OR_RETURN(customer, w.customers().Get(*customer_id, "customer"));
  }
  if (subscription_id != nullptr) {
    PAYSIM_ASSIGN_OR_RETURN(const Subscription* subscription,
                            w.subscriptions().Get(*subscription_id, "subscription"));
    if (customer != nullptr && subscription->customer() != customer->id()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "subscription",
                                 absl::StrCat("The subscription ", subscription->id(),
                                              " does not belong to customer ", customer->id(),
                                              "."));
    }
    absl::optional<Invoice> upcoming = Renewals::Upcoming(w, *subscription);
    if (!upcoming.has_value()) return NoUpcomingInvoice(subscription->customer());
    return *std::move(upcoming);
  }
  // UNCERTAIN: Stripe's error when basil's create_preview is given a customer alone.
  if (!customer_alone) return ParameterMissing("subscription");
  // The customer's next invoice: the subscription renewing first (ties: the first in the
  // store's order). UNCERTAIN: the customer's pending invoice items outside subscriptions are left
  // out (paysim previews subscription renewals only).
  absl::optional<Invoice> next;
  w.subscriptions().ForEach([&](const Subscription& subscription) {
    if (subscription.customer() != customer->id()) return;
    if (next.has_value() && next->period_start() <= subscription.period_end()) return;
    absl::optional<Invoice> upcoming = Renewals::Upcoming(w, subscription);
    if (upcoming.has_value()) next = std::move(upcoming);
  });
  if (!next.has_value()) return NoUpcomingInvoice(customer->id());
  return *std::move(next);
}

const std::string* Given(bool has, const std::string& value) { return has ? &value : nullptr; }

}  // namespace

absl::StatusOr<Invoice> InvoiceService::CreatePreview(const InvoiceCreatePreviewParams& params,
                                                      const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Invoice> {
    // From 2025-03-31.basil on a customer alone is no longer previewed (Stripe's changelog:
    // pass the subscription).
    return PreviewFor(w, Given(params.has_customer(), params.customer()),
                      Given(params.has_subscription(), params.subscription()),
                      !ApiVersionAtLeast(w.api_version(), "2025-03-31"));
  });
}

absl::StatusOr<Invoice> InvoiceService::Upcoming(const InvoiceUpcomingParams& params,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Invoice> {
    if (ApiVersionAtLeast(w.api_version(), "2025-03-31")) {
      // Removed in basil: the endpoint is unknown, as any unknown URL.
      StripeError error;
      error.set_type("invalid_request_error");
      error.set_message(
          "Unrecognized request URL (GET: /v1/invoices/upcoming). Please see "
          "https://stripe.com/docs or we can help at https://support.stripe.com/.");
      error.set_http_status(404);
      return MakeStripeError(std::move(error));
    }
    return PreviewFor(w, Given(params.has_customer(), params.customer()),
                      Given(params.has_subscription(), params.subscription()),
                      /*customer_alone=*/true);
  });
}

}  // namespace paysim
