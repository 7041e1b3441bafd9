// Stripe's fields "not included by default" through the wire door: a Checkout Session's
// `line_items`, `total_details.breakdown` and `shipping_cost.taxes`, a line item's
// `discounts` and `taxes`, and the `currency_options` hashes of coupons, promotion codes'
// restrictions and shipping rates' fixed_amount, rendered only when the request's expand[] names them, in their
// alphabetical place; a path through them that does not exist is refused and changes nothing.
#include <algorithm>
#include <string>
#include <vector>

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

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

class IncludableFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    price_ = Answer(200, "POST", "/v1/prices",
                    "currency=usd&unit_amount=2000&product_data[name]=Tee")["id"]
                 .get<std::string>();
    Answer(200, "POST", "/v1/coupons", "id=TEN&percent_off=10");
    rate_ = Answer(200, "POST", "/v1/tax_rates",
                   "display_name=Sales%20tax&percentage=8.25&inclusive=false")["id"]
                .get<std::string>();
    session_ = Answer(200, "POST", "/v1/checkout/sessions",
                      absl::StrCat("mode=payment&success_url=https://example.com/ok"
                                   "&line_items[0][price]=",
                                   price_, "&line_items[0][quantity]=1&line_items[0][tax_rates][0]=",
                                   rate_, "&discounts[0][coupon]=TEN"))["id"]
                   .get<std::string>();
  }

  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  Json Session(absl::string_view query) {
    return Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", session_, query));
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string price_;
  std::string rate_;
  std::string session_;
};

TEST_F(IncludableFieldsTest, BreakdownOnlyWhenExpanded) {
  EXPECT_FALSE(Session("")["total_details"].contains("breakdown"));
  const Json totals = Session("?expand[]=total_details.breakdown")["total_details"];
  EXPECT_THAT(Keys(totals), ::testing::ElementsAre("amount_discount", "amount_shipping",
                                                   "amount_tax", "breakdown"));
  const Json& breakdown = totals["breakdown"];
  ASSERT_EQ(breakdown["discounts"].size(), 1u);
  EXPECT_EQ(breakdown["discounts"][0]["amount"], 200);
  EXPECT_EQ(breakdown["discounts"][0]["discount"]["object"], "discount");
  EXPECT_EQ(breakdown["discounts"][0]["discount"]["coupon"]["id"], "TEN");
  ASSERT_EQ(breakdown["taxes"].size(), 1u);
  EXPECT_EQ(breakdown["taxes"][0]["amount"], 149);  // 1800 x 8.25% = 148.5
  EXPECT_EQ(breakdown["taxes"][0]["rate"]["id"], rate_);
  EXPECT_EQ(breakdown["taxes"][0]["taxable_amount"], 1800);
  // The amounts add up to what the session shows.
  EXPECT_EQ(totals["amount_discount"], breakdown["discounts"][0]["amount"]);
  EXPECT_EQ(totals["amount_tax"], breakdown["taxes"][0]["amount"]);
}

TEST_F(IncludableFieldsTest, LineItemDiscountsAndTaxesOnTheListRoute) {
  const std::string path = absl::StrCat("/v1/checkout/sessions/", session_, "/line_items");
  const Json plain = Answer(200, "GET", path)["data"][0];
  EXPECT_FALSE(plain.contains("discounts"));
  EXPECT_FALSE(plain.contains("taxes"));

  const Json item =
      Answer(200, "GET", absl::StrCat(path, "?expand[]=data.discounts&expand[]=data.taxes"))["data"][0];
  EXPECT_THAT(Keys(item),
              ::testing::ElementsAre("id", "object", "amount_discount", "amount_subtotal",
                                     "amount_tax", "amount_total", "currency", "description",
                                     "discounts", "price", "quantity", "taxes"));
  ASSERT_EQ(item["discounts"].size(), 1u);
  EXPECT_EQ(item["discounts"][0]["amount"], 200);
  EXPECT_EQ(item["discounts"][0]["discount"]["coupon"]["percent_off"], 10.0);
  ASSERT_EQ(item["taxes"].size(), 1u);
  EXPECT_EQ(item["taxes"][0]["amount"], 149);
  EXPECT_EQ(item["taxes"][0]["rate"]["percentage"], 8.25);

  // One without the other.
  const Json taxes_only = Answer(200, "GET", absl::StrCat(path, "?expand[]=data.taxes"))["data"][0];
  EXPECT_FALSE(taxes_only.contains("discounts"));
  EXPECT_TRUE(taxes_only.contains("taxes"));
}

