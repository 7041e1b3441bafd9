// Operations on Checkout Sessions: create (payment, setup, subscription, some with a trial;
// some with Adaptive Pricing, some with adjustable quantities), and what the customer does on the
// page: pay, change a quantity, answer 3D Secure, view it (from a country), abandon it;
// expire, list line items, list.
#include <iterator>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/api_version.h"
#include "engine/checkout_sessions.h"
#include "engine/currency.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

// Where the customers come from: countries of paysim's exchange rate table (another currency,
// a zero-decimal one, the merchant's own) and one the table does not know.
constexpr absl::string_view kCountries[] = {"FR", "GB", "JP", "US", "ZZ"};

// API versions that take adaptive_pricing: before basil (currency_conversion), and from basil on.
constexpr absl::string_view kAdaptivePricingVersions[] = {"2025-02-24.acacia",
                                                          "2025-03-31.basil", kLatestApiVersion};

std::string RandomCountry(Simulation& sim) {
  return std::string(kCountries[sim.Rand(std::size(kCountries))]);
}

// An expires_at this soon is refused: sessions live at least kCheckoutSessionMinLifetime.
constexpr absl::Duration kTooSoonExpiry = absl::Minutes(1);
static_assert(kTooSoonExpiry < kCheckoutSessionMinLifetime, "must be refused");

