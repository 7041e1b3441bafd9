// Behaviour tests of add_invoice_items: a new subscription's one-time prices billed once, on
// the first invoice (with or without a trial), never on a renewal; an update's, on the next
// invoice (the next renewal's, or the update's own); refusals that change nothing.
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

TEST_F(SubscriptionAddInvoiceItemsTest, AnUpdatesItemsGoOnTheNextRenewalOrItsOwnInvoice) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1500);
  absl::StatusOr<Subscription> sub =
      Create(absl::StrCat("customer: \"", customer, "\" items { price: \"", monthly, "\" }"));
  ASSERT_THAT(sub, IsOk());
  const std::string fee = OneTimePrice(700);
  At(kStart + 10 * kDay);
  absl::StatusOr<Subscription> updated = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>(
                     absl::StrCat("add_invoice_items { price: \"", fee, "\" quantity: 2 }")));
  ASSERT_THAT(updated, IsOk());
  std::vector<InvoiceItem> items = InvoiceItemsOf(customer);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].subscription(), sub->id());
  EXPECT_FALSE(items[0].has_invoice());  // pending until the next invoice
  At(kFeb1 - 1);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  At(kFeb1);
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 1500 + 2 * 700);

  // An update that invoices now (a new quantity, always_invoice) bills them on its invoice.
  At(kFeb1 + 14 * kDay);
  updated = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                     "items { id: \"", sub->items().data(0).id(), "\" quantity: 2 } "
                     "proration_behavior: \"always_invoice\" add_invoice_items { price: \"",
                     fee, "\" }")));
  ASSERT_THAT(updated, IsOk());
  invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(invoices[2].billing_reason(), "subscription_update");
  bool billed_fee = false;
  for (const InvoiceLineItem& line : invoices[2].lines().data()) {
    if (line.amount() == 700) billed_fee = true;
  }
  EXPECT_TRUE(billed_fee);

  // Refused as on create, naming the item; nothing changes.
  const std::string before = Snapshot();
  EXPECT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                                 "add_invoice_items { price: \"", monthly, "\" }"))),
              StripeErrorWithParam("invalid_request_error", "", "add_invoice_items[0][price]"));
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace paysim
