// A subscription's automatic_tax[enabled] (subscriptions.h, internal/subscription_automatic_tax.h):
// its invoices taxed at the rate of the customer's place in the tax table (tax_table.h), the
// refusal of a customer whose place is not recognized, enabling and disabling by update, and
// tax[validate_location]=auto on the customer afterwards.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;

constexpr char kCalifornia[] =
    R"pb(address { line1: "1 Market St" city: "San Francisco" state: "CA"
                   postal_code: "94105" country: "US" })pb";
// Oregon: a recognized place where the default table does not collect tax.
constexpr char kOregon[] =
    R"pb(address { city: "Portland" state: "OR" postal_code: "97201" country: "US" })pb";
constexpr char kEnabled[] = "automatic_tax { enabled: true }";

class SubscriptionAutomaticTaxTest : public BillingTest {
 protected:
  // A customer at `profile` (CustomerCreateParams text) with a default card.
  std::string CustomerAt(const std::string& profile) {
    absl::StatusOr<Customer> customer =
        engine_.customers().Create(ParseParams<CustomerCreateParams>(profile));
    EXPECT_THAT(customer, IsOk());
    if (!customer.ok()) return "";
    SetDefaultCard(customer->id(), AttachCard(customer->id(), "pm_card_visa"));
    return customer->id();
  }

  // A monthly usd price of `amount` with `tax_behavior`.
  std::string TaxedPrice(int64_t amount, const std::string& tax_behavior = "exclusive") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: ", amount, " tax_behavior: \"",
                     tax_behavior,
                     "\" product_data { name: \"Plan\" } recurring { interval: \"month\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  absl::StatusOr<Subscription> Update(const std::string& id, const std::string& text) {
    return engine_.subscriptions().Update(id, ParseParams<SubscriptionChangeParams>(text));
  }

  absl::StatusOr<Customer> UpdateCustomer(const std::string& id, const std::string& text) {
    return engine_.customers().Update(id, ParseParams<CustomerUpdateParams>(text));
  }

  size_t SubscriptionCount(const std::string& customer) {
    SubscriptionListParams params;
    params.set_customer(customer);
    params.set_status("all");
    return engine_.subscriptions().List(params).value_or(ListResult<Subscription>()).data.size();
  }

  size_t InvoiceCount(const std::string& customer) {
    InvoiceListParams params;
    params.set_customer(customer);
    return engine_.invoices().List(params).value_or(ListResult<Invoice>()).data.size();
  }

  // The sum of an invoice's taxes (total_taxes, from basil on).
  static int64_t TaxOf(const Invoice& invoice) {
    int64_t tax = 0;
    for (const InvoiceTax& t : invoice.total_taxes()) tax += t.amount();
    return tax;
  }
};

TEST_F(SubscriptionAutomaticTaxTest, CaliforniaCustomerFirstInvoiceTaxedAtSevenPointTwoFive) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  EXPECT_TRUE(sub->automatic_tax().enabled());
  EXPECT_EQ(sub->automatic_tax().liability().type(), "self");
  EXPECT_FALSE(sub->automatic_tax().has_disabled_reason());
  EXPECT_EQ(sub->status(), "active");

  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.subtotal(), 2000);
  EXPECT_EQ(invoice.total_excluding_tax(), 2000);
  EXPECT_EQ(TaxOf(invoice), 145);  // 7.25% of 20.00
  EXPECT_EQ(invoice.total(), 2145);
  EXPECT_EQ(invoice.amount_due(), 2145);
  EXPECT_EQ(invoice.amount_paid(), 2145);
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_TRUE(invoice.automatic_tax().enabled());
  EXPECT_EQ(invoice.automatic_tax().status(), "complete");
  EXPECT_EQ(invoice.automatic_tax().liability().type(), "self");
  ASSERT_EQ(invoice.total_taxes_size(), 1);
  EXPECT_EQ(invoice.total_taxes(0).tax_behavior(), "exclusive");
  EXPECT_EQ(invoice.total_taxes(0).taxable_amount(), 2000);
  absl::StatusOr<TaxRate> rate =
      engine_.tax_rates().Retrieve(invoice.total_taxes(0).tax_rate_details().tax_rate());
  ASSERT_THAT(rate, IsOk());
  EXPECT_DOUBLE_EQ(rate->percentage(), 7.25);
  EXPECT_EQ(rate->state(), "CA");
}