TEST_F(IncludableFieldsTest, SessionLineItemsAsAList) {
  EXPECT_FALSE(Session("").contains("line_items"));
  const Json session = Session("?expand[]=line_items");
  const std::vector<std::string> keys = Keys(session);
  const auto at = std::find(keys.begin(), keys.end(), "line_items");
  ASSERT_NE(at, keys.end());
  EXPECT_EQ(*(at - 1), "invoice_creation") << "alphabetical place";
  EXPECT_EQ(*(at + 1), "livemode");
  const Json& list = session["line_items"];
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["has_more"], false);
  EXPECT_EQ(list["url"], absl::StrCat("/v1/checkout/sessions/", session_, "/line_items"));
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["object"], "item");
  EXPECT_EQ(list["data"][0]["amount_total"], 1949);
  EXPECT_FALSE(list["data"][0].contains("taxes"));
  EXPECT_TRUE(list["data"][0]["price"]["product"].is_string());

  // Paths go on into the items.
  const Json deeper =
      Session("?expand[]=line_items.data.taxes&expand[]=line_items.data.price.product");
  const Json& item = deeper["line_items"]["data"][0];
  EXPECT_EQ(item["taxes"][0]["amount"], 149);
  EXPECT_FALSE(item.contains("discounts"));
  EXPECT_EQ(item["price"]["product"]["name"], "Tee");
}

TEST_F(IncludableFieldsTest, ShippingCostTaxes) {
  const Json session = Answer(
      200, "POST", "/v1/checkout/sessions",
      absl::StrCat("mode=payment&success_url=https://example.com/ok&line_items[0][price]=", price_,
                   "&line_items[0][quantity]=1"
                   "&shipping_options[0][shipping_rate_data][display_name]=Ground"
                   "&shipping_options[0][shipping_rate_data][type]=fixed_amount"
                   "&shipping_options[0][shipping_rate_data][fixed_amount][amount]=500"
                   "&shipping_options[0][shipping_rate_data][fixed_amount][currency]=usd"
                   "&expand[]=shipping_cost.taxes"));
  EXPECT_EQ(session["shipping_cost"]["amount_total"], 500);
  EXPECT_EQ(session["shipping_cost"]["taxes"], Json::array());  // no tax on shipping here
  const Json plain = Answer(
      200, "GET", absl::StrCat("/v1/checkout/sessions/", session["id"].get<std::string>()));
  EXPECT_FALSE(plain["shipping_cost"].contains("taxes"));
}

TEST_F(IncludableFieldsTest, PathsThatDoNotExistAreRefused) {
  for (const char* path : {"line_items.taxes", "line_items.data", "total_details.breakdown.taxes",
                           "breakdown", "taxes", "line_items.data.nothing"}) {
    const Json error =
        Answer(400, "GET",
               absl::StrCat("/v1/checkout/sessions/", session_, "?expand[]=", path))["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << path;
    EXPECT_EQ(error["param"], "expand") << path;
    EXPECT_EQ(error["message"], absl::StrCat("This property cannot be expanded (", path, ").")) << path;
  }
  // A create with a bad path creates nothing.
  const size_t before =
      Answer(200, "GET", "/v1/checkout/sessions?limit=100")["data"].size();
  Answer(400, "POST", "/v1/checkout/sessions",
         absl::StrCat("mode=payment&success_url=https://example.com/ok&line_items[0][price]=",
                      price_, "&line_items[0][quantity]=1&expand[]=total_details.taxes"));
  EXPECT_EQ(Answer(200, "GET", "/v1/checkout/sessions?limit=100")["data"].size(), before);
}

TEST_F(IncludableFieldsTest, ListsOfSessionsIncludeThroughData) {
  const Json list = Answer(200, "GET",
                           "/v1/checkout/sessions?expand[]=data.total_details.breakdown");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["total_details"]["breakdown"]["taxes"][0]["amount"], 149);
}

