// Operations on subscriptions and their invoices: create (with or without a payment method, a
// trial, send_invoice, a tax rate, a 25% coupon, a future billing_cycle_anchor (or one by its
// day of the month); per-unit, tiered or grouped prices), update (quantity with each
// proration behavior, pause_collection, cancel_at_period_end, cancel_at,
// billing_cycle_anchor=now), cancel, pay an invoice; and how to read their objects and
// discounts. The billing invariants their events are checked against are in
// billing_invariants.h. Renewals, retries and pauses happen as the clock operations move time
// onto the periods' ends and the invoices' next attempts.
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/subscriptions.h"
#include "testing/simulator/billing_invariants.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

// Tiers for `params`: two or three, graduated or volume, each with a unit amount, a flat
// amount or both; the last unbounded.
void RandomTiers(Simulation& sim, PriceCreateParams& params) {
  params.set_billing_scheme("tiered");
  params.set_tiers_mode(sim.Chance(50) ? "graduated" : "volume");
  const int n = 2 + static_cast<int>(sim.Rand(2));
  int64_t up_to = 0;
  for (int i = 0; i < n; ++i) {
    PriceTierParams* tier = params.add_tiers();
    up_to += 1 + static_cast<int64_t>(sim.Rand(3));
    tier->set_up_to(i + 1 < n ? absl::StrCat(up_to) : "inf");
    const bool flat = sim.Chance(40);
    if (!flat || sim.Chance(50)) tier->set_unit_amount(sim.Amount("usd"));
    if (flat) tier->set_flat_amount(sim.Amount("usd"));
  }
}

// A new recurring price (usd, monthly or weekly), made on both engines; "" if refused. Some
// are tiered, some group their quantity (transform_quantity), some bill a meter's usage
// (`*metered`: meter_operations.cc).
std::string NewRecurringPrice(Simulation& sim, bool* metered) {
  PriceCreateParams params;
  params.set_currency("usd");
  *metered = false;
  switch (sim.Rand(10)) {
    case 0:
    case 1:
      RandomTiers(sim, params);
      break;
    case 2:
      params.set_unit_amount(sim.Amount("usd"));
      params.mutable_transform_quantity()->set_divide_by(1 + static_cast<int64_t>(sim.Rand(3)));
      params.mutable_transform_quantity()->set_round(sim.Chance(50) ? "up" : "down");
      break;
    case 3:
      params.set_unit_amount(1 + static_cast<int64_t>(sim.Rand(100)));
      if (!sim.pool("meters").empty()) {
        params.mutable_recurring()->set_usage_type("metered");
        params.mutable_recurring()->set_meter(sim.pool("meters").Pick(sim.rng()));
        *metered = true;
      }
      break;
    default:
      params.set_unit_amount(sim.Amount("usd"));
      break;
  }
  params.mutable_product_data()->set_name("Plan");
  params.mutable_recurring()->set_interval(sim.Chance(80) ? "month" : "week");
  absl::StatusOr<Price> price =
      sim.CallBothEngines([&](Engine& e) { return e.prices().Create(params); });
  return price.ok() ? price->id() : "";
}