TEST_F(SubscriptionAutomaticTaxTest, InclusivePriceKeepsItsTotal) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2145, "inclusive"), kEnabled);
  ASSERT_THAT(sub, IsOk());
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(invoice.total(), 2145);
  EXPECT_EQ(TaxOf(invoice), 145);  // 2145 - 2145 / 1.0725
  EXPECT_EQ(invoice.total_excluding_tax(), 2000);
}

TEST_F(SubscriptionAutomaticTaxTest, NotCollectingPlaceIsTaxedNothing) {
  const std::string customer = CustomerAt(kOregon);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  EXPECT_TRUE(sub->automatic_tax().enabled());
  const Invoice invoice = Inv(sub->latest_invoice());
  EXPECT_EQ(TaxOf(invoice), 0);
  EXPECT_EQ(invoice.total_taxes_size(), 0);
  EXPECT_EQ(invoice.total(), 2000);
  EXPECT_EQ(invoice.amount_paid(), 2000);
}

TEST_F(SubscriptionAutomaticTaxTest, UnrecognizedPlaceIsRefusedAndNothingIsCreated) {
  const std::string nowhere = CustomerAt("");
  const std::string price = TaxedPrice(2000);
  const size_t events_before = events_.size();
  absl::StatusOr<Subscription> refused = Subscribe(nowhere, price, kEnabled);
  EXPECT_THAT(refused, StripeErrorWithParam("invalid_request_error",
                                            "customer_tax_location_invalid", "customer"));
  EXPECT_THAT(refused, HttpStatusIs(400));
  // A US address without a postal code is not a place either.
  const std::string no_zip = CustomerAt(R"pb(address { country: "US" state: "CA" })pb");
  const size_t events_between = events_.size();
  EXPECT_THAT(Subscribe(no_zip, price, kEnabled),
              StripeErrorIs("invalid_request_error", "customer_tax_location_invalid"));
  EXPECT_EQ(SubscriptionCount(nowhere), 0u);
  EXPECT_EQ(InvoiceCount(nowhere), 0u);
  EXPECT_EQ(SubscriptionCount(no_zip), 0u);
  EXPECT_EQ(InvoiceCount(no_zip), 0u);
  EXPECT_EQ(events_.size(), events_between);
  EXPECT_EQ(TypesSince(events_before, "customer.subscription"), std::vector<std::string>{});
  EXPECT_EQ(TypesSince(events_before, "invoice"), std::vector<std::string>{});
  // Without automatic tax the same customer subscribes (untaxed).
  absl::StatusOr<Subscription> plain = Subscribe(nowhere, price);
  ASSERT_THAT(plain, IsOk());
  EXPECT_FALSE(plain->automatic_tax().enabled());
  EXPECT_FALSE(plain->automatic_tax().has_liability());
  const Invoice untaxed = Inv(plain->latest_invoice());
  EXPECT_EQ(untaxed.total(), 2000);
  EXPECT_TRUE(untaxed.has_automatic_tax());
  EXPECT_FALSE(untaxed.automatic_tax().enabled());
  EXPECT_FALSE(untaxed.automatic_tax().has_status());
}

TEST_F(SubscriptionAutomaticTaxTest, PriceWithoutTaxBehaviorIsRefused) {
  const std::string customer = CustomerAt(kCalifornia);
  EXPECT_THAT(Subscribe(customer, NewPrice(2000), kEnabled),
              StripeErrorWithParam("invalid_request_error", "", "items[0][price]"));
  EXPECT_EQ(SubscriptionCount(customer), 0u);
}