void CreateCheckoutSession(Simulation& sim) {
  CheckoutSessionCreateParams params;
  const uint64_t mode = sim.Rand(10);
  const int64_t usd_minimum = FindCurrency("usd")->minimum_amount;
  // Automatic tax: every price says its tax_behavior (else Stripe refuses the session).
  const bool automatic_tax = sim.Chance(25);
  auto add_item = [&](bool recurring) {
    CheckoutLineItemParams* item = params.add_line_items();
    CheckoutPriceDataParams* price = item->mutable_price_data();
    price->set_currency("usd");
    price->set_unit_amount(usd_minimum + static_cast<int64_t>(sim.Rand(20000)));
    price->mutable_product_data()->set_name(absl::StrCat("Item ", sim.Rand(5)));
    if (recurring) price->mutable_recurring()->set_interval("month");
    item->set_quantity(1 + static_cast<int64_t>(sim.Rand(3)));
    if (automatic_tax) price->set_tax_behavior(sim.Chance(50) ? "exclusive" : "inclusive");
    if (sim.Chance(20)) {  // the customer may change the quantity on the page
      CheckoutAdjustableQuantityParams* adjustable = item->mutable_adjustable_quantity();
      adjustable->set_enabled(true);
      if (sim.Chance(50)) adjustable->set_maximum(3 + static_cast<int64_t>(sim.Rand(8)));
      if (sim.Chance(30)) adjustable->set_minimum(1);
    }
  };
  if (mode < 7) {
    params.set_mode("payment");
    for (uint64_t i = 0, n = 1 + sim.Rand(3); i < n; ++i) add_item(false);
    if (sim.Chance(30)) params.mutable_payment_intent_data()->set_capture_method("manual");
    if (sim.Chance(20)) {
      params.mutable_payment_intent_data()->set_setup_future_usage("off_session");
    }
    if (sim.Chance(25)) {
      params.add_payment_method_types("card");
      params.add_payment_method_types("us_bank_account");
    }
    if (sim.Chance(10)) {
      params.mutable_payment_intent_data()->set_transfer_group(
          absl::StrCat("order_", sim.Rand(50)));
    }
    if (sim.Chance(15)) {  // a post-payment invoice (a guest becomes a customer for it)
      CheckoutInvoiceCreationParams* invoice = params.mutable_invoice_creation();
      invoice->set_enabled(true);
      if (sim.Chance(50)) invoice->mutable_invoice_data()->set_footer("Thank you for your order");
      if (sim.Chance(30)) {
        InvoiceCustomFieldParams* field = invoice->mutable_invoice_data()->add_custom_fields();
        field->set_name("Order");
        field->set_value(absl::StrCat(sim.Rand(1000)));
      }
    }
    if (sim.Chance(3)) {  // the session takes cards: they take a suffix only
      params.mutable_payment_intent_data()->set_statement_descriptor("SIMULATED SHOP");
      sim.ExpectRefusal("a full statement descriptor on a session that takes cards");
    }
  } else if (mode < 9) {
    params.set_mode("setup");
    params.set_currency("usd");
    if (sim.Chance(3)) {  // setup mode makes no invoice
      params.mutable_invoice_creation()->set_enabled(true);
      sim.ExpectRefusal("invoice creation in setup mode");
    }
  } else {
    params.set_mode("subscription");
    add_item(true);
    if (sim.Chance(25)) {
      // A trial: nothing due for the recurring item; the card is saved for the renewals.
      params.mutable_subscription_data()->set_trial_period_days(
          1 + static_cast<int64_t>(sim.Rand(14)));
    } else if (sim.Chance(20)) {
      // A first billing date ahead: the stub up to it prorated (or free), some anchors
      // passing before the payment; now and then one past the natural date (refused).
      const bool too_far = sim.Chance(5);
      const int64_t ahead = too_far ? 32 * 86400 : 1 + static_cast<int64_t>(sim.Rand(28 * 86400));
      params.mutable_subscription_data()->set_billing_cycle_anchor(sim.Now() + ahead);
      if (sim.Chance(30)) params.mutable_subscription_data()->set_proration_behavior("none");
      if (too_far) sim.ExpectRefusal("anchor past the natural billing date");
    }
    if (!automatic_tax && sim.Chance(15)) {
      // Default tax rates for the subscription's lines (inclusive or not).
      TaxRateCreateParams rate;
      rate.set_display_name("Simulated tax");
      rate.set_percentage(static_cast<double>(1 + sim.Rand(25)));
      rate.set_inclusive(sim.Chance(30));
      const absl::StatusOr<TaxRate> made =
          sim.CallBothEngines([&](Engine& e) { return e.tax_rates().Create(rate); });
      if (made.ok()) params.mutable_subscription_data()->add_default_tax_rates(made->id());
    }
  }
  params.set_success_url("https://example.com/done?session={CHECKOUT_SESSION_ID}");
  if (sim.Chance(50)) {
    params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  } else if (sim.Chance(40)) {
    params.set_customer_email("buyer@example.com");
  }
  if (sim.Chance(20)) params.set_billing_address_collection(sim.Chance(50) ? "required" : "auto");
  if (sim.Chance(15)) {  // the session's intent asks for 3D Secure
    params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        sim.Chance(50) ? "any" : "challenge");
  }
  if (automatic_tax && params.mode() != "setup") {
    params.mutable_automatic_tax()->set_enabled(true);
    // The pool's customers have no address: the one entered is saved and taxed.
    if (params.has_customer()) params.mutable_customer_update()->set_address("auto");
  }
  if (sim.Chance(10)) {  // a field the customer fills in on the page (a required one mostly)
    CheckoutCustomFieldParams* field = params.add_custom_fields();
    field->set_key("reference");
    field->mutable_label()->set_type("custom");
    field->mutable_label()->set_custom("Reference");
    field->set_type(sim.Chance(50) ? "text" : "numeric");
    if (sim.Chance(30)) field->set_optional(true);
  }
  if (sim.Chance(10)) {  // texts on the page (now and then one too long: refused)
    const bool too_long = sim.Chance(5);
    params.mutable_custom_text()->mutable_submit()->set_message(
        too_long ? std::string(1201, 'x') : "Ships in 2 days");
    if (sim.Chance(50)) params.mutable_custom_text()->mutable_after_submit();  // empty: null
    if (too_long) sim.ExpectRefusal("a custom text over 1200 characters");
  }
  if (sim.Chance(15)) {  // a recovery URL once expired (now and then without `enabled`)
    CheckoutRecoveryParams* recovery = params.mutable_after_expiration()->mutable_recovery();
    if (sim.Chance(50)) recovery->set_allow_promotion_codes(true);
    if (sim.Chance(3)) {
      sim.ExpectRefusal("a recovery without enabled");
    } else {
      recovery->set_enabled(sim.Chance(90));
    }
  }
  if (params.mode() != "setup" && sim.Chance(15)) {
    // An optional item the customer may add on the page (now and then without a quantity).
    PriceCreateParams price;
    price.set_currency("usd");
    price.set_unit_amount(usd_minimum + static_cast<int64_t>(sim.Rand(5000)));
    price.mutable_product_data()->set_name("Gift wrap");
    if (automatic_tax) price.set_tax_behavior("exclusive");
    const absl::StatusOr<Price> made =
        sim.CallBothEngines([&](Engine& e) { return e.prices().Create(price); });
    if (made.ok()) {
      CheckoutOptionalItemParams* item = params.add_optional_items();
      item->set_price(made->id());
      if (sim.Chance(3)) {
        sim.ExpectRefusal("an optional item without a quantity");
      } else {
        item->set_quantity(1 + static_cast<int64_t>(sim.Rand(2)));
      }
      if (sim.Chance(50)) item->mutable_adjustable_quantity()->set_enabled(true);
    }
  }
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(16)) {
    case 0:
      params.clear_mode();
      sim.ExpectRefusal("no mode");
      break;
    case 1:
      params.set_mode("rent");
      sim.ExpectRefusal("mode rent");
      break;
    case 2:
      if (params.line_items_size() > 0) {
        params.mutable_line_items(0)->set_quantity(0);
        sim.ExpectRefusal("quantity 0");
      }
      break;
    case 3:
      params.set_expires_at(sim.Now() + absl::ToInt64Seconds(kTooSoonExpiry));
      sim.ExpectRefusal(absl::StrCat("expires in ", absl::FormatDuration(kTooSoonExpiry)));
      break;
    default:
      break;
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  if (params.mode() == "payment" && sim.Chance(30)) {
    // Adaptive Pricing, under a version that takes it (either shape).
    params.mutable_adaptive_pricing()->set_enabled(true);
    options.api_version =
        std::string(kAdaptivePricingVersions[sim.Rand(std::size(kAdaptivePricingVersions))]);
  }
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.checkout_sessions().Create(params, o);
  };
  absl::StatusOr<CheckoutSession> session =
      sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  if (session.ok()) {
    sim.pool(pool::kCheckoutSessions).Add(session->id(), sim.rng());
    sim.model().deadlines.push_back(session->expires_at());
    sim.model().deadlines.push_back(session->created() +
                                    absl::ToInt64Seconds(kCheckoutPrefillWindow));
    sim.Touch(session->id());
  }
  CheckoutSessionCreateParams other = params;
  other.set_client_reference_id("other");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) {
        return e.checkout_sessions().Create(other, o);
      },
      Render(session), session.status());
}

