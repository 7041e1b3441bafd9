// Behaviour tests of discounts and tax rates in Checkout: `discounts[0][coupon]` /
// `discounts[0][promotion_code]` and `line_items[][tax_rates]` at creation, the promotion code
// the customer enters on the page (allow_promotion_codes, also from a Payment Link), the
// amounts Stripe renders (per line item and per session, discounts before tax), the
// PaymentIntent charging amount_total, redemptions counted on completion, and the clock
// boundaries one second either side (coupon redeem_by, promotion code expires_at), and
// coupons' and promotion codes' currency_options in a session of another currency.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "testing/checkout_fixture.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z, FakeClock's start

class CheckoutDiscountsTest : public testing::CheckoutFixture {
 protected:
  Coupon NewCoupon(const std::string& text) {
    absl::StatusOr<Coupon> coupon = engine_.coupons().Create(ParseParams<CouponCreateParams>(text));
    EXPECT_THAT(coupon, IsOk());
    return coupon.value_or(Coupon());
  }

  PromotionCode NewCode(const std::string& text) {
    absl::StatusOr<PromotionCode> code =
        engine_.promotion_codes().Create(ParseParams<PromotionCodeCreateParams>(text));
    EXPECT_THAT(code, IsOk());
    return code.value_or(PromotionCode());
  }

  TaxRate NewRate(double percentage, bool inclusive) {
    TaxRateCreateParams params;
    params.set_display_name(inclusive ? "VAT" : "Sales tax");
    params.set_percentage(percentage);
    params.set_inclusive(inclusive);
    absl::StatusOr<TaxRate> rate = engine_.tax_rates().Create(params);
    EXPECT_THAT(rate, IsOk());
    return rate.value_or(TaxRate());
  }

  // A payment-mode session of `prices` (quantity 1 each) as the caller completes it.
  CheckoutSessionCreateParams Params(const std::vector<Price>& prices) {
    CheckoutSessionCreateParams params;
    params.set_mode("payment");
    params.set_success_url("https://example.com/success");
    for (const Price& price : prices) {
      CheckoutLineItemParams* item = params.add_line_items();
      item->set_price(price.id());
      item->set_quantity(1);
    }
    return params;
  }

  CheckoutSessionCreateParams WithCoupon(const std::vector<Price>& prices,
                                         const std::string& coupon) {
    CheckoutSessionCreateParams params = Params(prices);
    params.add_discounts()->set_coupon(coupon);
    return params;
  }

  CheckoutSessionCreateParams WithCode(const std::vector<Price>& prices, const std::string& code) {
    CheckoutSessionCreateParams params = Params(prices);
    params.add_discounts()->set_promotion_code(code);
    return params;
  }

  CheckoutSession MustCreate(const CheckoutSessionCreateParams& params) {
    absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params);
    EXPECT_THAT(session, IsOk());
    return session.value_or(CheckoutSession());
  }

  // The customer pays with a Visa: returns the session as it is then.
  CheckoutSession PayWithVisa(const std::string& session_id) {
    CheckoutPayParams pay;
    pay.set_payment_method("pm_card_visa");
    pay.set_email("jenny@example.com");
    EXPECT_THAT(engine_.checkout_page().Pay(session_id, pay), IsOk());
    return engine_.checkout_sessions().Retrieve(session_id).value_or(CheckoutSession());
  }

  int64_t CouponRedeemed(const std::string& id) {
    return engine_.coupons().Retrieve(id).value_or(Coupon()).times_redeemed();
  }
  int64_t CodeRedeemed(const std::string& id) {
    return engine_.promotion_codes().Retrieve(id).value_or(PromotionCode()).times_redeemed();
  }

  void AdvanceTo(int64_t unix_seconds) { clock_.SetTime(absl::FromUnixSeconds(unix_seconds)); }
};

