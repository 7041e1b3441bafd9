// The wire door of coupons, promotion codes and tax rates: the Stripe CLI's fixtures for
// coupon.*, promotion_code.* and tax_rate.* as the CLI sends them, the objects' JSON shapes,
// the list filters, and Stripe's errors (type, code, param, HTTP status) for bad input,
// currency_options' included.
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
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z

class DiscountRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  void ExpectError(int status, absl::string_view method, absl::string_view path,
                   absl::string_view body, absl::string_view code, absl::string_view param) {
    const Json error = Answer(status, method, path, body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << body;
    }
    if (param.empty()) {
      EXPECT_TRUE(!error.contains("param") || error["param"] == "") << error.dump();
    } else {
      EXPECT_EQ(error["param"], std::string(param)) << body;
    }
  }
  std::string LastEventType() {
    return Answer(200, "GET", "/v1/events?limit=1")["data"][0]["type"].get<std::string>();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(DiscountRoutesTest, CouponFixturesAndShape) {
  const Json coupon = Answer(200, "POST", "/v1/coupons", "percent_off=20");
  EXPECT_EQ(LastEventType(), "coupon.created");
  EXPECT_EQ(coupon["object"], "coupon");
  EXPECT_EQ(coupon["percent_off"], 20);
  EXPECT_EQ(coupon["duration"], "once");
  EXPECT_EQ(coupon["created"], kStart);
  EXPECT_EQ(coupon["times_redeemed"], 0);
  EXPECT_EQ(coupon["valid"], true);
  EXPECT_EQ(coupon["livemode"], false);
  EXPECT_EQ(coupon["metadata"], Json::object());
  EXPECT_FALSE(coupon.contains("applies_to"));
  for (const char* null_field : {"amount_off", "currency", "duration_in_months",
                                 "max_redemptions", "name", "redeem_by"}) {
    ASSERT_TRUE(coupon.contains(null_field)) << null_field;
    EXPECT_TRUE(coupon[null_field].is_null()) << null_field;
  }
  const std::string id = coupon["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "GET", "/v1/coupons/" + id), coupon);

  const Json updated = Answer(200, "POST", "/v1/coupons/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  EXPECT_EQ(LastEventType(), "coupon.updated");

  const Json deleted = Answer(200, "DELETE", "/v1/coupons/" + id);
  EXPECT_EQ(deleted, Json::parse(R"({"id":")" + id + R"(","object":"coupon","deleted":true})"));
  EXPECT_EQ(LastEventType(), "coupon.deleted");
  ExpectError(404, "GET", "/v1/coupons/" + id, "", "resource_missing", "id");
}

TEST_F(DiscountRoutesTest, CouponWithAppliesToAndList) {
  const std::string product =
      Answer(200, "POST", "/v1/products", "name=Hat")["id"].get<std::string>();
  const Json coupon = Answer(200, "POST", "/v1/coupons",
                             "id=HATS&amount_off=500&currency=usd&duration=repeating&"
                             "duration_in_months=2&applies_to[products][]=" + product);
  EXPECT_EQ(coupon["id"], "HATS");
  EXPECT_EQ(coupon["amount_off"], 500);
  EXPECT_EQ(coupon["applies_to"]["products"], Json::array({product}));
  EXPECT_EQ(coupon["duration_in_months"], 2);
  const Json list = Answer(200, "GET", "/v1/coupons");
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], "/v1/coupons");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], "HATS");
  ExpectError(400, "POST", "/v1/coupons", "id=HATS&percent_off=5", "resource_already_exists",
              "id");
}