// The customer pays: an ACH test account, maybe a saved card, or a test card.
void PayOnCheckoutPage(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  CheckoutPayParams params;
  static constexpr absl::string_view kBankAccounts[] = {
      "pm_usBankAccount_success", "pm_usBankAccount_accountClosed",
      "pm_usBankAccount_insufficientFunds", "pm_usBankAccount_riskLevelHighest"};
  if (sim.Chance(15)) {
    params.set_payment_method(std::string(kBankAccounts[sim.Rand(std::size(kBankAccounts))]));
  } else if (sim.Chance(15) && !sim.pool(pool::kPaymentMethods).empty()) {
    params.set_payment_method(sim.pool(pool::kPaymentMethods).Pick(sim.rng()));
  } else {
    params.set_payment_method(sim.TestCardAliasWithPrefix("pm_card_"));
  }
  if (sim.Chance(90)) params.set_email("buyer@example.com");
  params.set_name("Jenny Rosen");
  AddressParams* address = params.mutable_billing_address();
  address->set_country("US");
  address->set_postal_code("94107");
  address->set_line1("1 Main St");
  address->set_city("San Francisco");
  address->set_state("CA");
  if (sim.Chance(30)) params.set_country(RandomCountry(sim));  // Adaptive Pricing
  const absl::StatusOr<CheckoutSession> session =
      sim.CallBothEngines([&](Engine& e) { return e.checkout_sessions().Retrieve(id); });
  // The custom field, mostly filled in when the session has one (digits suit both types), now
  // and then given to a session without (refused).
  const bool has_field = session.ok() && session->custom_fields_size() > 0;
  if (has_field ? sim.Chance(80) : sim.Chance(2)) {
    (*params.mutable_custom_fields())["reference"] = absl::StrCat(1000 + sim.Rand(9000));
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().Pay(id, params); });
  sim.Touch(id);
}

// The customer changes a line item's quantity (mostly an adjustable one, within its bounds or
// not; 0 now and then).
void AdjustQuantityOnCheckoutPage(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  const absl::StatusOr<CheckoutSession> session =
      sim.CallBothEngines([&](Engine& e) { return e.checkout_sessions().Retrieve(id); });
  CheckoutQuantityParams params;
  params.set_line_item("li_missing");
  if (session.ok() && session->line_items_size() > 0) {
    const int line = static_cast<int>(sim.Rand(session->line_items_size()));
    params.set_line_item(session->line_items(line).id());
  }
  params.set_quantity(static_cast<int64_t>(sim.Rand(12)));
  sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().AdjustQuantity(id, params); });
  sim.Touch(id);
}

// The customer adds one of the session's optional items to the order (now and then one it
// does not offer: refused).
void AddOptionalItemOnCheckoutPage(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  const absl::StatusOr<CheckoutSession> session =
      sim.CallBothEngines([&](Engine& e) { return e.checkout_sessions().Retrieve(id); });
  CheckoutOptionalItemAddParams params;
  params.set_price("price_missing");
  if (session.ok() && session->optional_items_size() > 0 && !sim.Chance(5)) {
    params.set_price(
        session->optional_items(static_cast<int>(sim.Rand(session->optional_items_size())))
            .price());
  }
  sim.RunCheckedCall(id,
                     [&](Engine& e) { return e.checkout_page().AddOptionalItem(id, params); });
  sim.Touch(id);
}

// The customer completes (mostly) or fails the 3D Secure challenge.
void AnswerCheckoutThreeDSecure(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  if (sim.Chance(70)) {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().CompleteThreeDSecure(id); });
  } else {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().FailThreeDSecure(id); });
  }
  sim.Touch(id);
}

