// Behaviour tests of what a subscription schedule's phase change bills: the phase's discount
// (`phases[i][discounts]`: a coupon or promotion code redeemed when its phase starts, one
// second either side of the boundary, ended by a phase without one, kept across phases of the
// same coupon; the subscription's own discount named by id, as `from_subscription` copies it);
// a renewal at the boundary billing the new phase; prorations when a phase ends within a
// period; refusals that name the parameter and change nothing.
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

class ScheduleDiscountsTest : public BillingTest {
 protected:
  absl::StatusOr<SubscriptionSchedule> Schedule(const std::string& text) {
    return engine_.subscription_schedules().Create(
        ParseParams<SubscriptionScheduleCreateParams>(text));
  }
  std::string NewCoupon(const std::string& text) {
    absl::StatusOr<Coupon> coupon =
        engine_.coupons().Create(ParseParams<CouponCreateParams>(text));
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? coupon->id() : "";
  }
  Coupon CouponOf(const std::string& id) {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Retrieve(id);
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? *coupon : Coupon();
  }
  // Two monthly phases of `price`, the first from now, each with `first` / `second` inside.
  absl::StatusOr<SubscriptionSchedule> TwoPhases(const std::string& customer,
                                                 const std::string& price,
                                                 const std::string& first,
                                                 const std::string& second) {
    return Schedule(absl::StrCat("customer: \"", customer, "\" start_date: \"now\" phases { ",
                                 "items { price: \"", price, "\" } iterations: 1 ", first,
                                 " } phases { items { price: \"", price, "\" } iterations: 1 ",
                                 second, " }"));
  }
};

TEST_F(ScheduleDiscountsTest, APhaseCouponDiscountsItsInvoicesAndEndsWithIt) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string half = NewCoupon("percent_off: 50 duration: \"forever\"");
  absl::StatusOr<SubscriptionSchedule> s = TwoPhases(
      customer, monthly, absl::StrCat("discounts { coupon: \"", half, "\" }"), "");
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->phases(0).discounts_size(), 1);
  EXPECT_EQ(s->phases(0).discounts(0).coupon(), half);
  EXPECT_FALSE(s->phases(0).discounts(0).has_discount());
  EXPECT_FALSE(s->phases(0).discounts(0).has_promotion_code());
  EXPECT_EQ(s->phases(1).discounts_size(), 0);

  const std::string id = s->subscription();
  Subscription sub = Sub(id);
  ASSERT_TRUE(sub.has_discount());
  EXPECT_EQ(sub.discount().coupon().id(), half);
  ASSERT_EQ(sub.discounts_size(), 1);
  EXPECT_EQ(sub.discounts(0), sub.discount().id());
  EXPECT_EQ(Inv(sub.latest_invoice()).amount_paid(), 500);
  EXPECT_EQ(CouponOf(half).times_redeemed(), 1);

  At(kFeb1 - 1);
  EXPECT_TRUE(Sub(id).has_discount());
  const size_t mark = events_.size();
  At(kFeb1);
  sub = Sub(id);
  EXPECT_FALSE(sub.has_discount());
  EXPECT_EQ(sub.discounts_size(), 0);
  const std::vector<std::string> discount_events = TypesSince(mark, "customer.discount.");
  EXPECT_EQ(discount_events, std::vector<std::string>{"customer.discount.deleted"});
  const std::vector<Invoice> invoices = InvoicesOf(id);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 1000);
}