TEST_F(CheckoutDiscountsTest, PercentOffCouponDiscountsEachLineAndThePaymentChargesTheTotal) {
  const Price a = NewPrice(1005);
  const Price b = NewPrice(2000);
  NewCoupon(R"pb(id: "SAVE15" percent_off: 15)pb");
  const CheckoutSession session = MustCreate(WithCoupon({a, b}, "SAVE15"));

  EXPECT_EQ(session.amount_subtotal(), 3005);
  EXPECT_EQ(session.total_details().amount_discount(), 451);  // 150.75 -> 151, 300
  EXPECT_EQ(session.total_details().amount_tax(), 0);
  EXPECT_EQ(session.amount_total(), 2554);
  ASSERT_EQ(session.discounts_size(), 1);
  EXPECT_EQ(session.discounts(0).coupon(), "SAVE15");
  EXPECT_FALSE(session.discounts(0).has_promotion_code());
  EXPECT_EQ(session.line_items(0).amount_discount(), 151);
  EXPECT_EQ(session.line_items(0).amount_total(), 854);
  EXPECT_EQ(session.line_items(1).amount_discount(), 300);
  EXPECT_EQ(session.line_items(1).amount_total(), 1700);
  EXPECT_EQ(CouponRedeemed("SAVE15"), 0);  // counted on completion, not at creation

  const CheckoutSession paid = PayWithVisa(session.id());
  EXPECT_EQ(paid.status(), "complete");
  EXPECT_EQ(engine_.payment_intents().Retrieve(paid.payment_intent())->amount(), 2554);
  EXPECT_EQ(CouponRedeemed("SAVE15"), 1);
}

TEST_F(CheckoutDiscountsTest, AmountOffIsSplitAcrossTheProductsItAppliesTo) {
  const Price a = NewPrice(1000);
  const Price b = NewPrice(1000);
  const Price c = NewPrice(1000);
  NewCoupon(absl::StrCat(R"pb(id: "OFF100" amount_off: 100 currency: "usd" )pb",
                         "applies_to { products: \"", a.product(), "\" products: \"",
                         b.product(), "\" }"));
  const CheckoutSession session = MustCreate(WithCoupon({a, b, c}, "OFF100"));
  EXPECT_EQ(session.line_items(0).amount_discount(), 50);
  EXPECT_EQ(session.line_items(1).amount_discount(), 50);
  EXPECT_EQ(session.line_items(2).amount_discount(), 0);  // not in applies_to
  EXPECT_EQ(session.total_details().amount_discount(), 100);
  EXPECT_EQ(session.amount_total(), 2900);
}

TEST_F(CheckoutDiscountsTest, AmountOffInAnotherCurrencyIsRefused) {
  const Price eur = NewPrice(1000, "eur");
  NewCoupon(R"pb(id: "USD5" amount_off: 500 currency: "usd")pb");
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCoupon({eur}, "USD5")),
              StripeErrorWithParam("invalid_request_error", "", "discounts[0][coupon]"));
  EXPECT_EQ(engine_.events().size(), events);
}

TEST_F(CheckoutDiscountsTest, AmountOffTakesItsCurrencyOptionInTheSessionsCurrency) {
  const Price eur = NewPrice(1000, "eur");
  const Price gbp = NewPrice(1000, "gbp");
  NewCoupon(R"pb(id: "USD5" amount_off: 500 currency: "usd" currency_options {
                   key: "eur"
                   value { amount_off: 450 }
                 })pb");
  const CheckoutSession session = MustCreate(WithCoupon({eur}, "USD5"));
  EXPECT_EQ(session.currency(), "eur");
  EXPECT_EQ(session.total_details().amount_discount(), 450);
  EXPECT_EQ(session.line_items(0).amount_discount(), 450);
  EXPECT_EQ(session.amount_total(), 550);
  const CheckoutSession paid = PayWithVisa(session.id());
  EXPECT_EQ(engine_.payment_intents().Retrieve(paid.payment_intent())->amount(), 550);

  // No amount in gbp: refused as before, nothing changes.
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCoupon({gbp}, "USD5")),
              StripeErrorWithParam("invalid_request_error", "", "discounts[0][coupon]"));
  EXPECT_EQ(engine_.events().size(), events);
}