TEST_F(SubscriptionAutomaticTaxTest, RenewalsAreTaxed) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  At(kFeb1 + kHour);  // the renewal's invoice is finalized and charged an hour after it
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].billing_reason(), "subscription_cycle");
  EXPECT_EQ(TaxOf(invoices[1]), 145);
  EXPECT_EQ(invoices[1].total(), 2145);
  EXPECT_EQ(invoices[1].amount_paid(), 2145);
  EXPECT_EQ(invoices[1].status(), "paid");
}

TEST_F(SubscriptionAutomaticTaxTest, UpdateEnablesAndDisablesFromTheNextInvoice) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000));
  ASSERT_THAT(sub, IsOk());
  EXPECT_FALSE(sub->automatic_tax().enabled());
  EXPECT_EQ(Inv(sub->latest_invoice()).total(), 2000);

  const size_t before = events_.size();
  absl::StatusOr<Subscription> enabled = Update(sub->id(), kEnabled);
  ASSERT_THAT(enabled, IsOk());
  EXPECT_TRUE(enabled->automatic_tax().enabled());
  EXPECT_EQ(enabled->automatic_tax().liability().type(), "self");
  EXPECT_EQ(TypesSince(before), std::vector<std::string>{"customer.subscription.updated"});
  At(kFeb1 + kHour);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(TaxOf(invoices[1]), 145);
  EXPECT_EQ(invoices[1].total(), 2145);

  absl::StatusOr<Subscription> disabled = Update(sub->id(), "automatic_tax { enabled: false }");
  ASSERT_THAT(disabled, IsOk());
  EXPECT_FALSE(disabled->automatic_tax().enabled());
  EXPECT_FALSE(disabled->automatic_tax().has_liability());
  At(kMar1 + kHour);
  invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(TaxOf(invoices[2]), 0);
  EXPECT_EQ(invoices[2].total(), 2000);
  EXPECT_FALSE(invoices[2].automatic_tax().enabled());
}

TEST_F(SubscriptionAutomaticTaxTest, UpdateEnablingForAnUnrecognizedPlaceChangesNothing) {
  const std::string customer = CustomerAt("");
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000));
  ASSERT_THAT(sub, IsOk());
  const size_t before = events_.size();
  EXPECT_THAT(Update(sub->id(), absl::StrCat(kEnabled, R"pb( description: "taxed")pb")),
              StripeErrorWithParam("invalid_request_error", "customer_tax_location_invalid",
                                   "customer"));
  EXPECT_EQ(events_.size(), before);
  const Subscription after = Sub(sub->id());
  EXPECT_FALSE(after.automatic_tax().enabled());
  EXPECT_FALSE(after.has_description());
}

TEST_F(SubscriptionAutomaticTaxTest, ItemAddedByUpdateIsTaxed) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  ASSERT_THAT(Update(sub->id(), absl::StrCat("items { price: \"", TaxedPrice(1000),
                                             "\" } proration_behavior: \"none\"")),
              IsOk());
  At(kFeb1 + kHour);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].subtotal(), 3000);
  EXPECT_EQ(TaxOf(invoices[1]), 218);  // 145 + 72.5, each line rounded (145 + 73)
  EXPECT_EQ(invoices[1].total(), 3218);
}

