// Invoices: previews of a subscription's next invoice (create_preview, upcoming, upcoming/lines),
// as it stands or after a change of its items.
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/renewals.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_cancellation.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/subscription_item_request.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/list.h"
#include "engine/invoices.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::InvoiceLifecycle;
using internal::Renewals;
using internal::SubscriptionChange;
using internal::SubscriptionChanges;
using internal::SubscriptionLifecycle;
using internal::SubscriptionTrigger;
using internal::TestClockLifecycle;
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

// A change of the subscription to preview, as the request names it: create_preview's
// `subscription_details[...]` or, before basil, upcoming's `subscription_...` params.
struct ChangeAsk {
  const google::protobuf::RepeatedPtrField<SubscriptionUpdateItemParams>* items = nullptr;
  absl::optional<std::string> proration_behavior;
  absl::optional<int64_t> proration_date;
  absl::optional<bool> cancel_at_period_end;
  absl::optional<std::string> trial_end;  // `now` or Unix seconds
  absl::optional<std::string> cancel_at;  // as the update's
  // A new subscription's anchor (create_preview only): Unix seconds.
  absl::optional<std::string> billing_cycle_anchor;
  absl::string_view items_param;  // `subscription_details[items]` | `subscription_items`
  internal::ProrationParams names;
  absl::string_view trial_end_param;
  absl::string_view cancel_at_param;

  bool Any() const {
    return (items != nullptr && !items->empty()) || proration_behavior.has_value() ||
           proration_date.has_value() || cancel_at_period_end.has_value() ||
           trial_end.has_value() || cancel_at.has_value() || billing_cycle_anchor.has_value();
  }
};

template <typename T>
absl::optional<T> Maybe(bool has, const T& value) {
  return has ? absl::optional<T>(value) : absl::nullopt;
}

ChangeAsk AskOf(const InvoicePreviewSubscriptionDetailsParams& details) {
  ChangeAsk ask;
  ask.items = &details.items();
  ask.proration_behavior =
      Maybe(details.has_proration_behavior(), details.proration_behavior());
  ask.proration_date = Maybe(details.has_proration_date(), details.proration_date());
  ask.cancel_at_period_end =
      Maybe(details.has_cancel_at_period_end(), details.cancel_at_period_end());
  ask.trial_end = Maybe(details.has_trial_end(), details.trial_end());
  ask.cancel_at = Maybe(details.has_cancel_at(), details.cancel_at());
  ask.billing_cycle_anchor =
      Maybe(details.has_billing_cycle_anchor(), details.billing_cycle_anchor());
  ask.trial_end_param = "subscription_details[trial_end]";
  ask.cancel_at_param = "subscription_details[cancel_at]";
  ask.items_param = "subscription_details[items]";
  ask.names = {"subscription_details[proration_behavior]",
               "subscription_details[proration_date]"};
  return ask;
}

ChangeAsk AskOf(const InvoiceUpcomingParams& params) {
  ChangeAsk ask;
  ask.items = &params.subscription_items();
  ask.proration_behavior = Maybe(params.has_subscription_proration_behavior(),
                                 params.subscription_proration_behavior());
  ask.proration_date =
      Maybe(params.has_subscription_proration_date(), params.subscription_proration_date());
  ask.cancel_at_period_end = Maybe(params.has_subscription_cancel_at_period_end(),
                                   params.subscription_cancel_at_period_end());
  ask.trial_end = Maybe(params.has_subscription_trial_end(), params.subscription_trial_end());
  ask.cancel_at = Maybe(params.has_subscription_cancel_at(), params.subscription_cancel_at());
  ask.trial_end_param = "subscription_trial_end";
  ask.cancel_at_param = "subscription_cancel_at";
  ask.items_param = "subscription_items";
  ask.names = {"subscription_proration_behavior", "subscription_proration_date"};
  return ask;
}

