// Behaviour tests of a new subscription's add_invoice_items: one-time prices billed once, on
// the first invoice (with or without a trial), never on a renewal; refusals that change nothing.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/billing_test_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;

class SubscriptionAddInvoiceItemsTest : public BillingTest {
 protected:
  // A one-time price of `amount` `currency`.
  std::string OneTimePrice(int64_t amount, const std::string& currency = "usd") {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"", currency, "\" unit_amount: ", amount,
                     " product_data { name: \"Setup fee\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  absl::StatusOr<Subscription> Create(const std::string& text) {
    return engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(text));
  }
};

TEST_F(SubscriptionAddInvoiceItemsTest, TheFirstInvoiceBillsThemOnceAndRenewalsDoNot) {
  const std::string customer = NewCustomer();
  const std::string fee = OneTimePrice(2500);
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500),
      "\" } add_invoice_items { price: \"", fee, "\" quantity: 2 }"));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.amount_paid(), 1500 + 2 * 2500);
  ASSERT_EQ(first.lines().data_size(), 2);
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].subscription(), sub->id());
  EXPECT_EQ(items[0].invoice(), first.id());
  EXPECT_EQ(items[0].amount(), 5000);
  At(kFeb1);  // the renewal bills the price alone
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].lines().data_size(), 1);
  EXPECT_EQ(invoices[1].amount_due(), 1500);
}

TEST_F(SubscriptionAddInvoiceItemsTest, ATrialsFirstInvoiceStillBillsThem) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500),
      "\" } trial_period_days: 7 add_invoice_items { price: \"", OneTimePrice(900), "\" }"));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "trialing");
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.amount_paid(), 900);
}

TEST_F(SubscriptionAddInvoiceItemsTest, RefusalsNameTheItemAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1500);
  const std::string before = Snapshot();
  const std::string base =
      absl::StrCat("customer: \"", customer, "\" items { price: \"", monthly, "\" } ");
  EXPECT_THAT(Create(base + "add_invoice_items { quantity: 1 }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "add_invoice_items[0][price]"));
  EXPECT_THAT(Create(base + "add_invoice_items { price: \"" + monthly + "\" }"),
              StripeErrorWithParam("invalid_request_error", "", "add_invoice_items[0][price]"));
  EXPECT_THAT(Create(base + "add_invoice_items { price: \"" + OneTimePrice(100, "eur") + "\" }"),
              StripeErrorWithParam("invalid_request_error", "", "add_invoice_items[0][price]"));
  const std::string fee = OneTimePrice(100);
  const std::string with_prices = Snapshot();
  EXPECT_THAT(Create(base + "add_invoice_items { price: \"" + fee + "\" quantity: 0 }"),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "add_invoice_items[0][quantity]"));
  EXPECT_THAT(Create(base + "add_invoice_items { price: \"price_missing\" }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "add_invoice_items[0][price]"));
  EXPECT_EQ(Snapshot(), with_prices);
  EXPECT_NE(before, with_prices);  // only the prices made between the calls
  EXPECT_TRUE(InvoiceItemsOf(customer).empty());
}

}  // namespace
}  // namespace paysim
