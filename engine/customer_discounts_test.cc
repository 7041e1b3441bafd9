// Behaviour tests of customers' discounts: a coupon or promotion code on create and update,
// the discount it becomes (end of a repeating coupon), the redemption counts (a coupon's
// max_redemptions reached, a promotion code's too), the refusals (nothing changed), removal
// and the customer.discount.* events.
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

class CustomerDiscountsTest : public ::testing::Test {
 protected:
  Coupon CreateCoupon(const std::string& text) {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Create(ParseParams<CouponCreateParams>(text));
    EXPECT_THAT(coupon, IsOk());
    return coupon.ok() ? *coupon : Coupon();
  }
  PromotionCode CreateCode(const std::string& text) {
    absl::StatusOr<PromotionCode> code =
        engine_.promotion_codes().Create(ParseParams<PromotionCodeCreateParams>(text));
    EXPECT_THAT(code, IsOk());
    return code.ok() ? *code : PromotionCode();
  }
  absl::StatusOr<Customer> CreateCustomer(const std::string& text) {
    return engine_.customers().Create(ParseParams<CustomerCreateParams>(text));
  }
  absl::StatusOr<Customer> UpdateCustomer(const std::string& id, const std::string& text) {
    return engine_.customers().Update(id, ParseParams<CustomerUpdateParams>(text));
  }
  int64_t TimesRedeemed(const std::string& coupon) {
    absl::StatusOr<Coupon> read = engine_.coupons().Retrieve(coupon);
    EXPECT_THAT(read, IsOk());
    return read.ok() ? read->times_redeemed() : -1;
  }
  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (page.ok()) {
      for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
        types.push_back(it->type());
      }
    }
    return types;
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(CustomerDiscountsTest, CouponOnCreateBecomesTheDiscount) {
  CreateCoupon(R"pb(id: "THREE" percent_off: 20 duration: "repeating" duration_in_months: 3)pb");
  absl::StatusOr<Customer> customer = CreateCustomer(R"pb(coupon: "THREE")pb");
  ASSERT_THAT(customer, IsOk());
  ASSERT_TRUE(customer->has_discount());
  const Discount& discount = customer->discount();
  EXPECT_EQ(discount.id().substr(0, 3), "di_");
  EXPECT_EQ(discount.object(), "discount");
  EXPECT_EQ(discount.customer(), customer->id());
  EXPECT_EQ(discount.coupon().id(), "THREE");
  EXPECT_EQ(discount.start(), kStart);
  EXPECT_EQ(discount.end(), 1775001600);  // 2026-04-01T00:00:00Z
  EXPECT_FALSE(discount.has_promotion_code());
  EXPECT_EQ(TimesRedeemed("THREE"), 1);
  EXPECT_THAT(EventTypes(),
              ElementsAre("coupon.created", "customer.created", "customer.discount.created"));
}

TEST_F(CustomerDiscountsTest, UpdateReplacesThenRemovesTheDiscount) {
  CreateCoupon(R"pb(id: "A" percent_off: 20)pb");
  CreateCoupon(R"pb(id: "B" percent_off: 30 duration: "forever")pb");
  absl::StatusOr<Customer> customer = CreateCustomer(R"pb(coupon: "A")pb");
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<Customer> updated = UpdateCustomer(customer->id(), R"pb(coupon: "B")pb");
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->discount().coupon().id(), "B");
  EXPECT_FALSE(updated->discount().has_end());
  updated = UpdateCustomer(customer->id(), R"pb(coupon: "")pb");
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_discount());
  EXPECT_THAT(EventTypes(),
              ElementsAre("coupon.created", "coupon.created", "customer.created",
                          "customer.discount.created", "customer.updated",
                          "customer.discount.updated", "customer.updated",
                          "customer.discount.deleted"));
}

TEST_F(CustomerDiscountsTest, DeleteDiscount) {
  CreateCoupon(R"pb(id: "A" percent_off: 20)pb");
  absl::StatusOr<Customer> customer = CreateCustomer(R"pb(coupon: "A")pb");
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<Discount> deleted = engine_.customers().DeleteDiscount(customer->id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(deleted->id(), customer->discount().id());
  absl::StatusOr<Customer> read = engine_.customers().Retrieve(customer->id());
  ASSERT_THAT(read, IsOk());
  EXPECT_FALSE(read->has_discount());
  const absl::Status again = engine_.customers().DeleteDiscount(customer->id()).status();
  EXPECT_THAT(again, StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(again, HttpStatusIs(404));
}

TEST_F(CustomerDiscountsTest, MaxRedemptionsMakesTheCouponInvalid) {
  CreateCoupon(R"pb(id: "TWICE" percent_off: 20 max_redemptions: 2)pb");
  ASSERT_THAT(CreateCustomer(R"pb(coupon: "TWICE")pb"), IsOk());
  ASSERT_THAT(CreateCustomer(R"pb(coupon: "TWICE")pb"), IsOk());
  absl::StatusOr<Coupon> coupon = engine_.coupons().Retrieve("TWICE");
  ASSERT_THAT(coupon, IsOk());
  EXPECT_EQ(coupon->times_redeemed(), 2);
  EXPECT_FALSE(coupon->valid());
  const size_t events = EventTypes().size();
  EXPECT_THAT(CreateCustomer(R"pb(coupon: "TWICE" email: "c@example.com")pb"),
              StripeErrorWithParam("invalid_request_error", "coupon_expired", "coupon"));
  EXPECT_EQ(EventTypes().size(), events);  // refused: no customer made
}

TEST_F(CustomerDiscountsTest, RedeemByOneSecondEitherSide) {
  CreateCoupon(R"pb(id: "SOON" percent_off: 20 redeem_by: 1767229200)pb");
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3600 - 1));
  ASSERT_THAT(CreateCustomer(R"pb(coupon: "SOON")pb"), IsOk());
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3600));
  EXPECT_THAT(CreateCustomer(R"pb(coupon: "SOON")pb"),
              StripeErrorWithParam("invalid_request_error", "coupon_expired", "coupon"));
  EXPECT_EQ(TimesRedeemed("SOON"), 1);
}

