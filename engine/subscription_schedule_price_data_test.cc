// Behaviour tests of prices given inline to a subscription schedule's phases:
// `phases[i][items][j][price_data]` (a recurring Price made for the phase when the schedule is
// stored, inactive, no price.created, billed by the subscription when the phase runs) and
// `phases[i][add_invoice_items]` (a one-time `price` or `price_data`, billed once on the first
// invoice of its phase); each phase change one second either side; refusals that name the
// parameter and change nothing.
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

class SchedulePriceDataTest : public BillingTest {
 protected:
  // A one-time price of `amount` usd.
  std::string NewOneTimePrice(int64_t amount) {
    absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
        absl::StrCat("currency: \"usd\" unit_amount: ", amount,
                     " product_data { name: \"Setup\" }")));
    EXPECT_THAT(price, IsOk());
    return price.ok() ? price->id() : "";
  }

  absl::StatusOr<SubscriptionSchedule> Schedule(const std::string& text) {
    return engine_.subscription_schedules().Create(
        ParseParams<SubscriptionScheduleCreateParams>(text));
  }

  // `items { price_data { ... } }`: `unit_amount` usd a month of `product`.
  static std::string InlineItem(const std::string& product, int64_t unit_amount) {
    return absl::StrCat("items { price_data { currency: \"usd\" product: \"", product,
                        "\" unit_amount: ", unit_amount,
                        " recurring { interval: \"month\" } } quantity: 2 }");
  }

  Price PriceOf(const std::string& id) {
    absl::StatusOr<Price> price = engine_.prices().Retrieve(id);
    EXPECT_THAT(price, IsOk());
    return price.ok() ? *price : Price();
  }
};

TEST_F(SchedulePriceDataTest, ANextPhasesInlinePriceIsMadeWithTheScheduleAndBilledFromItsStart) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  const std::string monthly = NewPrice(1500);
  const size_t first_event = events_.size();
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer, "\" start_date: \"now\" phases { items { price: \"", monthly,
      "\" } iterations: 1 } phases { ", InlineItem(product, 900), " iterations: 2 }"));
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->phases_size(), 2);
  const std::string made = s->phases(1).items(0).price();
  EXPECT_TRUE(absl::StartsWith(made, "price_")) << made;
  EXPECT_EQ(s->phases(1).items(0).plan(), made);
  EXPECT_EQ(s->phases(1).items(0).quantity(), 2);
  const Price price = PriceOf(made);
  EXPECT_FALSE(price.active());
  EXPECT_EQ(price.product(), product);
  EXPECT_EQ(price.unit_amount(), 900);
  EXPECT_EQ(price.recurring().interval(), "month");
  EXPECT_TRUE(TypesSince(first_event, "price.").empty());  // ad hoc: no price.created

  At(kFeb1 - 1);
  EXPECT_EQ(Sub(s->subscription()).items().data(0).price().id(), monthly);
  At(kFeb1);
  const Subscription moved = Sub(s->subscription());
  ASSERT_EQ(moved.items().data_size(), 1);
  EXPECT_EQ(moved.items().data(0).price().id(), made);  // the phase's own, not a new one
  EXPECT_EQ(moved.items().data(0).quantity(), 2);
  const std::vector<Invoice> invoices = InvoicesOf(moved.id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 2 * 900);
}

TEST_F(SchedulePriceDataTest, AFirstPhasesInlinePriceIsTheSubscriptionsItemPrice) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  absl::StatusOr<SubscriptionSchedule> s =
      Schedule(absl::StrCat("customer: \"", customer, "\" start_date: \"now\" phases { ",
                            InlineItem(product, 700), " iterations: 1 }"));
  ASSERT_THAT(s, IsOk());
  const Subscription sub = Sub(s->subscription());
  ASSERT_EQ(sub.items().data_size(), 1);
  EXPECT_EQ(sub.items().data(0).price().id(), s->phases(0).items(0).price());
  EXPECT_EQ(Inv(sub.latest_invoice()).amount_paid(), 1400);
}