TEST_F(CheckoutDiscountsTest, PromotionCodeMinimumInTheSessionsCurrency) {
  NewCoupon(R"pb(id: "C10" percent_off: 10)pb");
  const PromotionCode code = NewCode(R"pb(coupon: "C10"
                                          code: "BIG"
                                          restrictions {
                                            minimum_amount: 5000
                                            minimum_amount_currency: "usd"
                                            currency_options {
                                              key: "eur"
                                              value { minimum_amount: 2000 }
                                            }
                                          })pb");
  const char* const kParam = "discounts[0][promotion_code]";
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({NewPrice(1999, "eur")}, code.id())),
              StripeErrorWithParam("invalid_request_error", "", kParam));
  const CheckoutSession session = MustCreate(WithCode({NewPrice(2000, "eur")}, code.id()));
  EXPECT_EQ(session.total_details().amount_discount(), 200);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({NewPrice(4999)}, code.id())),
              StripeErrorWithParam("invalid_request_error", "", kParam));
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({NewPrice(5000)}, code.id())), IsOk());
  // No minimum in gbp: refused, whatever the amount.
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({NewPrice(900000, "gbp")}, code.id())),
              StripeErrorWithParam("invalid_request_error", "", kParam));
}

TEST_F(CheckoutDiscountsTest, TaxRatesApplyAfterTheDiscount) {
  const Price a = NewPrice(1000);
  const Price b = NewPrice(1200);
  const TaxRate sales = NewRate(8.25, /*inclusive=*/false);
  const TaxRate vat = NewRate(20, /*inclusive=*/true);
  NewCoupon(R"pb(id: "TEN" percent_off: 10)pb");
  CheckoutSessionCreateParams params = WithCoupon({a, b}, "TEN");
  params.mutable_line_items(0)->add_tax_rates(sales.id());
  params.mutable_line_items(1)->add_tax_rates(vat.id());
  const CheckoutSession session = MustCreate(params);

  // a: 1000 - 100 = 900, + 8.25% = 74.25 -> 74.  b: 1200 - 120 = 1080, VAT inside: 180.
  EXPECT_EQ(session.line_items(0).amount_tax(), 74);
  EXPECT_EQ(session.line_items(0).amount_total(), 974);
  EXPECT_EQ(session.line_items(1).amount_tax(), 180);
  EXPECT_EQ(session.line_items(1).amount_total(), 1080);
  EXPECT_EQ(session.amount_subtotal(), 2200);
  EXPECT_EQ(session.total_details().amount_discount(), 220);
  EXPECT_EQ(session.total_details().amount_tax(), 254);
  EXPECT_EQ(session.amount_total(), 2054);
  ASSERT_EQ(session.line_items(0).taxes_size(), 1);
  EXPECT_EQ(session.line_items(0).taxes(0).rate().id(), sales.id());

  const CheckoutSession paid = PayWithVisa(session.id());
  EXPECT_EQ(engine_.payment_intents().Retrieve(paid.payment_intent())->amount(), 2054);
}

TEST_F(CheckoutDiscountsTest, UnknownOrInactiveTaxRatesAreRefused) {
  const Price a = NewPrice(1000);
  const TaxRate rate = NewRate(5, false);
  TaxRateUpdateParams off;
  off.set_active(false);
  ASSERT_THAT(engine_.tax_rates().Update(rate.id(), off), IsOk());
  CheckoutSessionCreateParams inactive = Params({a});
  inactive.mutable_line_items(0)->add_tax_rates(rate.id());
  CheckoutSessionCreateParams unknown = Params({a});
  unknown.mutable_line_items(0)->add_tax_rates("txr_missing");
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_sessions().Create(inactive),
              StripeErrorWithParam("invalid_request_error", "", "line_items[0][tax_rates][0]"));
  EXPECT_THAT(engine_.checkout_sessions().Create(unknown),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "line_items[0][tax_rates][0]"));
  EXPECT_EQ(engine_.events().size(), events);
}