TEST_F(CustomerDiscountsTest, PromotionCodeRedemptions) {
  CreateCoupon(R"pb(id: "A" percent_off: 20)pb");
  PromotionCode code = CreateCode(R"pb(coupon: "A" code: "ONCE" max_redemptions: 1)pb");
  absl::StatusOr<Customer> first = CreateCustomer(R"pb(promotion_code: ")pb" + code.id() +
                                                  R"pb(")pb");
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->discount().promotion_code(), code.id());
  EXPECT_EQ(first->discount().coupon().id(), "A");
  absl::StatusOr<PromotionCode> read = engine_.promotion_codes().Retrieve(code.id());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->times_redeemed(), 1);
  EXPECT_EQ(read->coupon().times_redeemed(), 1);
  // Used up: refused, nothing counted.
  EXPECT_THAT(CreateCustomer(R"pb(promotion_code: ")pb" + code.id() + R"pb(")pb"),
              StripeErrorWithParam("invalid_request_error", "", "promotion_code"));
  EXPECT_EQ(TimesRedeemed("A"), 1);
}

TEST_F(CustomerDiscountsTest, PromotionCodeRestrictions) {
  CreateCoupon(R"pb(id: "A" percent_off: 20)pb");
  absl::StatusOr<Customer> ann = CreateCustomer(R"pb(email: "ann@example.com")pb");
  absl::StatusOr<Customer> bob = CreateCustomer(R"pb(email: "bob@example.com")pb");
  ASSERT_THAT(ann, IsOk());
  ASSERT_THAT(bob, IsOk());
  PromotionCode anns = CreateCode(R"pb(coupon: "A" customer: ")pb" + ann->id() + R"pb(")pb");
  EXPECT_THAT(UpdateCustomer(bob->id(), R"pb(promotion_code: ")pb" + anns.id() + R"pb(")pb"),
              StripeErrorWithParam("invalid_request_error", "", "promotion_code"));
  EXPECT_THAT(UpdateCustomer(ann->id(), R"pb(promotion_code: ")pb" + anns.id() + R"pb(")pb"),
              IsOk());

  PromotionCode expiring = CreateCode(R"pb(coupon: "A" expires_at: 1767229200)pb");
  PromotionCode inactive = CreateCode(R"pb(coupon: "A" active: false)pb");
  EXPECT_THAT(UpdateCustomer(bob->id(), R"pb(promotion_code: ")pb" + inactive.id() + R"pb(")pb"),
              StripeErrorWithParam("invalid_request_error", "", "promotion_code"));
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3600));
  EXPECT_THAT(UpdateCustomer(bob->id(), R"pb(promotion_code: ")pb" + expiring.id() + R"pb(")pb"),
              StripeErrorWithParam("invalid_request_error", "", "promotion_code"));

  PromotionCode first_time = CreateCode(R"pb(coupon: "A" restrictions { first_time_transaction: true })pb");
  ChargeCreateParams charge;
  charge.set_amount(1000);
  charge.set_currency("usd");
  charge.set_source("tok_visa");
  charge.set_customer(bob->id());
  ASSERT_THAT(UpdateCustomer(bob->id(), R"pb(source: "tok_visa")pb"), IsOk());
  charge.clear_source();
  ASSERT_THAT(engine_.charges().Create(charge), IsOk());
  EXPECT_THAT(UpdateCustomer(bob->id(), R"pb(promotion_code: ")pb" + first_time.id() + R"pb(")pb"),
              StripeErrorWithParam("invalid_request_error", "", "promotion_code"));
}

TEST_F(CustomerDiscountsTest, RefusedRequestsChangeNothing) {
  CreateCoupon(R"pb(id: "A" percent_off: 20)pb");
  absl::StatusOr<Customer> customer = CreateCustomer(R"pb(email: "ann@example.com")pb");
  ASSERT_THAT(customer, IsOk());
  const size_t events = EventTypes().size();
  EXPECT_THAT(UpdateCustomer(customer->id(), R"pb(coupon: "NOPE" name: "Ann")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "coupon"));
  EXPECT_THAT(UpdateCustomer(customer->id(), R"pb(promotion_code: "promo_nope")pb"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "promotion_code"));
  EXPECT_THAT(UpdateCustomer(customer->id(), R"pb(coupon: "A" promotion_code: "x")pb"),
              StripeErrorWithParam("invalid_request_error", "", "coupon"));
  absl::StatusOr<Customer> read = engine_.customers().Retrieve(customer->id());
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(*read, *customer);
  EXPECT_EQ(EventTypes().size(), events);
  EXPECT_EQ(TimesRedeemed("A"), 0);
}

}  // namespace
}  // namespace paysim
