// The wire door of discounts and taxes in Checkout: `discounts[0][coupon]`,
// `discounts[0][promotion_code]`, `allow_promotion_codes`, `line_items[][tax_rates][]`,
// `line_items[][dynamic_tax_rates][]`, `automatic_tax[enabled]` and `customer_update[...]` on
// POST /v1/checkout/sessions, the amounts and `discounts` rendered, the promotion code the
// customer enters on the page (paysim's test helper), and Stripe's errors (type, code, param,
// HTTP status) for bad input, after which nothing has changed.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";

class CheckoutDiscountRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    price_ = Answer(200, "POST", "/v1/prices",
                    "currency=usd&unit_amount=2000&product_data[name]=Tee")["id"]
                 .get<std::string>();
    Answer(200, "POST", "/v1/coupons", "id=TEN&percent_off=10");
    promo_ = Answer(200, "POST", "/v1/promotion_codes", "coupon=TEN&code=TENOFF")["id"]
                 .get<std::string>();
    rate_ = Answer(200, "POST", "/v1/tax_rates",
                   "display_name=Sales%20tax&percentage=8.25&inclusive=false")["id"]
                .get<std::string>();
  }

  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  void ExpectError(int status, absl::string_view body, absl::string_view code,
                   absl::string_view param) {
    const Json error = Answer(status, "POST", "/v1/checkout/sessions", body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << body;
    }
    if (param.empty()) {
      EXPECT_FALSE(error.contains("param")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error.value("param", ""), std::string(param)) << body;
    }
  }

  std::string Base() {
    return absl::StrCat("mode=payment&success_url=https://example.com/ok&line_items[0][price]=",
                        price_, "&line_items[0][quantity]=1");
  }

  size_t SessionCount() {
    return Answer(200, "GET", "/v1/checkout/sessions?limit=100")["data"].size();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string price_;
  std::string promo_;
  std::string rate_;
};

TEST_F(CheckoutDiscountRoutesTest, CouponAndTaxRateAmountsAsRendered) {
  const Json session =
      Answer(200, "POST", "/v1/checkout/sessions",
             absl::StrCat(Base(), "&line_items[0][tax_rates][0]=", rate_,
                          "&discounts[0][coupon]=TEN"));
  EXPECT_EQ(session["amount_subtotal"], 2000);
  EXPECT_EQ(session["total_details"]["amount_discount"], 200);
  EXPECT_EQ(session["total_details"]["amount_tax"], 149);  // 1800 x 8.25% = 148.5
  EXPECT_EQ(session["amount_total"], 1949);
  EXPECT_FALSE(session["total_details"].contains("breakdown"));  // only when expanded
  ASSERT_EQ(session["discounts"].size(), 1u);
  EXPECT_EQ(session["discounts"][0]["coupon"], "TEN");
  EXPECT_TRUE(session["discounts"][0]["promotion_code"].is_null());
  EXPECT_TRUE(session["allow_promotion_codes"].is_null());

  const Json items = Answer(
      200, "GET",
      absl::StrCat("/v1/checkout/sessions/", session["id"].get<std::string>(), "/line_items"));
  ASSERT_EQ(items["data"].size(), 1u);
  const Json& item = items["data"][0];
  EXPECT_EQ(item["amount_subtotal"], 2000);
  EXPECT_EQ(item["amount_discount"], 200);
  EXPECT_EQ(item["amount_tax"], 149);
  EXPECT_EQ(item["amount_total"], 1949);
  EXPECT_FALSE(item.contains("discounts"));  // only when expanded
  EXPECT_FALSE(item.contains("taxes"));
}

TEST_F(CheckoutDiscountRoutesTest, NoDiscountRendersAnEmptyList) {
  const Json session = Answer(200, "POST", "/v1/checkout/sessions", Base());
  EXPECT_EQ(session["discounts"], Json::array());
  EXPECT_EQ(session["total_details"]["amount_discount"], 0);
}

TEST_F(CheckoutDiscountRoutesTest, PromotionCodeOnThePage) {
  const Json session = Answer(200, "POST", "/v1/checkout/sessions",
                              absl::StrCat(Base(), "&allow_promotion_codes=true"));
  EXPECT_EQ(session["allow_promotion_codes"], true);
  const std::string path = absl::StrCat("/v1/test_helpers/checkout/sessions/",
                                        session["id"].get<std::string>(), "/promotion_code");
  Answer(200, "POST", path, "code=tenoff");
  const Json discounted =
      Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", session["id"].get<std::string>()));
  EXPECT_EQ(discounted["amount_total"], 1800);
  EXPECT_EQ(discounted["discounts"][0]["promotion_code"], promo_);
  const Json error = Answer(400, "POST", path, "code=NOPE")["error"];
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(error["param"], "code");
}

