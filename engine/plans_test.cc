// Behaviour tests of Plans: a plan is a recurring Price seen another way (one record, one id),
// creation with a product id or inline, every check, update, delete, list, and the events.
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::StartsWith;

class PlansTest : public BillingTest {
 protected:
  PlansTest() {
    absl::StatusOr<Product> product =
        engine_.products().Create(ParseParams<ProductCreateParams>(R"pb(name: "Gold")pb"));
    EXPECT_THAT(product, IsOk());
    product_ = product.ok() ? product->id() : "";
    first_ = events_.size();
  }

  PlanCreateParams Params(absl::string_view text) {
    PlanCreateParams params = ParseParams<PlanCreateParams>(text);
    if (!params.has_product()) params.mutable_product()->set_string_form(product_);
    return params;
  }

  Plan MustCreate(absl::string_view text) {
    absl::StatusOr<Plan> plan = engine_.plans().Create(Params(text));
    EXPECT_THAT(plan, IsOk());
    return plan.value_or(Plan());
  }

  void ExpectRejected(const PlanCreateParams& params, const std::string& code,
                      const std::string& param) {
    const size_t events = events_.size();
    const size_t prices = PriceCount();
    EXPECT_THAT(engine_.plans().Create(params),
                StripeErrorWithParam("invalid_request_error", code, param));
    EXPECT_EQ(events_.size(), events);
    EXPECT_EQ(PriceCount(), prices);
  }
  void ExpectRejected(absl::string_view text, const std::string& code, const std::string& param) {
    ExpectRejected(Params(text), code, param);
  }

  size_t PriceCount() {
    PriceListParams all;
    all.set_limit(100);
    absl::StatusOr<ListResult<Price>> page = engine_.prices().List(all);
    return page.ok() ? page->data.size() : 0;
  }

  std::vector<std::string> ListIds(const PlanListParams& params = PlanListParams()) {
    absl::StatusOr<ListResult<Plan>> list = engine_.plans().List(params);
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const Plan& p : list->data) ids.push_back(p.id());
    }
    return ids;
  }

  std::string product_;
  size_t first_ = 0;
};

TEST_F(PlansTest, CreateMakesAPriceWithTheSameId) {
  Plan plan = MustCreate(R"pb(amount: 2000 currency: "usd" interval: "month" nickname: "Gold"
                              metadata { key: "tier" value: "gold" })pb");
  EXPECT_THAT(plan.id(), StartsWith("price_"));
  EXPECT_EQ(plan.object(), "plan");
  EXPECT_TRUE(plan.active());
  EXPECT_EQ(plan.amount(), 2000);
  EXPECT_EQ(plan.amount_decimal(), "2000");
  EXPECT_EQ(plan.billing_scheme(), "per_unit");
  EXPECT_EQ(plan.created(), kStart);
  EXPECT_EQ(plan.currency(), "usd");
  EXPECT_EQ(plan.interval(), "month");
  EXPECT_EQ(plan.interval_count(), 1);
  EXPECT_FALSE(plan.livemode());
  EXPECT_EQ(plan.metadata().at("tier"), "gold");
  EXPECT_FALSE(plan.has_meter());
  EXPECT_EQ(plan.nickname(), "Gold");
  EXPECT_EQ(plan.product(), product_);
  EXPECT_FALSE(plan.has_trial_period_days());
  EXPECT_EQ(plan.usage_type(), "licensed");

  absl::StatusOr<Price> price = engine_.prices().Retrieve(plan.id());
  ASSERT_THAT(price, IsOk());
  EXPECT_EQ(price->type(), "recurring");
  EXPECT_EQ(price->unit_amount(), 2000);
  EXPECT_EQ(price->recurring().interval(), "month");
  EXPECT_EQ(price->nickname(), "Gold");
  EXPECT_THAT(TypesSince(first_), ElementsAre("price.created", "plan.created"));
  EXPECT_EQ(events_.back().data().object().plan().id(), plan.id());
}

TEST_F(PlansTest, InlineProductCustomIdAndDecimalAmount) {
  absl::StatusOr<BillingMeter> meter =
      engine_.meters().Create(ParseParams<BillingMeterCreateParams>(
          R"pb(display_name: "Seats used" event_name: "seat_used"
               default_aggregation { formula: "last" })pb"));
  ASSERT_THAT(meter, IsOk());
  first_ = events_.size();
  PlanCreateParams params = ParseParams<PlanCreateParams>(
      R"pb(id: "gold-monthly" amount_decimal: "1500.00" currency: "EUR" interval: "week"
           interval_count: 2 usage_type: "metered" billing_scheme: "per_unit" active: false
           product { name: "Inline" unit_label: "seat" })pb");
  // From 2025-03-31.basil a metered plan needs a meter (Stripe removed usage records).
  ExpectRejected(params, "parameter_missing", "meter");
  params.set_meter(meter->id());
  absl::StatusOr<Plan> plan = engine_.plans().Create(params);
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->meter(), meter->id());
  EXPECT_EQ(plan->id(), "gold-monthly");
  EXPECT_EQ(plan->amount(), 1500);
  EXPECT_EQ(plan->currency(), "eur");
  EXPECT_EQ(plan->interval(), "week");
  EXPECT_EQ(plan->interval_count(), 2);
  EXPECT_EQ(plan->usage_type(), "metered");
  EXPECT_FALSE(plan->active());
  absl::StatusOr<Product> product = engine_.products().Retrieve(plan->product());
  ASSERT_THAT(product, IsOk());
  EXPECT_EQ(product->name(), "Inline");
  EXPECT_EQ(product->unit_label(), "seat");
  EXPECT_THAT(TypesSince(first_), ElementsAre("product.created", "price.created", "plan.created"));
}