TEST_F(SubscriptionAutomaticTaxTest, ItemAddedThroughSubscriptionItemsIsTaxed) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  ASSERT_THAT(engine_.subscription_items().Create(ParseParams<SubscriptionItemCreateParams>(
                  absl::StrCat("subscription: \"", sub->id(), "\" price: \"", TaxedPrice(4000),
                               "\" proration_behavior: \"none\""))),
              IsOk());
  // A price without tax_behavior cannot join it.
  EXPECT_THAT(engine_.subscription_items().Create(ParseParams<SubscriptionItemCreateParams>(
                  absl::StrCat("subscription: \"", sub->id(), "\" price: \"", NewPrice(500),
                               "\" proration_behavior: \"none\""))),
              StripeErrorIs("invalid_request_error", ""));
  At(kFeb1 + kHour);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].subtotal(), 6000);
  EXPECT_EQ(TaxOf(invoices[1]), 435);  // 145 + 290
  EXPECT_EQ(invoices[1].total(), 6435);
}

TEST_F(SubscriptionAutomaticTaxTest, ProrationOfAnUpgradeIsTaxed) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(4000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  // Halfway through January's 31 days the quantity doubles, invoiced at once: -20.00 for the
  // unused half of one unit, +40.00 for the remaining half of two, each taxed at 7.25%.
  At(kStart + 31 * kDay / 2);
  const std::string item = sub->items().data(0).id();
  ASSERT_THAT(Update(sub->id(), absl::StrCat("items { id: \"", item,
                                             "\" quantity: 2 } proration_behavior: "
                                             "\"always_invoice\"")),
              IsOk());
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  const Invoice& proration = invoices[1];
  EXPECT_EQ(proration.subtotal(), 2000);
  EXPECT_EQ(TaxOf(proration), 145);  // 290 - 145
  EXPECT_EQ(proration.total(), 2145);
  EXPECT_EQ(proration.amount_paid(), 2145);
  EXPECT_TRUE(proration.automatic_tax().enabled());
}

TEST_F(SubscriptionAutomaticTaxTest, ScheduledPhaseKeepsTheTax) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  absl::StatusOr<SubscriptionSchedule> schedule = engine_.subscription_schedules().Create(
      ParseParams<SubscriptionScheduleCreateParams>(
          absl::StrCat("from_subscription: \"", sub->id(), "\"")));
  ASSERT_THAT(schedule, IsOk());
  // The current phase now bills another price: its item takes the rate too.
  ASSERT_THAT(engine_.subscription_schedules().Update(
                  schedule->id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                                      "phases { items { price: \"", TaxedPrice(4000),
                                      "\" quantity: 1 } iterations: 2 }"))),
              IsOk());
  At(kFeb1 + kHour);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].subtotal(), 4000);
  EXPECT_EQ(TaxOf(invoices[1]), 290);
  EXPECT_EQ(invoices[1].total(), 4290);
}

TEST_F(SubscriptionAutomaticTaxTest, ValidateLocationAutoKeepsTheCustomersPlace) {
  const std::string customer = CustomerAt(kCalifornia);
  absl::StatusOr<Subscription> sub = Subscribe(customer, TaxedPrice(2000), kEnabled);
  ASSERT_THAT(sub, IsOk());
  // tax[validate_location]=auto (given, and the default on update) refuses removing the place.
  EXPECT_THAT(UpdateCustomer(customer, R"pb(address { postal_code: "" }
                                            tax { validate_location: "auto" })pb"),
              StripeErrorIs("invalid_request_error", "customer_tax_location_invalid"));
  EXPECT_THAT(UpdateCustomer(customer, R"pb(address { postal_code: "" })pb"),
              StripeErrorIs("invalid_request_error", "customer_tax_location_invalid"));
  absl::StatusOr<Customer> kept = engine_.customers().Retrieve(customer);
  ASSERT_THAT(kept, IsOk());
  EXPECT_EQ(kept->address().postal_code(), "94105");
  // Once the subscription no longer computes tax, the address may go.
  ASSERT_THAT(Update(sub->id(), "automatic_tax { enabled: false }"), IsOk());
  EXPECT_THAT(UpdateCustomer(customer, R"pb(address { postal_code: "" }
                                            tax { validate_location: "auto" })pb"),
              IsOk());
}

}  // namespace
}  // namespace paysim