void CreateSubscription(Simulation& sim) {
  SubscriptionCreateParams params;
  params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  bool metered = false;
  const std::string price = NewRecurringPrice(sim, &metered);
  SubscriptionItemParams* item = params.add_items();
  item->set_price(price);
  if (sim.Chance(30)) {
    item->set_quantity(1 + static_cast<int64_t>(sim.Rand(3)));
    if (metered) sim.ExpectRefusal("a quantity for a metered price");
  }
  if (sim.Chance(10)) {  // a second item priced inline: the first's product and interval
    absl::StatusOr<Price> first =
        sim.CallBothEngines([&](Engine& e) { return e.prices().Retrieve(price); });
    if (first.ok()) {
      SubscriptionItemPriceDataParams* data = params.add_items()->mutable_price_data();
      data->set_currency("usd");
      data->set_product(first->product());
      data->set_unit_amount(sim.Amount("usd"));
      data->mutable_recurring()->set_interval(first->recurring().interval());
    }
  }
  if (sim.Chance(15)) {
    params.set_collection_method("send_invoice");
    params.set_days_until_due(static_cast<int64_t>(sim.Rand(3)) * 7);
  }
  if (sim.Chance(15)) {
    params.set_trial_period_days(1 + static_cast<int64_t>(sim.Rand(14)));
    // What ends the trial of a customer without a payment method (pause: resumed later).
    static constexpr absl::string_view kEnds[] = {"create_invoice", "pause", "cancel"};
    if (sim.Chance(40)) {
      params.mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method(
          std::string(kEnds[sim.Rand(3)]));
    }
  }
  if (sim.Chance(20)) {
    static constexpr absl::string_view kBehaviors[] = {"allow_incomplete", "default_incomplete",
                                                       "error_if_incomplete"};
    params.set_payment_behavior(std::string(kBehaviors[sim.Rand(3)]));
  }
  if (sim.Chance(10)) params.set_cancel_at_period_end(true);
  if (sim.Chance(10)) {  // a one-time fee (or credit) on the first invoice
    sim.RandomOneTimeItem(*params.add_add_invoice_items(), "Setup fee");
  }
  if (sim.Chance(10)) {  // its invoices' PaymentIntents ask for 3D Secure
    params.mutable_payment_settings()
        ->mutable_payment_method_options()
        ->mutable_card()
        ->set_request_three_d_secure(sim.Chance(50) ? "any" : "automatic");
  }
  if (sim.Chance(8)) {
    // A future billing_cycle_anchor inside the first (weekly or monthly) interval: a stub.
    const int64_t anchor = sim.Now() + 1 + static_cast<int64_t>(sim.Rand(6 * 86400));
    params.set_billing_cycle_anchor(sim.Chance(10) ? sim.Now() : anchor);
    if (params.billing_cycle_anchor() == sim.Now()) {
      sim.ExpectRefusal("a billing_cycle_anchor that is not after now");
    } else {
      sim.model().deadlines.push_back(anchor);
    }
    if (params.has_trial_period_days() &&
        params.billing_cycle_anchor() < sim.Now() + params.trial_period_days() * 86400) {
      sim.ExpectRefusal("a billing_cycle_anchor inside the trial");
    }
    if (sim.Chance(30)) params.set_proration_behavior("none");
  } else if (sim.Chance(6)) {
    // The anchor by its day of the month (a stub up to it; periods return to that day).
    SubscriptionBillingCycleAnchorConfigParams* config =
        params.mutable_billing_cycle_anchor_config();
    config->set_day_of_month(1 + static_cast<int64_t>(sim.Rand(31)));
    if (sim.Chance(50)) config->set_hour(static_cast<int64_t>(sim.Rand(24)));
    const absl::StatusOr<Price> bought =
        sim.CallBothEngines([&](Engine& e) { return e.prices().Retrieve(price); });
    if (bought.ok() && bought->recurring().interval() != "month") {
      sim.ExpectRefusal("billing_cycle_anchor_config with a weekly price");
    }
    if (sim.Chance(30)) params.set_proration_behavior("none");
  }
  if (sim.Chance(10)) {
    // A default_source of its own: the customer's saved card, or one that does not exist.
    const std::string id = params.customer();
    const absl::StatusOr<Customer> customer =
        sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(id); });
    if (customer.ok() && customer->has_default_source() && sim.Chance(80)) {
      params.set_default_source(customer->default_source());
    } else {
      params.set_default_source("card_missing");
      sim.ExpectRefusal("default_source not a card of the customer");
    }
  }
  if (sim.Chance(15)) {
    // A tax rate of its own (inclusive or not), so that invoices and credit notes are taxed.
    TaxRateCreateParams rate;
    rate.set_display_name("Simulated tax");
    rate.set_percentage(static_cast<double>(1 + sim.Rand(25)));
    rate.set_inclusive(sim.Chance(30));
    const absl::StatusOr<TaxRate> made =
        sim.CallBothEngines([&](Engine& e) { return e.tax_rates().Create(rate); });
    if (made.ok()) params.add_default_tax_rates(made->id());
  }
  if (sim.Chance(15)) params.set_coupon(sim.QuarterCoupon());
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(20)) {
    case 0:
      params.mutable_items(0)->set_quantity(-1);
      sim.ExpectRefusal("a negative quantity");
      break;
    case 1:
      params.mutable_items(0)->set_price("price_missing");
      sim.ExpectRefusal("an unknown price");
      break;
    case 2:
      params.clear_items();
      sim.ExpectRefusal("no items");
      break;
    default:
      break;
  }
  const RequestOptions options = sim.RandomRequestOptions();  // some in an older shape
  absl::StatusOr<Subscription> sub = sim.CheckedCall(
      "", [&](Engine& e) { return e.subscriptions().Create(params, options); });
  if (sub.ok()) sim.pool(kSubscriptions).Add(sub->id(), sim.rng());
}

