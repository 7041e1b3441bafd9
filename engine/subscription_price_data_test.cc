// Behaviour tests of prices given inline to a new subscription: `items[i][price_data]` (a
// recurring Price made for the item, inactive, no price.created) and
// `add_invoice_items[i][price_data]` (a one-time amount billed on the first invoice); refusals
// that name the parameter and change nothing.
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

class SubscriptionPriceDataTest : public BillingTest {
 protected:
  absl::StatusOr<Subscription> Create(const std::string& text) {
    return engine_.subscriptions().Create(ParseParams<SubscriptionCreateParams>(text));
  }

  // `items { price_data { ... } }` for `product`: `unit_amount` usd per `interval`.
  static std::string Inline(const std::string& product, int64_t unit_amount,
                            const std::string& interval = "month", int64_t count = 1) {
    return absl::StrCat("items { price_data { currency: \"usd\" product: \"", product,
                        "\" unit_amount: ", unit_amount, " recurring { interval: \"", interval,
                        "\" interval_count: ", count, " } } quantity: 2 }");
  }
};

TEST_F(SubscriptionPriceDataTest, AnItemsInlinePriceIsMadeInactiveAndBilledEveryPeriod) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  const size_t first_event = events_.size();
  absl::StatusOr<Subscription> sub =
      Create(absl::StrCat("customer: \"", customer, "\" ", Inline(product, 1200)));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  ASSERT_EQ(sub->items().data_size(), 1);
  const Price& price = sub->items().data(0).price();
  EXPECT_TRUE(absl::StartsWith(price.id(), "price_")) << price.id();
  EXPECT_FALSE(price.active());  // Stripe: prices made from price_data are archived
  EXPECT_EQ(price.product(), product);
  EXPECT_EQ(price.unit_amount(), 1200);
  EXPECT_EQ(price.currency(), "usd");
  EXPECT_EQ(price.type(), "recurring");
  EXPECT_EQ(price.recurring().interval(), "month");
  EXPECT_EQ(price.recurring().usage_type(), "licensed");
  EXPECT_EQ(price.tax_behavior(), "unspecified");
  EXPECT_EQ(sub->items().data(0).quantity(), 2);
  // Retrievable by its id, never listed, no price.created.
  absl::StatusOr<Price> retrieved = engine_.prices().Retrieve(price.id());
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_FALSE(retrieved->active());
  absl::StatusOr<ListResult<Price>> listed = engine_.prices().List(PriceListParams());
  ASSERT_THAT(listed, IsOk());
  for (const Price& p : listed->data) EXPECT_NE(p.id(), price.id());
  EXPECT_TRUE(TypesSince(first_event, "price.").empty());

  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.status(), "paid");
  EXPECT_EQ(first.amount_paid(), 2 * 1200);
  At(kFeb1 - 1);  // one second before the period ends: nothing new
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  At(kFeb1);  // the renewal bills the inline price again
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 2 * 1200);
}

TEST_F(SubscriptionPriceDataTest, InlineItemsFollowTheSubscriptionsCurrencyAndIntervalRules) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500), "\" } ",
      Inline(product, 300), " items { price_data { currency: \"usd\" product: \"", product,
      "\" unit_amount: 100 tax_behavior: \"exclusive\" recurring { interval: \"month\" } } }"));
  ASSERT_THAT(sub, IsOk());
  ASSERT_EQ(sub->items().data_size(), 3);
  EXPECT_NE(sub->items().data(1).price().id(), sub->items().data(2).price().id());
  EXPECT_EQ(sub->items().data(2).price().tax_behavior(), "exclusive");
  EXPECT_EQ(sub->items().data(2).quantity(), 1);
  EXPECT_EQ(Inv(sub->latest_invoice()).amount_paid(), 1500 + 2 * 300 + 100);

  // A yearly inline price beside a monthly one is refused as a yearly price would be.
  EXPECT_THAT(Create(absl::StrCat("customer: \"", customer, "\" items { price: \"",
                                  NewPrice(1500), "\" } ", Inline(product, 300, "year"))),
              StripeErrorWithParam("invalid_request_error", "", "items[1][price_data]"));
}