// What `subscription` would bill after the change `ask`, checked as an update's params
// (subscription_item_request.h), in the customer's timeline (its test clock's now is the
// default proration_date).
absl::StatusOr<Invoice> PreviewChange(World& w, const Subscription& subscription,
                                      const ChangeAsk& ask) {
  if (!SubscriptionLifecycle::machine().Allows(SubscriptionLifecycle::StateOf(subscription),
                                               SubscriptionTrigger::kUpdate)) {
    // UNCERTAIN: Stripe's wording (as an update of an ended subscription).
    return InvalidRequestError("", "subscription",
                               absl::StrCat("This subscription (", subscription.id(), ") is ",
                                            subscription.status(),
                                            " and can no longer be changed."));
  }
  const World::TimelineScope timeline =
      TestClockLifecycle::EnterCustomerTimeline(w, subscription.customer());
  SubscriptionChange change;
  change.updated = subscription;
  PAYSIM_ASSIGN_OR_RETURN(
      internal::CancelAtAsk cancel_at,
      internal::CheckCancelAt(w, ask.cancel_at.has_value() ? &*ask.cancel_at : nullptr,
                              subscription.period_end(),
                              ask.cancel_at_period_end.value_or(false), ask.cancel_at_param));
  if (ask.cancel_at_period_end.has_value()) {
    change.updated.set_cancel_at_period_end(*ask.cancel_at_period_end);
    // false withdraws any scheduled cancellation, as the update's does.
    if (!*ask.cancel_at_period_end) change.updated.clear_cancel_at();
  }
  if (cancel_at.given) {
    change.updated.set_cancel_at_period_end(false);
    if (cancel_at.clear) {
      change.updated.clear_cancel_at();
    } else {
      change.updated.set_cancel_at(cancel_at.at);
    }
  }
  if (ask.trial_end.has_value()) {
    PAYSIM_ASSIGN_OR_RETURN(
        const int64_t trial_end,
        internal::CheckTrialEnd(w, subscription, *ask.trial_end, ask.trial_end_param));
    // `now` ends the trial now: the update moves the trial's end to now and renews at once
    // (Renewals::EndTrialNow), which is the renewal previewed at the moved end.
    change.updated.set_trial_end(trial_end == 0 ? w.created() : trial_end);
  }
  PAYSIM_RETURN_IF_ERROR(internal::CheckProration(w, subscription, ask.proration_behavior,
                                                  ask.proration_date, &change, ask.names));
  PAYSIM_RETURN_IF_ERROR(
      internal::CheckItemUpdates(w, subscription, *ask.items, &change, ask.items_param));
  absl::optional<Invoice> preview = SubscriptionChanges::Preview(w, subscription, change);
  if (!preview.has_value()) return NoUpcomingInvoice(subscription.customer());
  return *std::move(preview);
}

// A create's error (`status`) named as the preview's params: `items[...]` as `ask.items_param`,
// `trial_end` and `cancel_at` as the ask names them.
absl::Status AsPreviewError(absl::Status status, const ChangeAsk& ask) {
  absl::optional<StripeError> error = GetStripeError(status);
  if (!error.has_value() || !error->has_param()) return status;
  const std::string& param = error->param();
  if (absl::StartsWith(param, "items")) {
    error->set_param(absl::StrCat(ask.items_param, param.substr(5)));
  } else if (param == "trial_end") {
    error->set_param(std::string(ask.trial_end_param));
  } else if (param == "cancel_at") {
    error->set_param(std::string(ask.cancel_at_param));
  } else if (param == "billing_cycle_anchor") {
    error->set_param("subscription_details[billing_cycle_anchor]");
  } else {
    return status;
  }
  return MakeStripeError(*std::move(error));
}