void UpdateSubscription(Simulation& sim) {
  const std::string id = sim.PickId(kSubscriptions, "sub_");
  absl::StatusOr<Subscription> before =
      sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Retrieve(id); });
  SubscriptionChangeParams params;
  switch (sim.Rand(4)) {
    case 0:
    case 1: {  // a new quantity, prorated as asked
      if (before.ok() && before->items().data_size() > 0) {
        SubscriptionUpdateItemParams* item = params.add_items();
        item->set_id(before->items().data(0).id());
        item->set_quantity(1 + static_cast<int64_t>(sim.Rand(4)));
        if (!before->items().data(0).has_quantity()) {
          sim.ExpectRefusal("a quantity for a metered item");
        } else if (sim.Chance(15)) {  // repriced inline: same product and interval
          const Price& old = before->items().data(0).price();
          SubscriptionItemPriceDataParams* data = item->mutable_price_data();
          data->set_currency(old.currency());
          data->set_product(old.product());
          data->set_unit_amount(sim.Amount(old.currency()));
          data->mutable_recurring()->set_interval(old.recurring().interval());
          data->mutable_recurring()->set_interval_count(old.recurring().interval_count());
        }
        if (sim.Chance(15)) {  // a fee (or a credit) of its product on the next invoice
          SubscriptionAddInvoiceItemPriceDataParams* fee =
              params.add_add_invoice_items()->mutable_price_data();
          fee->set_currency(before->currency());
          fee->set_product(before->items().data(0).price().product());
          fee->set_unit_amount(sim.Chance(70) ? sim.Amount(before->currency()) : -100);
        }
      }
      static constexpr absl::string_view kProrations[] = {"create_prorations", "always_invoice",
                                                          "none"};
      if (sim.Chance(70)) params.set_proration_behavior(std::string(kProrations[sim.Rand(3)]));
      if (sim.Chance(30)) {  // what an unpaid invoice of the change does (pending updates)
        static constexpr absl::string_view kBehaviors[] = {
            "allow_incomplete", "default_incomplete", "error_if_incomplete",
            "pending_if_incomplete"};
        params.set_payment_behavior(std::string(kBehaviors[sim.Rand(4)]));
        // Mostly billed now, so that the behavior has an invoice to wait for.
        if (sim.Chance(60)) params.set_proration_behavior("always_invoice");
        if (params.payment_behavior() == "pending_if_incomplete" && before.ok() &&
            before->collection_method() == "send_invoice") {
          sim.ExpectRefusal("pending_if_incomplete on a send_invoice subscription");
        }
      }
      break;
    }
    case 2: {  // pause payment collection, or resume it
      SubscriptionPauseCollectionParams* pause = params.mutable_pause_collection();
      if (sim.Chance(75)) {
        static constexpr absl::string_view kPauses[] = {"keep_as_draft", "mark_uncollectible",
                                                        "void"};
        pause->set_behavior(std::string(kPauses[sim.Rand(3)]));
        if (sim.Chance(50)) {
          const int64_t resumes_at = sim.Now() + 1 + static_cast<int64_t>(sim.Rand(40 * 86400));
          pause->set_resumes_at(resumes_at);
          sim.model().deadlines.push_back(resumes_at);
        }
        if (sim.Chance(10)) {
          pause->set_behavior("later");
          sim.ExpectRefusal("an unknown pause_collection[behavior]");
        }
      }
      break;
    }
    default:
      if (sim.Chance(60)) {
        params.set_cancel_at_period_end(sim.Chance(50));
      } else if (sim.Chance(25)) {
        params.set_cancel_at("");  // removes a cancel_at
      } else {  // a cancellation at a given time, perhaps in a later period
        const int64_t at = sim.Now() + 1 + static_cast<int64_t>(sim.Rand(60 * 86400));
        params.set_cancel_at(absl::StrCat(at));
        sim.model().deadlines.push_back(at);
        if (sim.Chance(10)) {
          params.set_cancel_at_period_end(true);
          sim.ExpectRefusal("cancel_at with cancel_at_period_end=true");
        } else if (sim.Chance(5)) {
          params.set_cancel_at(absl::StrCat(sim.Now()));
          sim.ExpectRefusal("a cancel_at that is not after now");
        }
      }
      break;
  }
  const bool waits = params.payment_behavior() == "pending_if_incomplete" ||
                     params.payment_behavior() == "error_if_incomplete";
  if (waits && before.ok() && before->status() == "active" && sim.Chance(50)) {
    // A card that declines or asks for 3D Secure first, so that the invoice is not paid.
    PaymentMethodAttachParams attach;
    attach.set_customer(before->customer());
    const std::string alias =
        sim.Chance(60) ? "pm_card_chargeCustomerFail" : "pm_card_authenticationRequired";
    const absl::StatusOr<PaymentMethod> card = sim.CallBothEngines(
        [&](Engine& e) { return e.payment_methods().Attach(alias, attach); });
    if (card.ok()) {
      SubscriptionChangeParams use;
      use.set_default_payment_method(card->id());
      static_cast<void>(
          sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Update(id, use); }));
    }
  }
  if (sim.Chance(8)) {  // a new billing cycle from now
    params.set_billing_cycle_anchor("now");
    if (before.ok() && before->status() == "trialing") {
      sim.ExpectRefusal("billing_cycle_anchor=now on a trialing subscription");
    }
  }
  // Pending updates take no metadata (refused by name): mostly left out of them.
  if (params.payment_behavior() != "pending_if_incomplete" || sim.Chance(10)) {
    sim.RandomMetadata(params.mutable_metadata());
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.subscriptions().Update(id, params); });
}