TEST_F(CheckoutDiscountsTest, CouponRedeemByIsTheFirstSecondItIsRefused) {
  const Price a = NewPrice(1000);
  NewCoupon(absl::StrCat(R"pb(id: "SOON" percent_off: 10 redeem_by: )pb", kStart + 3600));
  AdvanceTo(kStart + 3600 - 1);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCoupon({a}, "SOON")), IsOk());
  AdvanceTo(kStart + 3600);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCoupon({a}, "SOON")),
              StripeErrorWithParam("invalid_request_error", "coupon_expired",
                                   "discounts[0][coupon]"));
}

TEST_F(CheckoutDiscountsTest, PromotionCodeExpiresAtIsTheFirstSecondItIsRefused) {
  const Price a = NewPrice(1000);
  NewCoupon(R"pb(id: "C10" percent_off: 10)pb");
  const PromotionCode code =
      NewCode(absl::StrCat(R"pb(coupon: "C10" code: "SPRING" expires_at: )pb", kStart + 600));
  AdvanceTo(kStart + 600 - 1);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({a}, code.id())), IsOk());
  AdvanceTo(kStart + 600);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({a}, code.id())),
              StripeErrorWithParam("invalid_request_error", "", "discounts[0][promotion_code]"));
}

TEST_F(CheckoutDiscountsTest, MaxRedemptionsCountCompletedSessionsOnly) {
  const Price a = NewPrice(1000);
  NewCoupon(R"pb(id: "ONCE" percent_off: 10 max_redemptions: 1)pb");
  const CheckoutSession first = MustCreate(WithCoupon({a}, "ONCE"));
  const CheckoutSession second = MustCreate(WithCoupon({a}, "ONCE"));  // nothing redeemed yet
  PayWithVisa(first.id());
  EXPECT_EQ(CouponRedeemed("ONCE"), 1);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCoupon({a}, "ONCE")),
              StripeErrorWithParam("invalid_request_error", "coupon_expired",
                                   "discounts[0][coupon]"));
  // UNCERTAIN in the engine: a session opened before the coupon ran out keeps its discount.
  EXPECT_EQ(PayWithVisa(second.id()).amount_total(), 900);
  EXPECT_EQ(CouponRedeemed("ONCE"), 2);

  NewCoupon(R"pb(id: "C20" percent_off: 20)pb");
  const PromotionCode code = NewCode(R"pb(coupon: "C20" code: "TWICE" max_redemptions: 2)pb");
  PayWithVisa(MustCreate(WithCode({a}, code.id())).id());
  EXPECT_EQ(CodeRedeemed(code.id()), 1);
  const CheckoutSession open = MustCreate(WithCode({a}, code.id()));
  EXPECT_EQ(CodeRedeemed(code.id()), 1);
  PayWithVisa(open.id());
  EXPECT_EQ(CodeRedeemed(code.id()), 2);
  EXPECT_EQ(CouponRedeemed("C20"), 2);
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({a}, code.id())),
              StripeErrorWithParam("invalid_request_error", "", "discounts[0][promotion_code]"));
}

TEST_F(CheckoutDiscountsTest, ExpiredSessionRedeemsNothing) {
  const Price a = NewPrice(1000);
  NewCoupon(R"pb(id: "C10" percent_off: 10)pb");
  const CheckoutSession session = MustCreate(WithCoupon({a}, "C10"));
  ASSERT_THAT(engine_.checkout_sessions().Expire(session.id()), IsOk());
  EXPECT_EQ(CouponRedeemed("C10"), 0);
}