TEST_F(PlansTest, RefusedCreatesChangeNothing) {
  ExpectRejected(R"pb(currency: "usd" interval: "month")pb", "parameter_missing", "amount");
  ExpectRejected(R"pb(amount: 1 interval: "month")pb", "parameter_missing", "currency");
  ExpectRejected(R"pb(amount: 1 currency: "usd")pb", "parameter_missing", "interval");
  ExpectRejected(R"pb(amount: 1 currency: "usd" interval: "fortnight")pb", "", "interval");
  ExpectRejected(R"pb(amount: 1 currency: "xyz" interval: "month")pb", "", "currency");
  ExpectRejected(R"pb(amount: -1 currency: "usd" interval: "month")pb",
                 "parameter_invalid_integer", "amount");
  ExpectRejected(R"pb(amount: 100000000 currency: "usd" interval: "month")pb",
                 "parameter_invalid_integer", "amount");
  ExpectRejected(R"pb(amount: 1 amount_decimal: "1" currency: "usd" interval: "month")pb", "",
                 "amount");
  ExpectRejected(R"pb(amount_decimal: "1.5" currency: "usd" interval: "month")pb", "",
                 "amount_decimal");
  ExpectRejected(R"pb(amount_decimal: "abc" currency: "usd" interval: "month")pb", "",
                 "amount_decimal");
  ExpectRejected(R"pb(amount: 1 currency: "usd" interval: "month" interval_count: 0)pb",
                 "parameter_invalid_integer", "interval_count");
  ExpectRejected(R"pb(amount: 1 currency: "usd" interval: "month" interval_count: 37)pb", "",
                 "interval_count");
  ExpectRejected(R"pb(amount: 1 currency: "usd" interval: "month" usage_type: "x")pb", "",
                 "usage_type");
  ExpectRejected(R"pb(amount: 1 currency: "usd" interval: "month" billing_scheme: "tiered")pb",
                 "", "amount");  // a tiered plan's tiers price it
  ExpectRejected(R"pb(currency: "usd" interval: "month" billing_scheme: "tiered")pb",
                 "parameter_missing", "tiers_mode");
  ExpectRejected(R"pb(currency: "usd" interval: "month" billing_scheme: "tiered"
                      tiers_mode: "volume")pb",
                 "parameter_missing", "tiers");
  ExpectRejected(R"pb(amount: 1 currency: "usd" interval: "month" metadata { key: "" value: "v" })pb",
                 "", "metadata");
  ExpectRejected(ParseParams<PlanCreateParams>(R"pb(amount: 1 currency: "usd" interval: "month")pb"),
                 "parameter_missing", "product");
  ExpectRejected(ParseParams<PlanCreateParams>(
                     R"pb(amount: 1 currency: "usd" interval: "month" product { string_form: "prod_x" })pb"),
                 "resource_missing", "product");
  ExpectRejected(ParseParams<PlanCreateParams>(
                     R"pb(amount: 1 currency: "usd" interval: "month" product { active: true })pb"),
                 "parameter_missing", "product[name]");
  ExpectRejected(ParseParams<PlanCreateParams>(
                     R"pb(amount: 1 currency: "usd" interval: "month"
                          product { string_form: "prod_x" name: "n" })pb"),
                 "", "product");
  MustCreate(R"pb(id: "taken" amount: 1 currency: "usd" interval: "month")pb");
  ExpectRejected(R"pb(id: "taken" amount: 1 currency: "usd" interval: "month")pb",
                 "resource_already_exists", "id");
}

TEST_F(PlansTest, EveryRecurringPriceIsAPlan) {
  const std::string recurring = NewPrice(700, "year");
  absl::StatusOr<Price> one_time = engine_.prices().Create(ParseParams<PriceCreateParams>(
      "currency: \"usd\" unit_amount: 5 product: \"" + product_ + "\""));
  ASSERT_THAT(one_time, IsOk());
  absl::StatusOr<Plan> plan = engine_.plans().Retrieve(recurring);
  ASSERT_THAT(plan, IsOk());
  EXPECT_EQ(plan->amount(), 700);
  EXPECT_EQ(plan->interval(), "year");
  EXPECT_THAT(engine_.plans().Retrieve(one_time->id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.plans().Retrieve("price_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(ListIds(), ElementsAre(recurring));
}

TEST_F(PlansTest, APlanIsAPriceForSubscriptions) {
  Plan plan = MustCreate(R"pb(amount: 2500 currency: "usd" interval: "month")pb");
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), plan.id());
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->items().data(0).price().id(), plan.id());
  EXPECT_EQ(Inv(sub->latest_invoice()).amount_due(), 2500);
}