void CancelSubscription(Simulation& sim) {
  const std::string id = sim.PickId(kSubscriptions, "sub_");
  SubscriptionCancelNowParams params;
  if (sim.Chance(30)) params.set_prorate(true);
  if (sim.Chance(20)) params.set_invoice_now(true);
  if (sim.Chance(30)) {
    static constexpr absl::string_view kFeedback[] = {"too_expensive", "unused", "other", ""};
    params.mutable_cancellation_details()->set_feedback(std::string(kFeedback[sim.Rand(4)]));
    if (sim.Chance(20)) params.mutable_cancellation_details()->set_comment("moving on");
    if (sim.Chance(10)) {
      params.mutable_cancellation_details()->set_feedback("bored");
      sim.ExpectRefusal("an unknown cancellation_details[feedback]");
    }
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.subscriptions().Cancel(id, params); });
}

// Resumes a paused subscription: a new cycle from now, or the anchor kept with the rest of the
// period prorated (perhaps from an earlier proration_date).
void ResumeSubscription(Simulation& sim) {
  const std::string id = sim.PickId(kSubscriptions, "sub_");
  const absl::StatusOr<Subscription> before =
      sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Retrieve(id); });
  SubscriptionResumeParams params;
  if (sim.Chance(60)) {
    params.set_billing_cycle_anchor(sim.Chance(50) ? "now" : "unchanged");
    static constexpr absl::string_view kProrations[] = {"create_prorations", "always_invoice",
                                                        "none"};
    if (sim.Chance(60)) params.set_proration_behavior(std::string(kProrations[sim.Rand(3)]));
    if (params.billing_cycle_anchor() == "unchanged" && before.ok() && sim.Chance(20)) {
      params.set_proration_date(sim.Now() - static_cast<int64_t>(sim.Rand(3 * 86400)));
    }
  }
  if (!before.ok() || before->status() != "paused") sim.ExpectRefusal("not paused");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.subscriptions().Resume(id, params); });
}