TEST_F(ScheduleDiscountsTest, ALaterPhaseCouponStartsAtItsBoundary) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string off = NewCoupon("amount_off: 300 currency: \"usd\" duration: \"forever\"");
  absl::StatusOr<SubscriptionSchedule> s = TwoPhases(
      customer, monthly, "", absl::StrCat("discounts { coupon: \"", off, "\" }"));
  ASSERT_THAT(s, IsOk());
  const std::string id = s->subscription();
  EXPECT_EQ(Inv(Sub(id).latest_invoice()).amount_paid(), 1000);
  At(kFeb1 - 1);
  EXPECT_FALSE(Sub(id).has_discount());
  EXPECT_EQ(CouponOf(off).times_redeemed(), 0);
  const size_t mark = events_.size();
  At(kFeb1);
  const Subscription sub = Sub(id);
  ASSERT_TRUE(sub.has_discount());
  EXPECT_EQ(sub.discount().coupon().id(), off);
  EXPECT_EQ(sub.discount().subscription(), id);
  EXPECT_EQ(sub.discount().start(), kFeb1);
  EXPECT_EQ(CouponOf(off).times_redeemed(), 1);
  EXPECT_EQ(TypesSince(mark, "customer.discount."),
            std::vector<std::string>{"customer.discount.created"});
  const std::vector<Invoice> invoices = InvoicesOf(id);
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 700);
}

TEST_F(ScheduleDiscountsTest, TheSameCouponInTheNextPhaseKeepsItsDiscount) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string half = NewCoupon("percent_off: 50 duration: \"forever\"");
  const std::string phase_discount = absl::StrCat("discounts { coupon: \"", half, "\" }");
  absl::StatusOr<SubscriptionSchedule> s =
      TwoPhases(customer, monthly, phase_discount, phase_discount);
  ASSERT_THAT(s, IsOk());
  const std::string id = s->subscription();
  const std::string discount = Sub(id).discount().id();
  const size_t mark = events_.size();
  At(kFeb1);
  EXPECT_EQ(Sub(id).discount().id(), discount);
  EXPECT_EQ(CouponOf(half).times_redeemed(), 1);
  EXPECT_TRUE(TypesSince(mark, "customer.discount.").empty());
  EXPECT_EQ(InvoicesOf(id).back().amount_due(), 500);
}

TEST_F(ScheduleDiscountsTest, APromotionCodeIsRedeemedThroughItsCoupon) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string tenth = NewCoupon("percent_off: 10 duration: \"forever\"");
  absl::StatusOr<PromotionCode> code = engine_.promotion_codes().Create(
      ParseParams<PromotionCodeCreateParams>(absl::StrCat("coupon: \"", tenth, "\"")));
  ASSERT_THAT(code, IsOk());
  absl::StatusOr<SubscriptionSchedule> s = TwoPhases(
      customer, monthly, "", absl::StrCat("discounts { promotion_code: \"", code->id(), "\" }"));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->phases(1).discounts(0).promotion_code(), code->id());
  At(kFeb1);
  const Subscription sub = Sub(s->subscription());
  ASSERT_TRUE(sub.has_discount());
  EXPECT_EQ(sub.discount().promotion_code(), code->id());
  EXPECT_EQ(InvoicesOf(sub.id()).back().amount_due(), 900);
}

TEST_F(ScheduleDiscountsTest, FromSubscriptionKeepsItsDiscountUntilTheNextPhase) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string half = NewCoupon("percent_off: 50 duration: \"forever\"");
  absl::StatusOr<Subscription> sub =
      Subscribe(customer, monthly, absl::StrCat("coupon: \"", half, "\""));
  ASSERT_THAT(sub, IsOk());
  const std::string discount = sub->discount().id();
  absl::StatusOr<SubscriptionSchedule> s =
      Schedule(absl::StrCat("from_subscription: \"", sub->id(), "\""));
  ASSERT_THAT(s, IsOk());
  ASSERT_EQ(s->phases(0).discounts_size(), 1);
  EXPECT_EQ(s->phases(0).discounts(0).discount(), discount);
  EXPECT_FALSE(s->phases(0).discounts(0).has_coupon());

  // The current phase names the discount again; the next one has none.
  absl::StatusOr<SubscriptionSchedule> updated = engine_.subscription_schedules().Update(
      s->id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                   "phases { items { price: \"", monthly, "\" } start_date: \"",
                   s->phases(0).start_date(), "\" end_date: \"", kFeb1,
                   "\" discounts { discount: \"", discount, "\" } } phases { items { price: \"",
                   monthly, "\" } iterations: 1 }")));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(Sub(sub->id()).discount().id(), discount);
  At(kFeb1 - 1);
  EXPECT_EQ(Sub(sub->id()).discount().id(), discount);
  At(kFeb1);
  EXPECT_FALSE(Sub(sub->id()).has_discount());
  EXPECT_EQ(InvoicesOf(sub->id()).back().amount_due(), 1000);
}

