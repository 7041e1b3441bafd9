// Behaviour tests of Prices: one-time and recurring creation, product vs product_data, every
// check, update (what may change, lookup keys, tax_behavior once), list filters, events.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr int64_t kStart = 1767225600;

class PricesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Product> product =
        engine_.products().Create(ParseParams<ProductCreateParams>(R"pb(name: "Plan")pb"));
    ASSERT_THAT(product, IsOk());
    product_ = product->id();
  }

  PriceCreateParams Params(absl::string_view text) {
    PriceCreateParams params = ParseParams<PriceCreateParams>(text);
    if (!params.has_product() && !params.has_product_data()) params.set_product(product_);
    return params;
  }

  Price MustCreate(absl::string_view text) {
    absl::StatusOr<Price> price = engine_.prices().Create(Params(text));
    EXPECT_THAT(price, IsOk());
    return price.value_or(Price());
  }

  void ExpectRejected(const PriceCreateParams& params, const std::string& code,
                      const std::string& param) {
    const size_t events = engine_.events().size();
    EXPECT_THAT(engine_.prices().Create(params),
                StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_EQ(engine_.events().size(), events);
  }
  void ExpectRejected(absl::string_view text, const std::string& code, const std::string& param) {
    ExpectRejected(Params(text), code, param);
  }

  std::string LastEventType() {
    EventListParams last;
    last.set_limit(1);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(last);
    return page.ok() && !page->data.empty() ? page->data[0].type() : "";
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 6}};
  std::string product_;
};

TEST_F(PricesTest, OneTimePrice) {
  Price p = MustCreate(R"pb(currency: "usd" unit_amount: 2000 nickname: "Standard")pb");
  EXPECT_THAT(p.id(), StartsWith("price_"));
  EXPECT_EQ(p.id().size(), 6u + 24u);
  EXPECT_EQ(p.object(), "price");
  EXPECT_TRUE(p.active());
  EXPECT_EQ(p.billing_scheme(), "per_unit");
  EXPECT_EQ(p.created(), kStart);
  EXPECT_EQ(p.currency(), "usd");
  EXPECT_EQ(p.product(), product_);
  EXPECT_FALSE(p.has_recurring());
  EXPECT_EQ(p.tax_behavior(), "unspecified");
  EXPECT_EQ(p.type(), "one_time");
  EXPECT_EQ(p.unit_amount(), 2000);
  EXPECT_EQ(p.unit_amount_decimal(), "2000");
  EXPECT_EQ(p.nickname(), "Standard");
  EXPECT_EQ(LastEventType(), "price.created");
}

TEST_F(PricesTest, RecurringPrice) {
  Price p = MustCreate(
      R"pb(currency: "eur" unit_amount: 900 recurring { interval: "month" interval_count: 3 })pb");
  EXPECT_EQ(p.type(), "recurring");
  EXPECT_EQ(p.recurring().interval(), "month");
  EXPECT_EQ(p.recurring().interval_count(), 3);
  EXPECT_EQ(p.recurring().usage_type(), "licensed");
}

TEST_F(PricesTest, ZeroIsAnAmount) {
  EXPECT_EQ(MustCreate(R"pb(currency: "usd" unit_amount: 0)pb").unit_amount(), 0);
}

TEST_F(PricesTest, ProductDataMakesAProductFirst) {
  absl::StatusOr<Price> price = engine_.prices().Create(ParseParams<PriceCreateParams>(
      R"pb(currency: "usd" unit_amount: 500 product_data { name: "Gift wrap" })pb"));
  ASSERT_THAT(price, IsOk());
  absl::StatusOr<Product> product = engine_.products().Retrieve(price->product());
  ASSERT_THAT(product, IsOk());
  EXPECT_EQ(product->name(), "Gift wrap");
  EventListParams two;
  two.set_limit(2);
  absl::StatusOr<ListResult<Event>> events = engine_.events().List(two);
  ASSERT_THAT(events, IsOk());
  EXPECT_EQ(events->data[1].type(), "product.created");
  EXPECT_EQ(events->data[0].type(), "price.created");
}