// Pays an open (or uncollectible) invoice, or a draft kept by a pause: with the customer's
// default card, another test card, or out of band.
void PayInvoice(Simulation& sim) {
  const std::string id = sim.PickId(kInvoices, "in_");
  InvoicePayParams params;
  if (sim.Chance(20)) {
    params.set_paid_out_of_band(true);
  } else if (sim.Chance(30)) {
    params.set_payment_method(sim.PickId(pool::kPaymentMethods, "pm_"));
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.invoices().Pay(id, params); });
}

// A discount's holder, so that the discount can be read (RetrieveDiscount).
void ObserveDiscountEvent(Simulation& sim, const Event& event) {
  const Discount& discount = event.data().object().discount();
  sim.model().discount_holders[discount.id()] =
      discount.has_subscription() ? discount.subscription() : discount.customer();
}

// The discount `id` as its holder has it now (nullptr: it holds another or none).
std::unique_ptr<google::protobuf::Message> RetrieveDiscount(Simulation& sim,
                                                            const std::string& id) {
  const auto holder = sim.model().discount_holders.find(id);
  if (holder == sim.model().discount_holders.end()) return nullptr;
  const std::string owner = holder->second;
  std::optional<Discount> held;
  if (absl::StartsWith(owner, "sub_")) {
    const absl::StatusOr<Subscription> sub =
        sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Retrieve(owner); });
    if (sub.ok() && sub->has_discount()) held = sub->discount();
  } else {
    const absl::StatusOr<Customer> customer =
        sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(owner); });
    if (customer.ok() && customer->has_discount()) held = customer->discount();
  }
  if (!held.has_value() || held->id() != id) return nullptr;
  return OwnedOrNull(absl::StatusOr<Discount>(*std::move(held)));
}

}  // namespace

void RegisterBillingOperations(ResourceRegistry& registry) {
  registry.AddOperation("subscription_create", 3, CreateSubscription);
  registry.AddOperation("subscription_update", 3, UpdateSubscription);
  registry.AddOperation("subscription_cancel", 1, CancelSubscription);
  registry.AddOperation("subscription_resume", 1, ResumeSubscription);
  registry.AddOperation("invoice_pay", 2, PayInvoice);
  registry.AddRetriever("sub_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.subscriptions().Retrieve(id); }));
  });
  registry.AddRetriever("in_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.invoices().Retrieve(id); }));
  });
  // An invoice's payments (invoice_payment.paid).
  registry.AddRetriever("inpay_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.invoice_payments().Retrieve(id); }));
  });
  registry.AddRetriever("ii_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.invoice_items().Retrieve(id); }));
  });
  registry.AddRetriever("txr_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.tax_rates().Retrieve(id); }));
  });
  registry.AddRetriever(kSimulatedCoupon, [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.coupons().Retrieve(id); }));
  });
  registry.AddRetriever("di_", RetrieveDiscount);
  registry.AddEventObserver(StripeObject::kDiscount, ObserveDiscountEvent);
  registry.AddLifecycle(Discount::descriptor(),
                        {GoneAfterEvent("deleted", "customer.discount.deleted")});
  registry.AddLifecycle(InvoiceItem::descriptor(),
                        {GoneAfterEvent("deleted", "invoiceitem.deleted")});
  registry.AddEventObserver(StripeObject::kSubscription, ObserveSubscriptionEvent);
  registry.AddEventObserver(StripeObject::kInvoice, ObserveInvoiceEvent);
  registry.AddLifecycle(Subscription::descriptor(), StatusFromEngine("subscription"));
  registry.AddLifecycle(Invoice::descriptor(), StatusFromEngine("invoice"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