TEST_F(PlansTest, UpdateAnnouncesPriceAndPlan) {
  Plan plan = MustCreate(R"pb(amount: 2000 currency: "usd" interval: "month" nickname: "A")pb");
  absl::StatusOr<Product> other =
      engine_.products().Create(ParseParams<ProductCreateParams>(R"pb(name: "Other")pb"));
  ASSERT_THAT(other, IsOk());
  const size_t before = events_.size();
  absl::StatusOr<Plan> updated = engine_.plans().Update(
      plan.id(), ParseParams<PlanUpdateParams>("active: false nickname: \"\" product: \"" +
                                               other->id() +
                                               "\" metadata { key: \"k\" value: \"v\" }"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->active());
  EXPECT_FALSE(updated->has_nickname());
  EXPECT_EQ(updated->product(), other->id());
  EXPECT_EQ(updated->metadata().at("k"), "v");
  EXPECT_FALSE(engine_.prices().Retrieve(plan.id())->active());
  EXPECT_THAT(TypesSince(before), ElementsAre("price.updated", "plan.updated"));
  EXPECT_THAT(events_.back().data().previous_attributes(),
              ::testing::HasSubstr("\"nickname\":\"A\""));
  EXPECT_THAT(ListIds([] {
                PlanListParams p;
                p.set_active(true);
                return p;
              }()),
              IsEmpty());
  EXPECT_THAT(ListIds([&] {
                PlanListParams p;
                p.set_product(other->id());
                return p;
              }()),
              ElementsAre(plan.id()));

  // Nothing changed: no event.
  const size_t quiet = events_.size();
  ASSERT_THAT(engine_.plans().Update(plan.id(), PlanUpdateParams()), IsOk());
  EXPECT_EQ(events_.size(), quiet);
}

TEST_F(PlansTest, RefusedUpdatesChangeNothing) {
  Plan plan = MustCreate(R"pb(amount: 2000 currency: "usd" interval: "month")pb");
  ASSERT_THAT(Subscribe(NewCustomer(), plan.id()), IsOk());
  absl::StatusOr<Product> other =
      engine_.products().Create(ParseParams<ProductCreateParams>(R"pb(name: "Other")pb"));
  ASSERT_THAT(other, IsOk());
  const size_t before = events_.size();
  EXPECT_THAT(engine_.plans().Update("nope", PlanUpdateParams()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.plans().Update(plan.id(), ParseParams<PlanUpdateParams>(
                                                    "product: \"" + other->id() + "\"")),
              StripeErrorWithParam("invalid_request_error", "", "product"));
  EXPECT_THAT(engine_.plans().Update(plan.id(), ParseParams<PlanUpdateParams>(R"pb(product: "prod_x")pb")),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "product"));
  EXPECT_THAT(engine_.plans().Update(plan.id(), ParseParams<PlanUpdateParams>(R"pb(product: "")pb")),
              StripeErrorWithParam("invalid_request_error", "", "product"));
  EXPECT_EQ(events_.size(), before);
  EXPECT_EQ(engine_.plans().Retrieve(plan.id())->product(), product_);
}

TEST_F(PlansTest, DeleteRemovesThePlanAndItsPrice) {
  Plan plan = MustCreate(R"pb(amount: 2000 currency: "usd" interval: "month")pb");
  absl::StatusOr<Subscription> sub = Subscribe(NewCustomer(), plan.id());
  ASSERT_THAT(sub, IsOk());
  const size_t before = events_.size();
  absl::StatusOr<DeletedObject> deleted = engine_.plans().Delete(plan.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->id(), plan.id());
  EXPECT_EQ(deleted->object(), "plan");
  EXPECT_TRUE(deleted->deleted());
  EXPECT_THAT(TypesSince(before), ElementsAre("price.deleted", "plan.deleted"));
  EXPECT_THAT(engine_.plans().Retrieve(plan.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_FALSE(engine_.prices().Retrieve(plan.id()).ok());
  EXPECT_THAT(engine_.plans().Delete(plan.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  // The subscription keeps its copy.
  EXPECT_EQ(Sub(sub->id()).items().data(0).price().id(), plan.id());
}

TEST_F(PlansTest, ListPagination) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(MustCreate(R"pb(amount: 100 currency: "usd" interval: "day")pb").id());
  }
  PlanListParams page;
  page.set_limit(2);
  absl::StatusOr<ListResult<Plan>> first = engine_.plans().List(page);
  ASSERT_THAT(first, IsOk());
  EXPECT_TRUE(first->has_more);
  EXPECT_EQ(first->url, "/v1/plans");
  ASSERT_EQ(first->data.size(), 2u);
  EXPECT_EQ(first->data[0].id(), ids[2]);
  page.set_starting_after(first->data[1].id());
  EXPECT_THAT(ListIds(page), ElementsAre(ids[0]));
  PlanListParams bad;
  bad.set_limit(0);
  EXPECT_THAT(engine_.plans().List(bad),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
}

}  // namespace
}  // namespace paysim