TEST_F(CheckoutDiscountRoutesTest, BadInputIsRefusedAndChangesNothing) {
  Answer(200, "POST", "/v1/tax_rates/" + rate_, "active=false");
  const size_t sessions = SessionCount();
  const Json coupon_before = Answer(200, "GET", "/v1/coupons/TEN");
  ExpectError(400, absl::StrCat(Base(), "&discounts[0][coupon]=NOPE"), "resource_missing",
              "discounts[0][coupon]");
  ExpectError(400, absl::StrCat(Base(), "&discounts[0][promotion_code]=promo_nope"),
              "resource_missing", "discounts[0][promotion_code]");
  ExpectError(400, absl::StrCat(Base(), "&discounts[0][coupon]=TEN&allow_promotion_codes=true"),
              "", "allow_promotion_codes");
  ExpectError(400,
              absl::StrCat(Base(), "&discounts[0][coupon]=TEN&discounts[1][promotion_code]=",
                           promo_),
              "", "discounts");
  ExpectError(400, absl::StrCat(Base(), "&line_items[0][tax_rates][0]=", rate_), "",
              "line_items[0][tax_rates][0]");
  ExpectError(400, absl::StrCat(Base(), "&line_items[0][tax_rates][0]=txr_nope"),
              "resource_missing", "line_items[0][tax_rates][0]");
  EXPECT_EQ(SessionCount(), sessions);
  EXPECT_EQ(Answer(200, "GET", "/v1/coupons/TEN"), coupon_before);
}

TEST_F(CheckoutDiscountRoutesTest, AutomaticTaxOnceTheCustomerSaysWhereItIs) {
  const std::string taxed_price =
      Answer(200, "POST", "/v1/prices",
             "currency=usd&unit_amount=2000&product_data[name]=Mug&tax_behavior=exclusive")["id"]
          .get<std::string>();
  const std::string base =
      absl::StrCat("mode=payment&success_url=https://example.com/ok&line_items[0][price]=",
                   taxed_price, "&line_items[0][quantity]=1&automatic_tax[enabled]=true");
  const Json session = Answer(200, "POST", "/v1/checkout/sessions", base);
  EXPECT_EQ(session["automatic_tax"]["enabled"], true);
  EXPECT_EQ(session["automatic_tax"]["status"], "requires_location_inputs");
  EXPECT_EQ(session["total_details"]["amount_tax"], 0);
  const std::string id = session["id"].get<std::string>();
  Answer(200, "POST", absl::StrCat("/v1/test_helpers/checkout/sessions/", id, "/pay"),
         "payment_method=pm_card_visa&email=jenny@example.com&billing_address[country]=US"
         "&billing_address[state]=CA&billing_address[postal_code]=94107");
  const Json paid = Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", id));
  EXPECT_EQ(paid["automatic_tax"]["status"], "complete");
  EXPECT_EQ(paid["total_details"]["amount_tax"], 145);
  EXPECT_EQ(paid["amount_total"], 2145);
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/payment_intents/",
                                            paid["payment_intent"].get<std::string>()))["amount"],
            2145);

  const size_t sessions = SessionCount();
  ExpectError(400, absl::StrCat(Base(), "&automatic_tax[enabled]=true"), "",
              "line_items[0][price]");
  const std::string customer = Answer(200, "POST", "/v1/customers", "")["id"].get<std::string>();
  ExpectError(400, absl::StrCat(base, "&customer=", customer), "customer_tax_location_invalid",
              "");
  ExpectError(400, absl::StrCat(base, "&customer=", customer, "&customer_update[address]=maybe"),
              "", "customer_update[address]");
  ExpectError(400, absl::StrCat(base, "&customer_update[address]=auto"), "", "customer_update");
  EXPECT_EQ(SessionCount(), sessions);
  Answer(200, "POST", "/v1/checkout/sessions",
         absl::StrCat(base, "&customer=", customer, "&customer_update[address]=auto"));
}

TEST_F(CheckoutDiscountRoutesTest, DynamicTaxRatesMatchTheAddressOnThePage) {
  const std::string uk =
      Answer(200, "POST", "/v1/tax_rates",
             "display_name=VAT&percentage=20&inclusive=false&country=GB")["id"]
          .get<std::string>();
  const std::string base = absl::StrCat(Base(), "&line_items[0][dynamic_tax_rates][0]=", uk);
  const Json session = Answer(200, "POST", "/v1/checkout/sessions", base);
  EXPECT_EQ(session["total_details"]["amount_tax"], 0);
  EXPECT_EQ(session["amount_total"], 2000);
  const std::string id = session["id"].get<std::string>();
  Answer(200, "POST", absl::StrCat("/v1/test_helpers/checkout/sessions/", id, "/pay"),
         "payment_method=pm_card_visa&email=jenny@example.com&billing_address[country]=GB");
  const Json paid = Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", id));
  EXPECT_EQ(paid["total_details"]["amount_tax"], 400);
  EXPECT_EQ(paid["amount_total"], 2400);
  const Json breakdown = Answer(200, "GET",
                                absl::StrCat("/v1/checkout/sessions/", id,
                                             "?expand[]=total_details.breakdown"))
                             ["total_details"]["breakdown"];
  ASSERT_EQ(breakdown["taxes"].size(), 1u) << breakdown.dump();
  EXPECT_EQ(breakdown["taxes"][0]["amount"], 400);
  EXPECT_EQ(breakdown["taxes"][0]["rate"]["id"], uk);

  const size_t sessions = SessionCount();
  ExpectError(400, absl::StrCat(base, "&line_items[0][tax_rates][0]=", uk), "",
              "line_items[0][dynamic_tax_rates]");
  ExpectError(400, absl::StrCat(Base(), "&line_items[0][dynamic_tax_rates][0]=txr_nope"),
              "resource_missing", "line_items[0][dynamic_tax_rates][0]");
  // rate_ has no country: it cannot be matched to an address.
  ExpectError(400, absl::StrCat(base, "&line_items[0][dynamic_tax_rates][1]=", rate_), "",
              "line_items[0][dynamic_tax_rates][1]");
  EXPECT_EQ(SessionCount(), sessions);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