TEST_F(IncludableFieldsTest, CurrencyOptionsAsHashesWhenExpanded) {
  const Json coupon = Answer(200, "POST", "/v1/coupons",
                             "id=FIVE&amount_off=500&currency=usd"
                             "&currency_options[eur][amount_off]=450"
                             "&currency_options[gbp][amount_off]=400");
  EXPECT_FALSE(coupon.contains("currency_options"));
  const Json expanded = Answer(200, "GET", "/v1/coupons/FIVE?expand[]=currency_options");
  const std::vector<std::string> keys = Keys(expanded);
  const auto at = std::find(keys.begin(), keys.end(), "currency_options");
  ASSERT_NE(at, keys.end());
  EXPECT_EQ(*(at - 1), "currency") << "alphabetical place";
  EXPECT_EQ(expanded["currency_options"],
            Json::parse(R"({"eur": {"amount_off": 450}, "gbp": {"amount_off": 400}})"));
  EXPECT_EQ(Answer(200, "GET", "/v1/coupons?expand[]=data.currency_options")["data"][0]
                  ["currency_options"]["eur"]["amount_off"],
            450);

  const Json code = Answer(200, "POST", "/v1/promotion_codes",
                           "coupon=FIVE&code=FIVEOFF&restrictions[minimum_amount]=1000"
                           "&restrictions[minimum_amount_currency]=usd"
                           "&restrictions[currency_options][eur][minimum_amount]=900"
                           "&expand[]=restrictions.currency_options"
                           "&expand[]=coupon.currency_options");
  EXPECT_EQ(code["restrictions"]["currency_options"],
            Json::parse(R"({"eur": {"minimum_amount": 900}})"));
  EXPECT_EQ(Keys(code["restrictions"]).front(), "currency_options");
  EXPECT_EQ(code["coupon"]["currency_options"]["gbp"]["amount_off"], 400);

  const Json rate = Answer(200, "POST", "/v1/shipping_rates",
                           "display_name=Ground&type=fixed_amount&fixed_amount[amount]=500"
                           "&fixed_amount[currency]=usd"
                           "&fixed_amount[currency_options][eur][amount]=450");
  EXPECT_FALSE(rate["fixed_amount"].contains("currency_options"));
  const Json shown = Answer(200, "GET",
                            absl::StrCat("/v1/shipping_rates/", rate["id"].get<std::string>(),
                                         "?expand[]=fixed_amount.currency_options"));
  EXPECT_EQ(shown["fixed_amount"]["currency_options"]["eur"]["amount"], 450);
  EXPECT_TRUE(shown["fixed_amount"]["currency_options"]["eur"].contains("tax_behavior"));
}

TEST_F(IncludableFieldsTest, CustomerTaxWhenExpanded) {
  const Json customer = Answer(200, "POST", "/v1/customers",
                               "address[country]=DE&tax[ip_address]=203.0.113.9");
  EXPECT_FALSE(customer.contains("tax"));
  const std::string path = absl::StrCat("/v1/customers/", customer["id"].get<std::string>());
  const Json shown = Answer(200, "GET", absl::StrCat(path, "?expand[]=tax&expand[]=tax_ids"));
  EXPECT_EQ(shown["tax"], Json::parse(R"({"automatic_tax": "supported",
      "ip_address": "203.0.113.9",
      "location": {"country": "DE", "source": "billing_address", "state": null}})"));
  const std::vector<std::string> keys = Keys(shown);
  const auto tax = std::find(keys.begin(), keys.end(), "tax");
  ASSERT_NE(tax, keys.end());
  EXPECT_EQ(*(tax + 1), "tax_exempt");  // its alphabetical place
  EXPECT_TRUE(shown["tax_ids"].is_object());  // both includable fields at once
  // An update that asks for it sees it too.
  const Json updated = Answer(200, "POST", path, "address[country]=BR&expand[]=tax");
  EXPECT_EQ(updated["tax"]["automatic_tax"], "not_collecting");
  Answer(400, "POST", path, "tax[validate_location]=immediately&address[country]=");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