// The subscription's renewal timer was set before the schedule's: the phase still changes
// first at their shared instant, and the renewal bills the next phase's price.
TEST_F(ScheduleDiscountsTest, ARenewalAtTheBoundaryBillsTheNextPhaseOfASubscriptionsSchedule) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string dearer = NewPrice(2500);
  absl::StatusOr<Subscription> sub = Subscribe(customer, monthly);
  ASSERT_THAT(sub, IsOk());
  absl::StatusOr<SubscriptionSchedule> s =
      Schedule(absl::StrCat("from_subscription: \"", sub->id(), "\""));
  ASSERT_THAT(s, IsOk());
  ASSERT_THAT(engine_.subscription_schedules().Update(
                  s->id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                               "phases { items { price: \"", monthly, "\" } start_date: \"",
                               s->phases(0).start_date(), "\" end_date: \"", kFeb1,
                               "\" } phases { items { price: \"", dearer,
                               "\" } iterations: 1 }"))),
              IsOk());
  At(kFeb1 - 1);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  At(kFeb1);
  const Subscription renewed = Sub(sub->id());
  EXPECT_EQ(renewed.items().data(0).price().id(), dearer);
  EXPECT_EQ(renewed.period_start(), kFeb1);
  const std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 2u);
  EXPECT_EQ(invoices[1].amount_due(), 2500);
}

// A phase that ends within a billing period (end_date): the change of items is prorated as a
// subscription update's is, on the next invoice (create_prorations) or at once (always_invoice).
class SchedulePhaseProrationsTest : public ScheduleDiscountsTest,
                                    public ::testing::WithParamInterface<std::string> {};

TEST_P(SchedulePhaseProrationsTest, APhaseEndingWithinAPeriodProratesTheChange) {
  const std::string behavior = GetParam();
  const int64_t jan22 = kStart + 21 * kDay;  // 10 of January's 31 days remain
  const std::string customer = NewCustomer();
  const std::string basic = NewPrice(3100);
  const std::string gold = NewPrice(6200);
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer, "\" start_date: \"now\" phases { items { price: \"", basic,
      "\" } end_date: \"", jan22, "\" } phases { items { price: \"", gold,
      "\" } iterations: 1 proration_behavior: \"", behavior, "\" }"));
  ASSERT_THAT(s, IsOk());
  const std::string id = s->subscription();
  At(jan22 - 1);
  EXPECT_EQ(Sub(id).items().data(0).price().id(), basic);
  EXPECT_TRUE(InvoiceItemsOf(customer).empty());
  At(jan22);
  const Subscription sub = Sub(id);
  EXPECT_EQ(sub.items().data(0).price().id(), gold);
  EXPECT_EQ(sub.period_end(), kFeb1);  // the cycle stays
  std::vector<int64_t> amounts;
  for (const InvoiceItem& item : InvoiceItemsOf(customer)) {
    EXPECT_TRUE(item.proration());
    amounts.push_back(item.amount());
  }
  EXPECT_EQ(amounts, (std::vector<int64_t>{-1000, 2000}));
  const std::vector<Invoice> invoices = InvoicesOf(id);
  if (behavior == "always_invoice") {
    ASSERT_EQ(invoices.size(), 2u);
    EXPECT_EQ(invoices[1].amount_paid(), 1000);
    EXPECT_EQ(invoices[1].billing_reason(), "subscription_update");
    At(kFeb1);
    EXPECT_EQ(InvoicesOf(id).back().amount_due(), 6200);
  } else {
    ASSERT_EQ(invoices.size(), 1u);
    At(kFeb1);
    EXPECT_EQ(InvoicesOf(id).back().amount_due(), 6200 + 1000);
  }
}