// The first invoice of the subscription `customer` would start now with the items `ask` names
// (Stripe: a preview of "the effects of creating ... a subscription"), its trial_end,
// cancel_at, cancel_at_period_end and billing_cycle_anchor taken as a create's. Checked as a create
// (subscription_request.h), in the customer's timeline; draws no id, changes nothing.
absl::StatusOr<Invoice> PreviewNewSubscription(World& w, const Customer& customer,
                                               const ChangeAsk& ask) {
  const World::TimelineScope timeline =
      TestClockLifecycle::EnterCustomerTimeline(w, customer.id());
  SubscriptionCreateParams params;
  params.set_customer(customer.id());
  // A preview needs nothing to pay with (a pricing page shows it before a card is saved).
  params.set_payment_behavior("default_incomplete");
  for (int i = 0; i < ask.items->size(); ++i) {
    const SubscriptionUpdateItemParams& item = (*ask.items)[i];
    for (const auto& [given, field] : {std::pair<bool, const char*>{item.has_id(), "id"},
                                       {item.has_deleted(), "deleted"}}) {
      if (!given) continue;
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", absl::StrCat(ask.items_param, "[", i, "][", field, "]"),
                                 "Without a subscription the preview is of a new one: its "
                                 "items name a price, not an existing item.");
    }
    SubscriptionItemParams* out = params.add_items();
    if (item.has_price()) out->set_price(item.price());
    if (item.has_plan()) out->set_plan(item.plan());
    if (item.has_price_data()) *out->mutable_price_data() = item.price_data();
    if (item.has_quantity()) out->set_quantity(item.quantity());
    *out->mutable_metadata() = item.metadata();
    for (const std::string& rate : item.tax_rates()) out->add_tax_rates(rate);
  }
  if (ask.trial_end.has_value() && *ask.trial_end != "now") {
    int64_t trial_end = 0;
    if (!absl::SimpleAtoi(*ask.trial_end, &trial_end)) {
      return InvalidRequestError("parameter_invalid_integer", ask.trial_end_param,
                                 absl::StrCat("Invalid integer: ", *ask.trial_end));
    }
    params.set_trial_end(trial_end);
  }
  if (ask.cancel_at_period_end.has_value()) {
    params.set_cancel_at_period_end(*ask.cancel_at_period_end);
  }
  if (ask.cancel_at.has_value() && !ask.cancel_at->empty()) params.set_cancel_at(*ask.cancel_at);
  if (ask.billing_cycle_anchor.has_value()) {
    int64_t anchor = 0;
    if (!absl::SimpleAtoi(*ask.billing_cycle_anchor, &anchor)) {
      return InvalidRequestError("parameter_invalid_integer",
                                 "subscription_details[billing_cycle_anchor]",
                                 absl::StrCat("Invalid integer: ", *ask.billing_cycle_anchor));
    }
    params.set_billing_cycle_anchor(anchor);
  }
  absl::StatusOr<internal::SubscriptionRequest> request =
      internal::CheckSubscriptionCreate(w, params);
  if (!request.ok()) return AsPreviewError(request.status(), ask);
  const SubscriptionTrigger trigger = request->draft.has_trial_end()
                                          ? SubscriptionTrigger::kCreateTrialing
                                          : SubscriptionTrigger::kCreateActive;
  const Subscription prospective =
      SubscriptionLifecycle::Prospective(w, std::move(request->draft), trigger);
  return InvoiceLifecycle::PreviewFirst(w, prospective);
}