TEST_F(SubscriptionPriceDataTest, RefusalsNameTheInlineParameterAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  const std::string monthly = NewPrice(1500);
  const std::string before = Snapshot();
  const std::string base = absl::StrCat("customer: \"", customer, "\" ");
  const std::string good = absl::StrCat("product: \"", product, "\" unit_amount: 100 ");
  struct Case {
    std::string items;
    std::string code;
    std::string param;
  };
  const std::vector<Case> cases = {
      {absl::StrCat("items { price: \"", monthly, "\" price_data { currency: \"usd\" ", good,
                    "recurring { interval: \"month\" } } }"),
       "", "items[0][price_data]"},
      {absl::StrCat("items { price_data { ", good, "recurring { interval: \"month\" } } }"),
       "parameter_missing", "items[0][price_data][currency]"},
      {"items { price_data { currency: \"usd\" unit_amount: 100 "
       "recurring { interval: \"month\" } } }",
       "parameter_missing", "items[0][price_data][product]"},
      {absl::StrCat("items { price_data { currency: \"usd\" ", good, "} }"), "parameter_missing",
       "items[0][price_data][recurring]"},
      {absl::StrCat("items { price_data { currency: \"usd\" ", good, "recurring { } } }"),
       "parameter_missing", "items[0][price_data][recurring][interval]"},
      {absl::StrCat("items { price_data { currency: \"usd\" ", good,
                    "recurring { interval: \"fortnight\" } } }"),
       "", "items[0][price_data][recurring][interval]"},
      {absl::StrCat("items { price_data { currency: \"usd\" ", good,
                    "recurring { interval: \"month\" interval_count: 37 } } }"),
       "", "items[0][price_data][recurring][interval_count]"},
      {absl::StrCat("items { price_data { currency: \"usd\" product: \"prod_missing\" "
                    "unit_amount: 100 recurring { interval: \"month\" } } }"),
       "resource_missing", "items[0][price_data][product]"},
      {absl::StrCat("items { price_data { currency: \"usd\" product: \"", product,
                    "\" unit_amount: -1 recurring { interval: \"month\" } } }"),
       "parameter_invalid_integer", "items[0][price_data][unit_amount]"},
      {absl::StrCat("items { price_data { currency: \"usd\" ", good,
                    "tax_behavior: \"sometimes\" recurring { interval: \"month\" } } }"),
       "", "items[0][price_data][tax_behavior]"},
      {absl::StrCat("items { price: \"", monthly, "\" } items { price_data { currency: \"eur\" ",
                    good, "recurring { interval: \"month\" } } }"),
       "", "items[1][price_data]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.items);
    EXPECT_THAT(Create(base + c.items),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Snapshot(), before);  // no price made, no id drawn
}

TEST_F(SubscriptionPriceDataTest, AddInvoiceItemsPriceDataBillsOnceOnTheFirstInvoice) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("Setup");
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500),
      "\" } add_invoice_items { price_data { currency: \"usd\" product: \"", product,
      "\" unit_amount: 2500 } quantity: 2 }"));
  ASSERT_THAT(sub, IsOk());
  const Invoice first = Inv(sub->latest_invoice());
  EXPECT_EQ(first.amount_paid(), 1500 + 2 * 2500);
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].subscription(), sub->id());
  EXPECT_EQ(items[0].amount(), 5000);
  EXPECT_EQ(items[0].pricing().price_details().product(), product);
  At(kFeb1);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 1500);
}

TEST_F(SubscriptionPriceDataTest, ANegativeAmountIsACreditOnTheFirstInvoice) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("Welcome credit");
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500),
      "\" } add_invoice_items { price_data { currency: \"usd\" product: \"", product,
      "\" unit_amount: -500 } } add_invoice_items { price_data { currency: \"usd\" product: \"",
      product, "\" unit_amount_decimal: \"-0.5\" } quantity: 3 }"));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(Inv(sub->latest_invoice()).amount_paid(), 1500 - 500 - 2);  // 1.5 rounds to 2
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].amount(), -500);
  EXPECT_EQ(items[0].unit_amount_decimal(), "-500");
  EXPECT_FALSE(items[0].discountable());
  EXPECT_EQ(items[1].amount(), -2);
  EXPECT_EQ(items[1].unit_amount_decimal(), "-0.5");
}