INSTANTIATE_TEST_SUITE_P(Behaviors, SchedulePhaseProrationsTest,
                         ::testing::Values("create_prorations", "always_invoice"));

// An update of the current phase within a period is prorated by the update's
// proration_behavior (default create_prorations); `none` prorates nothing.
TEST_F(ScheduleDiscountsTest, AnUpdateOfTheCurrentPhaseProratesByTheUpdatesBehavior) {
  const int64_t jan22 = kStart + 21 * kDay;
  const std::string basic = NewPrice(3100);
  const std::string gold = NewPrice(6200);
  struct Case {
    std::string behavior;  // "" for the default
    size_t prorations;
    std::string customer;
    SubscriptionSchedule schedule;
  };
  std::vector<Case> cases = {{"", 2, "", {}}, {"none", 0, "", {}}};
  for (Case& c : cases) {
    c.customer = NewCustomer();
    absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
        "customer: \"", c.customer, "\" start_date: \"now\" phases { items { price: \"",
        basic, "\" } iterations: 2 }"));
    ASSERT_THAT(s, IsOk());
    c.schedule = *s;
  }
  At(jan22);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.behavior);
    const SubscriptionSchedule& s = c.schedule;
    ASSERT_THAT(engine_.subscription_schedules().Update(
                    s.id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                                c.behavior.empty() ? "" : "proration_behavior: \"",
                                c.behavior, c.behavior.empty() ? "" : "\" ",
                                "phases { items { price: \"", gold, "\" } start_date: \"",
                                s.phases(0).start_date(), "\" end_date: \"",
                                s.phases(0).end_date(), "\" }"))),
                IsOk());
    EXPECT_EQ(Sub(s.subscription()).items().data(0).price().id(), gold);
    EXPECT_EQ(InvoiceItemsOf(c.customer).size(), c.prorations);
  }
}

TEST_F(ScheduleDiscountsTest, RefusalsNameThePhaseParameterAndChangeNothing) {
  const std::string customer = NewCustomer();
  const std::string monthly = NewPrice(1000);
  const std::string half = NewCoupon("percent_off: 50 duration: \"forever\"");
  const std::string euros = NewCoupon("amount_off: 100 currency: \"eur\" duration: \"once\"");
  const std::string before = Snapshot();
  struct Case {
    std::string discounts;
    std::string code;
    std::string param;
  };
  const std::vector<Case> cases = {
      {absl::StrCat("discounts { coupon: \"", half, "\" } discounts { coupon: \"", half, "\" }"),
       "", "phases[1][discounts]"},
      {absl::StrCat("discounts { coupon: \"", half, "\" promotion_code: \"promo_x\" }"), "",
       "phases[1][discounts][0]"},
      {"discounts { }", "", "phases[1][discounts][0]"},
      {"discounts { coupon: \"nope\" }", "resource_missing", "phases[1][discounts][0][coupon]"},
      {"discounts { promotion_code: \"promo_nope\" }", "resource_missing",
       "phases[1][discounts][0][promotion_code]"},
      {"discounts { discount: \"di_nope\" }", "resource_missing",
       "phases[1][discounts][0][discount]"},
      {absl::StrCat("discounts { coupon: \"", euros, "\" }"), "",
       "phases[1][discounts][0][coupon]"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.discounts);
    EXPECT_THAT(TwoPhases(customer, monthly, "", c.discounts),
                StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(CouponOf(half).times_redeemed(), 0);
}

}  // namespace
}  // namespace paysim