// The merchant expires the session, the customer abandons the page, or opens an expired
// session's recovery URL (a copy when it has one that has not expired; refused otherwise).
void ExpireOrAbandonCheckoutSession(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  const uint64_t choice = sim.Rand(3);
  if (choice == 0) {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_sessions().Expire(id); });
  } else if (choice == 1) {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().Abandon(id); });
  } else {
    const absl::StatusOr<CheckoutPage> page =
        sim.CheckedCall(id, [&](Engine& e) { return e.checkout_page().Recover(id); });
    if (page.ok()) {
      sim.pool(pool::kCheckoutSessions).Add(page->checkout_session(), sim.rng());
      sim.model().deadlines.push_back(sim.Now() + 24 * 3600);  // the copy's default expiry
      sim.Touch(page->checkout_session());
    }
  }
  sim.Touch(id);
}

// The merchant updates a session's metadata (in any status; now and then over the limits)
// and now and then its shipping options (refused unless the session is open, in payment mode
// and in usd; the totals invariant checks the rest).
void UpdateCheckoutSession(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  CheckoutSessionUpdateParams params;
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(30)) (*params.mutable_metadata())["order"] = "";  // removes the key
  if (sim.Chance(20)) {
    if (sim.Chance(25)) {
      params.set_shipping_options_emptied(true);
    } else {
      ShippingRateCreateParams* rate = params.add_shipping_options()->mutable_shipping_rate_data();
      rate->set_display_name("Courier");
      rate->mutable_fixed_amount()->set_amount(100 * static_cast<int64_t>(1 + sim.Rand(20)));
      rate->mutable_fixed_amount()->set_currency("usd");
    }
  }
  if (sim.Chance(3)) {
    (*params.mutable_metadata())[std::string(41, 'k')] = "v";
    sim.ExpectRefusal("a metadata key over 40 characters");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_sessions().Update(id, params); });
  sim.Touch(id);
}

// The customer views the page, or the merchant lists line items or sessions.
void ReadCheckoutSession(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCheckoutSessions, "cs_test_");
  switch (sim.Rand(3)) {
    case 0:
      if (sim.Chance(50)) {
        CheckoutViewParams params;
        params.set_country(RandomCountry(sim));  // Adaptive Pricing
        sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().View(id, params); });
      } else {
        sim.RunCheckedCall(id, [&](Engine& e) { return e.checkout_page().View(id); });
      }
      break;
    case 1: {
      CheckoutLineItemListParams params;
      if (sim.Chance(50)) params.set_limit(1 + static_cast<int64_t>(sim.Rand(5)));
      sim.RunCheckedCall(
          id, [&](Engine& e) { return e.checkout_sessions().ListLineItems(id, params); });
      break;
    }
    default: {
      CheckoutSessionListParams params;
      if (sim.Chance(30)) params.set_status(sim.Chance(50) ? "open" : "complete");
      params.set_limit(1 + static_cast<int64_t>(sim.Rand(20)));
      sim.RunCheckedCall("", [&](Engine& e) { return e.checkout_sessions().List(params); });
      break;
    }
  }
}

void ObserveCheckoutSessionEvent(Simulation& sim, const Event& event) {
  ObserveObject(sim, event.data().object().checkout_session(), /*current=*/false);
}

}  // namespace

void RegisterCheckoutOperations(ResourceRegistry& registry) {
  registry.AddOperation("checkout_create", 5, CreateCheckoutSession);
  registry.AddOperation("checkout_pay", 5, PayOnCheckoutPage);
  registry.AddOperation("checkout_3ds", 2, AnswerCheckoutThreeDSecure);
  registry.AddOperation("checkout_adjust_quantity", 1, AdjustQuantityOnCheckoutPage);
  registry.AddOperation("checkout_expire_or_abandon", 1, ExpireOrAbandonCheckoutSession);
  registry.AddOperation("checkout_read", 1, ReadCheckoutSession);
  registry.AddOperation("checkout_update", 1, UpdateCheckoutSession);
  registry.AddOperation("checkout_add_optional_item", 1, AddOptionalItemOnCheckoutPage);
  registry.AddRetriever("cs_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.checkout_sessions().Retrieve(id); }));
  });
  // What Checkout creates on the way: products and prices from price_data (its subscriptions
  // and their invoices are billing_operations.cc's).
  registry.AddRetriever("prod_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.products().Retrieve(id); }));
  });
  registry.AddRetriever("price_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.prices().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kCheckoutSession, ObserveCheckoutSessionEvent);
  // open -> complete | expired, once.
  registry.AddLifecycle(CheckoutSession::descriptor(), StatusFromEngine("checkout.session"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