TEST_F(DiscountRoutesTest, CouponErrors) {
  ExpectError(400, "POST", "/v1/coupons", "percent_off=5&amount_off=5&currency=usd", "",
              "percent_off");
  ExpectError(400, "POST", "/v1/coupons", "duration=forever", "parameter_missing",
              "percent_off");
  ExpectError(400, "POST", "/v1/coupons", "amount_off=5", "parameter_missing", "currency");
  ExpectError(400, "POST", "/v1/coupons", "percent_off=101", "", "percent_off");
  ExpectError(400, "POST", "/v1/coupons", "percent_off=abc", "", "percent_off");
  ExpectError(400, "POST", "/v1/coupons", "percent_off=5&duration=repeating",
              "parameter_missing", "duration_in_months");
  ExpectError(400, "POST", "/v1/coupons", "percent_off=5&redeem_by=1767225600", "",
              "redeem_by");
  ExpectError(400, "POST", "/v1/coupons", "percent_off=5&bogus=1", "parameter_unknown",
              "bogus");
  ExpectError(400, "POST", "/v1/coupons/NOPE", "times_redeemed=3", "parameter_unknown",
              "times_redeemed");
  EXPECT_EQ(Answer(200, "GET", "/v1/coupons")["data"].size(), 0u);
}

TEST_F(DiscountRoutesTest, CurrencyOptionsErrors) {
  const std::string usd = "amount_off=500&currency=usd";
  ExpectError(400, "POST", "/v1/coupons", "percent_off=5&currency_options[eur][amount_off]=450",
              "", "currency_options");
  ExpectError(400, "POST", "/v1/coupons", usd + "&currency_options[zzz][amount_off]=450", "",
              "currency_options[zzz]");
  ExpectError(400, "POST", "/v1/coupons", usd + "&currency_options[usd][amount_off]=450", "",
              "currency_options[usd]");
  ExpectError(400, "POST", "/v1/coupons", usd + "&currency_options[eur][amount_off]=0",
              "parameter_invalid_integer", "currency_options[eur][amount_off]");
  ExpectError(400, "POST", "/v1/coupons", usd + "&currency_options[eur][amount_off]=x",
              "parameter_invalid_integer", "currency_options[eur][amount_off]");
  ExpectError(400, "POST", "/v1/coupons", usd + "&currency_options[eur][percent_off]=5",
              "parameter_unknown", "currency_options[eur][percent_off]");
  ExpectError(400, "POST", "/v1/coupons", usd + "&currency_options[eur]=450", "",
              "currency_options[eur]");
  EXPECT_EQ(Answer(200, "GET", "/v1/coupons")["data"].size(), 0u);

  const std::string id =
      Answer(200, "POST", "/v1/coupons", usd + "&currency_options[eur][amount_off]=450")["id"];
  const std::string percent = Answer(200, "POST", "/v1/coupons", "percent_off=5")["id"];
  ExpectError(400, "POST", "/v1/coupons/" + percent, "currency_options[eur][amount_off]=450", "",
              "currency_options");
  ExpectError(400, "POST", "/v1/coupons/" + id, "currency_options[gbp][amount_off]=-1",
              "parameter_invalid_integer", "currency_options[gbp][amount_off]");
  Answer(200, "POST", "/v1/coupons/" + id, "currency_options[gbp][amount_off]=400");
  EXPECT_EQ(LastEventType(), "coupon.updated");

  const std::string restricted = "coupon=" + id + "&restrictions[minimum_amount]=5000" +
                                 "&restrictions[minimum_amount_currency]=usd";
  ExpectError(400, "POST", "/v1/promotion_codes",
              "coupon=" + id + "&restrictions[currency_options][eur][minimum_amount]=100",
              "parameter_missing", "restrictions[minimum_amount]");
  ExpectError(400, "POST", "/v1/promotion_codes",
              restricted + "&restrictions[currency_options][zzz][minimum_amount]=100", "",
              "restrictions[currency_options][zzz]");
  ExpectError(400, "POST", "/v1/promotion_codes",
              restricted + "&restrictions[currency_options][usd][minimum_amount]=100", "",
              "restrictions[currency_options][usd]");
  ExpectError(400, "POST", "/v1/promotion_codes",
              restricted + "&restrictions[currency_options][eur][minimum_amount]=-1",
              "parameter_invalid_integer", "restrictions[currency_options][eur][minimum_amount]");
  EXPECT_EQ(Answer(200, "GET", "/v1/promotion_codes")["data"].size(), 0u);
  Answer(200, "POST", "/v1/promotion_codes",
         restricted + "&restrictions[currency_options][eur][minimum_amount]=4500");
  EXPECT_EQ(LastEventType(), "promotion_code.created");
}