// The preview for `customer` and/or `subscription` (at least one given). With the customer
// alone (`customer_alone` allowed), the customer's subscription renewing first. With a change
// asked (`ask`), what the subscription would bill after it; with items and no subscription,
// the first invoice of a new one.
absl::StatusOr<Invoice> PreviewFor(World& w, const std::string* customer_id,
                                   const std::string* subscription_id, bool customer_alone,
                                   const ChangeAsk& ask) {
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
    if (ask.billing_cycle_anchor.has_value()) {
      return InvalidRequestError("", "subscription_details[billing_cycle_anchor]",
                                 "paysim previews a billing_cycle_anchor of a new subscription "
                                 "only (no `subscription`) yet.");
    }
    if (ask.Any()) return PreviewChange(w, *subscription, ask);
    absl::optional<Invoice> upcoming = Renewals::Upcoming(w, *subscription);
    if (!upcoming.has_value()) return NoUpcomingInvoice(subscription->customer());
    return *std::move(upcoming);
  }
  if (ask.items != nullptr && !ask.items->empty()) {
    return PreviewNewSubscription(w, *customer, ask);
  }
  // UNCERTAIN: Stripe's error when basil's create_preview is given a customer alone, or a
  // change without its subscription.
  if (!customer_alone || ask.Any()) return ParameterMissing("subscription");
  // The customer's next invoice: the subscription renewing first (ties: the first in the
  // store's order). UNCERTAIN: the customer's pending invoice items outside subscriptions are left
  // out (paysim previews subscription renewals only).
  absl::optional<Invoice> next;
  SubscriptionLifecycle::ForEachOf(w, customer->id(), [&](const Subscription& subscription) {
    if (next.has_value() && next->period_start() <= subscription.period_end()) return;
    absl::optional<Invoice> upcoming = Renewals::Upcoming(w, subscription);
    if (upcoming.has_value()) next = std::move(upcoming);
  });
  if (!next.has_value()) return NoUpcomingInvoice(customer->id());
  return *std::move(next);
}

const std::string* Given(bool has, const std::string& value) { return has ? &value : nullptr; }

// From basil on the legacy endpoint `path` is gone: unknown, as any unknown URL.
absl::Status GoneInBasil(absl::string_view path) {
  StripeError error;
  error.set_type("invalid_request_error");
  error.set_message(absl::StrCat("Unrecognized request URL (GET: ", path,
                                 "). Please see https://stripe.com/docs or we can help at "
                                 "https://support.stripe.com/."));
  error.set_http_status(404);
  return MakeStripeError(std::move(error));
}

}  // namespace

absl::StatusOr<Invoice> InvoiceService::CreatePreview(const InvoiceCreatePreviewParams& params,
                                                      const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Invoice> {
    // From 2025-03-31.basil on a customer alone is no longer previewed (Stripe's changelog:
    // pass the subscription).
    return PreviewFor(w, Given(params.has_customer(), params.customer()),
                      Given(params.has_subscription(), params.subscription()),
                      !ApiVersionAtLeast(w.api_version(), "2025-03-31"),
                      AskOf(params.subscription_details()));
  });
}

absl::StatusOr<Invoice> InvoiceService::Upcoming(const InvoiceUpcomingParams& params,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Invoice> {
    if (ApiVersionAtLeast(w.api_version(), "2025-03-31")) {
      return GoneInBasil("/v1/invoices/upcoming");
    }
    return PreviewFor(w, Given(params.has_customer(), params.customer()),
                      Given(params.has_subscription(), params.subscription()),
                      /*customer_alone=*/true, AskOf(params));
  });
}

absl::StatusOr<ListResult<InvoiceLineItem>> InvoiceService::UpcomingLines(
    const InvoiceUpcomingLinesParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<InvoiceLineItem>> {
    if (ApiVersionAtLeast(w.api_version(), "2025-03-31")) {
      return GoneInBasil("/v1/invoices/upcoming/lines");
    }
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    // The same fields, with the same numbers: the preview's params are read off the lines'.
    InvoiceUpcomingParams upcoming;
    if (!upcoming.ParseFromString(params.SerializeAsString())) {
      return absl::InternalError("upcoming lines params");
    }
    upcoming.DiscardUnknownFields();
    PAYSIM_ASSIGN_OR_RETURN(
        const Invoice preview,
        PreviewFor(w, Given(upcoming.has_customer(), upcoming.customer()),
                   Given(upcoming.has_subscription(), upcoming.subscription()),
                   /*customer_alone=*/true, AskOf(upcoming)));
    return internal::LinesPage(preview, window, "/v1/invoices/upcoming/lines");
  });
}

}  // namespace paysim