TEST_F(CheckoutDiscountsTest, PromotionCodeRestrictions) {
  const Price small = NewPrice(1000);
  const Price big = NewPrice(5000);
  NewCoupon(R"pb(id: "C10" percent_off: 10)pb");
  const std::string jenny = NewCustomer(R"pb(email: "jenny@example.com")pb").id();
  const PromotionCode minimum = NewCode(
      R"pb(coupon: "C10" code: "BIG"
           restrictions { minimum_amount: 5000 minimum_amount_currency: "usd" })pb");
  const PromotionCode mine = NewCode(absl::StrCat(R"pb(coupon: "C10" code: "MINE" customer: ")pb",
                                                  jenny, "\""));
  const PromotionCode first =
      NewCode(R"pb(coupon: "C10" code: "FIRST" restrictions { first_time_transaction: true })pb");
  const char* const kParam = "discounts[0][promotion_code]";

  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({small}, minimum.id())),
              StripeErrorWithParam("invalid_request_error", "", kParam));
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({big}, minimum.id())), IsOk());

  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({small}, mine.id())),
              StripeErrorWithParam("invalid_request_error", "", kParam));
  CheckoutSessionCreateParams for_jenny = WithCode({small}, mine.id());
  for_jenny.set_customer(jenny);
  EXPECT_THAT(engine_.checkout_sessions().Create(for_jenny), IsOk());

  CheckoutSessionCreateParams first_time = WithCode({small}, first.id());
  first_time.set_customer(jenny);
  const CheckoutSession before = MustCreate(first_time);
  PayWithVisa(before.id());  // jenny's first payment
  EXPECT_THAT(engine_.checkout_sessions().Create(first_time),
              StripeErrorWithParam("invalid_request_error", "", kParam));
}

TEST_F(CheckoutDiscountsTest, DiscountParametersThatStripeRefuses) {
  const Price a = NewPrice(1000);
  NewCoupon(R"pb(id: "C10" percent_off: 10)pb");
  NewCoupon(R"pb(id: "C20" percent_off: 20)pb");
  CheckoutSessionCreateParams with_allow = WithCoupon({a}, "C10");
  with_allow.set_allow_promotion_codes(true);
  CheckoutSessionCreateParams two = WithCoupon({a}, "C10");
  two.add_discounts()->set_coupon("C20");
  CheckoutSessionCreateParams both = Params({a});
  both.add_discounts()->set_coupon("C10");
  both.mutable_discounts(0)->set_promotion_code("promo_x");
  const size_t events = engine_.events().size();
  EXPECT_THAT(engine_.checkout_sessions().Create(with_allow),
              StripeErrorWithParam("invalid_request_error", "", "allow_promotion_codes"));
  EXPECT_THAT(engine_.checkout_sessions().Create(two),
              StripeErrorWithParam("invalid_request_error", "", "discounts"));
  EXPECT_THAT(engine_.checkout_sessions().Create(both),
              StripeErrorWithParam("invalid_request_error", "", "discounts[0]"));
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCoupon({a}, "NOPE")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "discounts[0][coupon]"));
  EXPECT_THAT(engine_.checkout_sessions().Create(WithCode({a}, "promo_missing")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "discounts[0][promotion_code]"));
  EXPECT_EQ(engine_.events().size(), events);
  EXPECT_EQ(CouponRedeemed("C10"), 0);
}

TEST_F(CheckoutDiscountsTest, CustomerEntersAPromotionCodeOnThePage) {
  const Price a = NewPrice(2000);
  const TaxRate sales = NewRate(10, false);
  NewCoupon(R"pb(id: "HALF" percent_off: 50)pb");
  const PromotionCode code = NewCode(R"pb(coupon: "HALF" code: "SUMMER50")pb");
  CheckoutSessionCreateParams params = Params({a});
  params.mutable_line_items(0)->add_tax_rates(sales.id());
  params.set_allow_promotion_codes(true);
  const CheckoutSession session = MustCreate(params);
  EXPECT_TRUE(session.allow_promotion_codes());
  EXPECT_EQ(session.amount_total(), 2200);

  CheckoutPromotionCodeParams unknown;
  unknown.set_code("WINTER");
  EXPECT_THAT(engine_.checkout_page().ApplyPromotionCode(session.id(), unknown),
              StripeErrorWithParam("invalid_request_error", "", "code"));
  CheckoutPromotionCodeParams typed;
  typed.set_code("summer50");  // case-insensitive
  ASSERT_THAT(engine_.checkout_page().ApplyPromotionCode(session.id(), typed), IsOk());
  const CheckoutSession discounted =
      engine_.checkout_sessions().Retrieve(session.id()).value_or(CheckoutSession());
  ASSERT_EQ(discounted.discounts_size(), 1);
  EXPECT_EQ(discounted.discounts(0).promotion_code(), code.id());
  EXPECT_EQ(discounted.discounts(0).coupon(), "HALF");
  EXPECT_EQ(discounted.total_details().amount_discount(), 1000);
  EXPECT_EQ(discounted.total_details().amount_tax(), 100);
  EXPECT_EQ(discounted.amount_total(), 1100);
  EXPECT_EQ(CodeRedeemed(code.id()), 0);

  const CheckoutSession paid = PayWithVisa(session.id());
  EXPECT_EQ(engine_.payment_intents().Retrieve(paid.payment_intent())->amount(), 1100);
  EXPECT_EQ(CodeRedeemed(code.id()), 1);
  EXPECT_EQ(CouponRedeemed("HALF"), 1);
}