TEST_F(DiscountRoutesTest, PromotionCodeFixturesAndShape) {
  const std::string coupon =
      Answer(200, "POST", "/v1/coupons", "percent_off=20")["id"].get<std::string>();
  const Json code = Answer(200, "POST", "/v1/promotion_codes", "coupon=" + coupon);
  EXPECT_EQ(LastEventType(), "promotion_code.created");
  EXPECT_EQ(code["object"], "promotion_code");
  EXPECT_EQ(code["active"], true);
  EXPECT_EQ(code["coupon"]["id"], coupon);
  EXPECT_EQ(code["coupon"]["object"], "coupon");
  EXPECT_EQ(code["restrictions"]["first_time_transaction"], false);
  EXPECT_TRUE(code["restrictions"]["minimum_amount"].is_null());
  EXPECT_TRUE(code["restrictions"]["minimum_amount_currency"].is_null());
  for (const char* null_field : {"customer", "expires_at", "max_redemptions"}) {
    ASSERT_TRUE(code.contains(null_field)) << null_field;
    EXPECT_TRUE(code[null_field].is_null()) << null_field;
  }
  const std::string id = code["id"].get<std::string>();
  const Json updated = Answer(200, "POST", "/v1/promotion_codes/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  EXPECT_EQ(LastEventType(), "promotion_code.updated");

  Answer(200, "POST", "/v1/promotion_codes",
         "coupon=" + coupon + "&code=SPRING&restrictions[minimum_amount]=1000&"
         "restrictions[minimum_amount_currency]=usd&restrictions[first_time_transaction]=true");
  const Json found = Answer(200, "GET", "/v1/promotion_codes?code=spring");
  ASSERT_EQ(found["data"].size(), 1u);
  EXPECT_EQ(found["data"][0]["restrictions"]["minimum_amount"], 1000);
  ExpectError(400, "POST", "/v1/promotion_codes", "coupon=" + coupon + "&code=Spring",
              "resource_already_exists", "code");
  ExpectError(400, "POST", "/v1/promotion_codes", "code=X", "parameter_missing", "coupon");
  ExpectError(400, "POST", "/v1/promotion_codes", "coupon=NOPE", "resource_missing", "coupon");
  ExpectError(404, "GET", "/v1/promotion_codes/promo_nope", "", "resource_missing", "id");
}

TEST_F(DiscountRoutesTest, TaxRateFixturesAndShape) {
  const Json rate = Answer(200, "POST", "/v1/tax_rates",
                           "display_name=test&inclusive=true&percentage=10&"
                           "description=%28created+by+Stripe+CLI%29");
  EXPECT_EQ(LastEventType(), "tax_rate.created");
  EXPECT_EQ(rate["object"], "tax_rate");
  EXPECT_EQ(rate["active"], true);
  EXPECT_EQ(rate["display_name"], "test");
  EXPECT_EQ(rate["inclusive"], true);
  EXPECT_EQ(rate["percentage"], 10);
  EXPECT_EQ(rate["description"], "(created by Stripe CLI)");
  for (const char* null_field : {"country", "effective_percentage", "jurisdiction",
                                 "jurisdiction_level", "state", "tax_type"}) {
    ASSERT_TRUE(rate.contains(null_field)) << null_field;
    EXPECT_TRUE(rate[null_field].is_null()) << null_field;
  }
  const std::string id = rate["id"].get<std::string>();
  const Json updated = Answer(200, "POST", "/v1/tax_rates/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  EXPECT_EQ(LastEventType(), "tax_rate.updated");
  ExpectError(400, "POST", "/v1/tax_rates/" + id, "percentage=20", "parameter_unknown",
              "percentage");
  ExpectError(400, "POST", "/v1/tax_rates", "display_name=x&percentage=5", "parameter_missing",
              "inclusive");
  EXPECT_EQ(Answer(200, "GET", "/v1/tax_rates?active=true")["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/tax_rates?inclusive=false")["data"].size(), 0u);
}

TEST_F(DiscountRoutesTest, CustomerDiscountFixtures) {
  const std::string first =
      Answer(200, "POST", "/v1/coupons", "percent_off=20")["id"].get<std::string>();
  const Json customer = Answer(200, "POST", "/v1/customers",
                               "coupon=" + first + "&description=%28created+by+Stripe+CLI%29");
  EXPECT_EQ(LastEventType(), "customer.discount.created");
  const Json discount = customer["discount"];
  EXPECT_EQ(discount["object"], "discount");
  EXPECT_EQ(discount["coupon"]["id"], first);
  EXPECT_EQ(discount["coupon"]["times_redeemed"], 1);
  EXPECT_EQ(discount["customer"], customer["id"]);
  EXPECT_EQ(discount["start"], kStart);
  EXPECT_FALSE(discount.contains("deleted"));
  for (const char* null_field : {"checkout_session", "end", "invoice", "invoice_item",
                                 "promotion_code", "subscription"}) {
    ASSERT_TRUE(discount.contains(null_field)) << null_field;
    EXPECT_TRUE(discount[null_field].is_null()) << null_field;
  }
  const std::string id = customer["id"].get<std::string>();
  const std::string second =
      Answer(200, "POST", "/v1/coupons", "percent_off=30")["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "POST", "/v1/customers/" + id, "coupon=" + second)["discount"]["coupon"]
                  ["id"],
            second);
  EXPECT_EQ(LastEventType(), "customer.discount.updated");
  EXPECT_TRUE(Answer(200, "POST", "/v1/customers/" + id, "coupon=")["discount"].is_null());
  EXPECT_EQ(LastEventType(), "customer.discount.deleted");
  ExpectError(404, "DELETE", "/v1/customers/" + id + "/discount", "", "resource_missing", "");

  Answer(200, "POST", "/v1/customers/" + id, "coupon=" + first);
  const Json deleted = Answer(200, "DELETE", "/v1/customers/" + id + "/discount");
  EXPECT_EQ(deleted["object"], "discount");
  EXPECT_EQ(deleted["deleted"], true);
  EXPECT_EQ(LastEventType(), "customer.discount.deleted");
  EXPECT_TRUE(Answer(200, "GET", "/v1/customers/" + id)["discount"].is_null());
  ExpectError(400, "POST", "/v1/customers/" + id, "coupon=NOPE", "resource_missing", "coupon");
}

TEST_F(DiscountRoutesTest, SubscriptionDiscountChanged) {
  const std::string coupon =
      Answer(200, "POST", "/v1/coupons", "percent_off=20")["id"].get<std::string>();
  const std::string customer =
      Answer(200, "POST", "/v1/customers", "payment_method=pm_card_visa"
                                           "&invoice_settings[default_payment_method]=pm_card_visa")
          ["id"].get<std::string>();
  const std::string price =
      Answer(200, "POST", "/v1/prices",
             "currency=usd&unit_amount=1000&recurring[interval]=month&product_data[name]=Plan")
          ["id"].get<std::string>();
  const std::string sub =
      Answer(200, "POST", "/v1/subscriptions",
             absl::StrCat("customer=", customer, "&items[0][price]=", price))["id"]
          .get<std::string>();
  ExpectError(404, "DELETE", "/v1/subscriptions/" + sub + "/discount", "", "resource_missing", "");
  const Json discounted =
      Answer(200, "POST", "/v1/subscriptions/" + sub, "discounts[0][coupon]=" + coupon);
  EXPECT_EQ(discounted["discount"]["coupon"]["id"], coupon);
  EXPECT_EQ(discounted["discount"]["subscription"], sub);
  EXPECT_EQ(discounted["discounts"][0], discounted["discount"]["id"]);
  EXPECT_EQ(LastEventType(), "customer.discount.created");
  ExpectError(400, "POST", "/v1/subscriptions/" + sub, "coupon=NOPE", "resource_missing",
              "coupon");
  const Json deleted = Answer(200, "DELETE", "/v1/subscriptions/" + sub + "/discount");
  EXPECT_EQ(deleted["object"], "discount");
  EXPECT_EQ(deleted["deleted"], true);
  EXPECT_EQ(LastEventType(), "customer.discount.deleted");
  EXPECT_TRUE(Answer(200, "GET", "/v1/subscriptions/" + sub)["discount"].is_null());
}

}  // namespace
}  // namespace wire
}  // namespace paysim