TEST_F(PricesTest, Checks) {
  ExpectRejected(R"pb(unit_amount: 100)pb", "parameter_missing", "currency");
  ExpectRejected(R"pb(currency: "xyz" unit_amount: 100)pb", "", "currency");
  ExpectRejected(R"pb(currency: "usd")pb", "parameter_missing", "unit_amount");
  ExpectRejected(R"pb(currency: "usd" unit_amount: -1)pb", "parameter_invalid_integer",
                 "unit_amount");
  ExpectRejected(R"pb(currency: "usd" unit_amount: 100000000)pb", "parameter_invalid_integer",
                 "unit_amount");
  ExpectRejected(ParseParams<PriceCreateParams>(R"pb(currency: "usd" unit_amount: 100)pb"),
                 "parameter_missing", "product");
  ExpectRejected(ParseParams<PriceCreateParams>(R"pb(currency: "usd" unit_amount: 100
                                                     product: "prod_x" product_data { name: "x" })pb"),
                 "", "product");
  ExpectRejected(ParseParams<PriceCreateParams>(
                     R"pb(currency: "usd" unit_amount: 100 product: "prod_missing")pb"),
                 "resource_missing", "product");
  ExpectRejected(ParseParams<PriceCreateParams>(
                     R"pb(currency: "usd" unit_amount: 100 product_data { description: "x" })pb"),
                 "parameter_missing", "product_data[name]");
  ExpectRejected(R"pb(currency: "usd" unit_amount: 100 recurring { interval_count: 1 })pb",
                 "parameter_missing", "recurring[interval]");
  ExpectRejected(R"pb(currency: "usd" unit_amount: 100 recurring { interval: "hour" })pb", "",
                 "recurring[interval]");
  ExpectRejected(
      R"pb(currency: "usd" unit_amount: 100 recurring { interval: "month" interval_count: 0 })pb",
      "parameter_invalid_integer", "recurring[interval_count]");
  ExpectRejected(R"pb(currency: "usd" unit_amount: 100 tax_behavior: "sometimes")pb", "",
                 "tax_behavior");
}

TEST_F(PricesTest, IntervalsUpToThreeYears) {
  MustCreate(R"pb(currency: "usd" unit_amount: 1 recurring { interval: "month" interval_count: 36 })pb");
  MustCreate(R"pb(currency: "usd" unit_amount: 1 recurring { interval: "week" interval_count: 156 })pb");
  MustCreate(R"pb(currency: "usd" unit_amount: 1 recurring { interval: "year" interval_count: 3 })pb");
  ExpectRejected(
      R"pb(currency: "usd" unit_amount: 1 recurring { interval: "month" interval_count: 37 })pb",
      "", "recurring[interval_count]");
  ExpectRejected(
      R"pb(currency: "usd" unit_amount: 1 recurring { interval: "day" interval_count: 1096 })pb",
      "", "recurring[interval_count]");
}

TEST_F(PricesTest, LookupKeysAreUniqueAmongActivePrices) {
  Price first = MustCreate(R"pb(currency: "usd" unit_amount: 1 lookup_key: "standard")pb");
  ExpectRejected(R"pb(currency: "usd" unit_amount: 2 lookup_key: "standard")pb", "", "lookup_key");
  ASSERT_THAT(engine_.prices().Update(first.id(),
                                      ParseParams<PriceUpdateParams>(R"pb(active: false)pb")),
              IsOk());
  MustCreate(R"pb(currency: "usd" unit_amount: 2 lookup_key: "standard")pb");
}

TEST_F(PricesTest, UpdateChangesOnlyWhatStripeAllows) {
  Price p = MustCreate(R"pb(currency: "usd" unit_amount: 100 nickname: "old")pb");
  absl::StatusOr<Price> updated = engine_.prices().Update(
      p.id(), ParseParams<PriceUpdateParams>(
                  R"pb(nickname: "" active: false tax_behavior: "exclusive"
                       metadata { key: "k" value: "v" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_nickname());
  EXPECT_FALSE(updated->active());
  EXPECT_EQ(updated->tax_behavior(), "exclusive");
  EXPECT_EQ(updated->unit_amount(), 100);
  EXPECT_EQ(LastEventType(), "price.updated");
  EXPECT_THAT(engine_.prices().Update(
                  p.id(), ParseParams<PriceUpdateParams>(R"pb(tax_behavior: "inclusive")pb")),
              StripeErrorWithParam("invalid_request_error", "", "tax_behavior"));
}

TEST_F(PricesTest, ListFilters) {
  Price one_time = MustCreate(R"pb(currency: "usd" unit_amount: 100)pb");
  Price monthly = MustCreate(R"pb(currency: "eur" unit_amount: 100 recurring { interval: "month" })pb");
  PriceListParams recurring;
  recurring.set_type("recurring");
  absl::StatusOr<ListResult<Price>> page = engine_.prices().List(recurring);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), monthly.id());
  PriceListParams usd;
  usd.set_currency("usd");
  page = engine_.prices().List(usd);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), one_time.id());
  PriceListParams other;
  other.set_product("prod_other");
  page = engine_.prices().List(other);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->data, IsEmpty());
  PriceListParams bad;
  bad.set_type("weekly");
  EXPECT_THAT(engine_.prices().List(bad), StripeErrorWithParam("invalid_request_error", "", "type"));
}

}  // namespace
}  // namespace paysim