TEST_F(CheckoutDiscountsTest, AnEarlyPaymentIntentChargesThePageDiscount) {
  // Before 2022-08-01 the session's PaymentIntent is made with it: it follows the discount.
  NewCoupon(R"pb(id: "QUARTER" percent_off: 25)pb");
  NewCode(R"pb(coupon: "QUARTER" code: "SPRING25")pb");
  CheckoutSessionCreateParams params = Params({NewPrice(2000)});
  params.set_allow_promotion_codes(true);
  RequestOptions early;
  early.api_version = "2022-07-01";
  absl::StatusOr<CheckoutSession> session = engine_.checkout_sessions().Create(params, early);
  ASSERT_THAT(session, IsOk());
  ASSERT_EQ(engine_.payment_intents().Retrieve(session->payment_intent())->amount(), 2000);
  CheckoutPromotionCodeParams typed;
  typed.set_code("SPRING25");
  ASSERT_THAT(engine_.checkout_page().ApplyPromotionCode(session->id(), typed), IsOk());
  EXPECT_EQ(engine_.payment_intents().Retrieve(session->payment_intent())->amount(), 1500);
  const CheckoutSession paid = PayWithVisa(session->id());
  EXPECT_EQ(engine_.payment_intents().Retrieve(paid.payment_intent())->amount_received(), 1500);
}

TEST_F(CheckoutDiscountsTest, PageRefusesACodeWithoutAllowPromotionCodes) {
  const Price a = NewPrice(2000);
  NewCoupon(R"pb(id: "HALF" percent_off: 50)pb");
  NewCode(R"pb(coupon: "HALF" code: "SUMMER50")pb");
  const CheckoutSession session = MustCreate(Params({a}));
  EXPECT_FALSE(session.has_allow_promotion_codes());
  CheckoutPromotionCodeParams typed;
  typed.set_code("SUMMER50");
  EXPECT_THAT(engine_.checkout_page().ApplyPromotionCode(session.id(), typed),
              StripeErrorWithParam("invalid_request_error", "", "code"));
  EXPECT_EQ(engine_.checkout_sessions().Retrieve(session.id())->amount_total(), 2000);
}

TEST_F(CheckoutDiscountsTest, PaymentLinkPassesAllowPromotionCodesToItsSession) {
  const Price a = NewPrice(2000);
  PaymentLinkCreateParams link_params;
  PaymentLinkLineItemParams* item = link_params.add_line_items();
  item->set_price(a.id());
  item->set_quantity(1);
  link_params.set_allow_promotion_codes(true);
  absl::StatusOr<PaymentLink> link = engine_.payment_links().Create(link_params);
  ASSERT_THAT(link, IsOk());
  absl::StatusOr<CheckoutSession> session = engine_.payment_links().Open(link->id());
  ASSERT_THAT(session, IsOk());
  EXPECT_TRUE(session->allow_promotion_codes());
}

}  // namespace
}  // namespace paysim