TEST_F(SubscriptionPriceDataTest, AddInvoiceItemsPriceDataRefusalsChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("Setup");
  const std::string base = absl::StrCat("customer: \"", customer, "\" items { price: \"",
                                        NewPrice(1500), "\" } ");
  const std::string before = Snapshot();
  struct Case {
    std::string item;
    std::string code;
    std::string param;
  };
  const std::vector<Case> cases = {
      {absl::StrCat("price: \"price_x\" price_data { currency: \"usd\" product: \"", product,
                    "\" unit_amount: 1 }"),
       "", "add_invoice_items[0][price_data]"},
      {absl::StrCat("price_data { product: \"", product, "\" unit_amount: 1 }"),
       "parameter_missing", "add_invoice_items[0][price_data][currency]"},
      {"price_data { currency: \"usd\" unit_amount: 1 }", "parameter_missing",
       "add_invoice_items[0][price_data][product]"},
      {"price_data { currency: \"usd\" product: \"prod_nope\" unit_amount: 1 }",
       "resource_missing", "add_invoice_items[0][price_data][product]"},
      {absl::StrCat("price_data { currency: \"usd\" product: \"", product, "\" }"),
       "parameter_missing", "add_invoice_items[0][price_data][unit_amount]"},
      {absl::StrCat("price_data { currency: \"usd\" product: \"", product,
                    "\" unit_amount: 5 unit_amount_decimal: \"5\" }"),
       "", "add_invoice_items[0][price_data][unit_amount_decimal]"},
      {absl::StrCat("price_data { currency: \"usd\" product: \"", product,
                    "\" unit_amount_decimal: \"1.2.3\" }"),
       "parameter_invalid_decimal", "add_invoice_items[0][price_data][unit_amount_decimal]"},
      {absl::StrCat("price_data { currency: \"eur\" product: \"", product,
                    "\" unit_amount: 5 }"),
       "", "add_invoice_items[0][price_data][currency]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.item);
    EXPECT_THAT(Create(absl::StrCat(base, "add_invoice_items { ", c.item, " }")),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SubscriptionPriceDataTest, AnUpdateMovesAnItemToAnInlinePriceMadeWhenItApplies) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500), "\" }"));
  ASSERT_THAT(sub, IsOk());
  const std::string item = sub->items().data(0).id();
  At(kStart + 10 * kDay);
  absl::StatusOr<Subscription> updated = engine_.subscriptions().Update(
      sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                     "items { id: \"", item, "\" price_data { currency: \"usd\" product: \"",
                     product, "\" unit_amount: 3000 recurring { interval: \"month\" } } } "
                     "proration_behavior: \"none\"")));
  ASSERT_THAT(updated, IsOk());
  ASSERT_EQ(updated->items().data_size(), 1);
  EXPECT_EQ(updated->items().data(0).id(), item);
  const Price& price = updated->items().data(0).price();
  EXPECT_TRUE(absl::StartsWith(price.id(), "price_")) << price.id();
  EXPECT_FALSE(price.active());
  EXPECT_EQ(price.unit_amount(), 3000);
  At(kFeb1);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 3000);

  // Refused as on create, naming the update's item; nothing changes.
  const std::string other = NewPrice(900);
  const std::string before = Snapshot();
  EXPECT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                                 "items { id: \"", item, "\" price: \"", other,
                                 "\" price_data { currency: \"usd\" product: \"", product,
                                 "\" unit_amount: 1 recurring { interval: \"month\" } } }"))),
              StripeErrorWithParam("invalid_request_error", "", "items[0][price_data]"));
  EXPECT_THAT(engine_.subscriptions().Update(
                  sub->id(), ParseParams<SubscriptionChangeParams>(absl::StrCat(
                                 "items { price_data { currency: \"usd\" product: \"", product,
                                 "\" unit_amount: 1 recurring { interval: \"year\" } } }"))),
              StripeErrorWithParam("invalid_request_error", "", "items[0][price_data]"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SubscriptionPriceDataTest, TheSubscriptionItemsApiTakesInlinePrices) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  absl::StatusOr<Subscription> sub = Create(absl::StrCat(
      "customer: \"", customer, "\" items { price: \"", NewPrice(1500), "\" }"));
  ASSERT_THAT(sub, IsOk());
  const std::string data = absl::StrCat("price_data { currency: \"usd\" product: \"", product,
                                        "\" unit_amount: 400 recurring { interval: \"month\" } }");
  absl::StatusOr<SubscriptionItem> added =
      engine_.subscription_items().Create(ParseParams<SubscriptionItemCreateParams>(absl::StrCat(
          "subscription: \"", sub->id(), "\" quantity: 2 proration_behavior: \"none\" ", data)));
  ASSERT_THAT(added, IsOk());
  EXPECT_FALSE(added->price().active());
  EXPECT_EQ(added->price().unit_amount(), 400);
  EXPECT_EQ(added->quantity(), 2);
  // Two items priced inline at once are two prices, never "the same price twice".
  absl::StatusOr<SubscriptionItem> repriced = engine_.subscription_items().Update(
      added->id(), ParseParams<SubscriptionItemUpdateParams>(absl::StrCat(
                       "proration_behavior: \"none\" price_data { currency: \"usd\" product: \"",
                       product, "\" unit_amount: 450 recurring { interval: \"month\" } }")));
  ASSERT_THAT(repriced, IsOk());
  EXPECT_EQ(repriced->id(), added->id());
  EXPECT_NE(repriced->price().id(), added->price().id());
  EXPECT_EQ(repriced->price().unit_amount(), 450);
  At(kFeb1);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 1500 + 2 * 450);

  const std::string before = Snapshot();
  EXPECT_THAT(engine_.subscription_items().Create(ParseParams<SubscriptionItemCreateParams>(
                  absl::StrCat("subscription: \"", sub->id(),
                               "\" price_data { currency: \"usd\" product: \"", product,
                               "\" unit_amount: 1 } "))),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "price_data[recurring]"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(SubscriptionPriceDataTest, ANewSubscriptionsPreviewPricesInlineItemsWithoutMakingThem) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  const std::string before = Snapshot();
  absl::StatusOr<Invoice> preview = engine_.invoices().CreatePreview(
      ParseParams<InvoiceCreatePreviewParams>(absl::StrCat(
          "customer: \"", customer, "\" subscription_details { items { price_data { "
          "currency: \"usd\" product: \"", product, "\" unit_amount: 800 recurring { "
          "interval: \"month\" } } quantity: 3 } }")));
  ASSERT_THAT(preview, IsOk());
  EXPECT_EQ(preview->amount_due(), 2400);
  EXPECT_EQ(Snapshot(), before);  // no price made, no id drawn
}

}  // namespace
}  // namespace paysim