TEST_F(SchedulePriceDataTest, AddInvoiceItemsAreBilledOnceOnTheFirstInvoiceOfTheirPhase) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct("Credit");
  const std::string monthly = NewPrice(1500);
  const std::string setup = NewOneTimePrice(4000);
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer, "\" start_date: \"now\" phases { items { price: \"", monthly,
      "\" } add_invoice_items { price: \"", setup, "\" } iterations: 1 } phases { items { "
      "price: \"", monthly, "\" } add_invoice_items { price_data { currency: \"usd\" product: \"",
      product, "\" unit_amount: -300 } quantity: 2 } iterations: 2 }"));
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->phases(0).add_invoice_items_size(), 1);
  EXPECT_EQ(s->phases(0).add_invoice_items(0).price(), setup);
  EXPECT_EQ(s->phases(0).add_invoice_items(0).quantity(), 1);
  ASSERT_EQ(s->phases(1).add_invoice_items_size(), 1);
  const std::string credit = s->phases(1).add_invoice_items(0).price();
  EXPECT_EQ(s->phases(1).add_invoice_items(0).quantity(), 2);
  const Price credit_price = PriceOf(credit);
  EXPECT_FALSE(credit_price.active());
  EXPECT_EQ(credit_price.type(), "one_time");
  EXPECT_EQ(credit_price.unit_amount(), -300);
  EXPECT_EQ(credit_price.unit_amount_decimal(), "-300");

  const std::string sub = s->subscription();
  EXPECT_EQ(Inv(Sub(sub).latest_invoice()).amount_paid(), 1500 + 4000);
  At(kFeb1 - 1);
  EXPECT_EQ(InvoiceItemsOf(customer).size(), 1u);  // the setup fee only
  At(kFeb1);
  const std::vector<InvoiceItem> items = InvoiceItemsOf(customer);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].amount(), -600);
  EXPECT_EQ(items[1].subscription(), sub);
  EXPECT_FALSE(items[1].discountable());
  std::vector<Invoice> invoices = InvoicesOf(sub);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 1500 - 600);
  At(kMar1);  // the phase's second period: billed once only
  invoices = InvoicesOf(sub);
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(invoices[2].amount_due(), 1500);
}

TEST_F(SchedulePriceDataTest, AnUpdateMakesItsInlinePricesWhenItApplies) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  const std::string monthly = NewPrice(1500);
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer, "\" start_date: \"now\" phases { items { price: \"", monthly,
      "\" } iterations: 2 }"));
  ASSERT_THAT(s, IsOk());
  absl::StatusOr<SubscriptionSchedule> updated = engine_.subscription_schedules().Update(
      s->id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                   "phases { items { price: \"", monthly, "\" } iterations: 1 } phases { ",
                   InlineItem(product, 2000), " iterations: 1 }")));
  ASSERT_THAT(updated, IsOk());
  const std::string made = updated->phases(1).items(0).price();
  EXPECT_TRUE(absl::StartsWith(made, "price_")) << made;
  At(kFeb1);
  EXPECT_EQ(Sub(s->subscription()).items().data(0).price().id(), made);
}

TEST_F(SchedulePriceDataTest, RefusalsNameThePhaseParameterAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string product = NewProduct();
  const std::string monthly = NewPrice(1500);
  const std::string yearly = NewPrice(15000, "year");
  const std::string setup = NewOneTimePrice(4000);
  const std::string first = absl::StrCat("phases { items { price: \"", monthly,
                                         "\" } iterations: 1 } ");
  const std::string before = Snapshot();
  struct Case {
    std::string phase;
    std::string code;
    std::string param;
  };
  const std::string data = absl::StrCat("currency: \"usd\" product: \"", product, "\"");
  const std::vector<Case> cases = {
      {absl::StrCat("items { price: \"", monthly, "\" price_data { ", data,
                    " unit_amount: 5 recurring { interval: \"month\" } } }"),
       "", "phases[1][items][0][price_data]"},
      {absl::StrCat("items { price_data { ", data, " unit_amount: 5 } }"), "parameter_missing",
       "phases[1][items][0][price_data][recurring]"},
      {absl::StrCat("items { price_data { product: \"", product,
                    "\" unit_amount: 5 recurring { interval: \"month\" } } }"),
       "parameter_missing", "phases[1][items][0][price_data][currency]"},
      {absl::StrCat("items { price_data { ", data,
                    " unit_amount: 5 recurring { interval: \"year\" } } }"),
       "", "phases[1][items][0][price_data]"},
      {absl::StrCat("items { price: \"", monthly, "\" } add_invoice_items { price: \"", yearly,
                    "\" }"),
       "", "phases[1][add_invoice_items][0][price]"},
      {absl::StrCat("items { price: \"", monthly, "\" } add_invoice_items { price: \"", setup,
                    "\" price_data { ", data, " unit_amount: 5 } }"),
       "", "phases[1][add_invoice_items][0][price_data]"},
      {absl::StrCat("items { price: \"", monthly, "\" } add_invoice_items { price_data { ",
                    "currency: \"eur\" product: \"", product, "\" unit_amount: 5 } }"),
       "", "phases[1][add_invoice_items][0][price_data][currency]"},
      {absl::StrCat("items { price: \"", monthly, "\" } add_invoice_items { price: \"", setup,
                    "\" quantity: 0 }"),
       "parameter_invalid_integer", "phases[1][add_invoice_items][0][quantity]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.phase);
    EXPECT_THAT(Schedule(absl::StrCat("customer: \"", customer, "\" start_date: \"now\" ", first,
                                      "phases { ", c.phase, " iterations: 1 }")),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Snapshot(), before);  // no price made, no id drawn
}

}  // namespace
}  // namespace paysim
