// An invoice item's keys in each API version's shape: before 2025-03-31.basil its `price` (the
// Price object), `unit_amount`, `unit_amount_decimal`, `subscription` and `subscription_item`;
// from basil on `parent` (`subscription_details` of a subscription's proration, else null) and
// `pricing`; `discounts` (empty) and `test_clock` in both.
#include <string>

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
constexpr absl::string_view kBeforeBasil = "2024-06-20";
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kDay = 86400;

class InvoiceItemShapeRoutesTest : public ::testing::Test {
 protected:
  // The answer of a request with `version` as Stripe-Version ("": the latest).
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "", absl::string_view version = "") {
    WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    if (!version.empty()) headers.push_back({"Stripe-Version", std::string(version)});
    WireApi::Response r = api_.Handle(method, path, headers, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "description=shapes")["id"];
    const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                  "customer=" + customer_)["id"];
    Answer(200, "POST", "/v1/customers/" + customer_,
           "invoice_settings[default_payment_method]=" + pm);
    one_time_ = Answer(200, "POST", "/v1/prices",
                       "currency=usd&unit_amount=700&product_data[name]=Setup")["id"];
    monthly_ = Answer(200, "POST", "/v1/prices",
                      "currency=usd&unit_amount=3100&product_data[name]=Plan&"
                      "recurring[interval]=month")["id"];
  }

  // A subscription to monthly_ made under `version`, its quantity changed to 2 on Jan 22 (10
  // of 31 days left): the proration items of the change, pending.
  Json ProrationsOf(absl::string_view version, std::string* sub_id, std::string* item_id) {
    const Json sub = Answer(200, "POST", "/v1/subscriptions",
                            "customer=" + customer_ + "&items[0][price]=" + monthly_, version);
    *sub_id = sub["id"];
    *item_id = sub["items"]["data"][0]["id"];
    clock_.SetTime(absl::FromUnixSeconds(kStart + 21 * kDay));
    Answer(200, "POST", "/v1/subscriptions/" + *sub_id,
           "items[0][id]=" + *item_id + "&items[0][quantity]=2", version);
    return Answer(200, "GET", "/v1/invoiceitems?pending=true&customer=" + customer_, "",
                  version)["data"];
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
  WireApi api_{&engine_};
  std::string customer_, one_time_, monthly_;
};

TEST_F(InvoiceItemShapeRoutesTest, BeforeBasilAnItemHasItsPriceAndUnitAmount) {
  const Json item = Answer(200, "POST", "/v1/invoiceitems",
                           "customer=" + customer_ + "&price=" + one_time_ + "&quantity=2",
                           kBeforeBasil);
  EXPECT_EQ(item["amount"], 1400);
  ASSERT_TRUE(item["price"].is_object()) << item.dump(2);
  EXPECT_EQ(item["price"]["id"], one_time_);
  EXPECT_EQ(item["price"]["object"], "price");
  EXPECT_EQ(item["unit_amount"], 700);
  EXPECT_EQ(item["unit_amount_decimal"], "700");
  EXPECT_TRUE(item["subscription"].is_null());
  EXPECT_TRUE(item["subscription_item"].is_null());
  EXPECT_EQ(item["discounts"], Json::array());
  EXPECT_TRUE(item["test_clock"].is_null());
  EXPECT_FALSE(item.contains("parent"));
  EXPECT_FALSE(item.contains("pricing"));
  // A unit amount that is not a whole number of cents has no unit_amount.
  const Json fractional =
      Answer(200, "POST", "/v1/invoiceitems",
             "customer=" + customer_ + "&currency=usd&unit_amount_decimal=12.5&quantity=2",
             kBeforeBasil);
  EXPECT_EQ(fractional["amount"], 25);
  EXPECT_TRUE(fractional["unit_amount"].is_null()) << fractional.dump(2);
  EXPECT_EQ(fractional["unit_amount_decimal"], "12.5");
  EXPECT_TRUE(fractional["price"].is_null());
  // An update moves unit_amount with it; the item keeps the shape it was made in.
  const Json updated = Answer(200, "POST", "/v1/invoiceitems/" + item["id"].get<std::string>(),
                              "unit_amount=900");
  EXPECT_EQ(updated["unit_amount"], 900);
  EXPECT_EQ(updated["unit_amount_decimal"], "900");
  EXPECT_EQ(updated["amount"], 1800);
  EXPECT_FALSE(updated.contains("pricing"));
}

TEST_F(InvoiceItemShapeRoutesTest, FromBasilOnAnItemHasParentAndPricing) {
  const Json item = Answer(200, "POST", "/v1/invoiceitems",
                           "customer=" + customer_ + "&price=" + one_time_ + "&quantity=2");
  EXPECT_TRUE(item["parent"].is_null()) << item.dump(2);
  EXPECT_EQ(item["pricing"]["type"], "price_details");
  EXPECT_EQ(item["pricing"]["price_details"]["price"], one_time_);
  EXPECT_EQ(item["pricing"]["unit_amount_decimal"], "700");
  EXPECT_EQ(item["discounts"], Json::array());
  for (const char* key : {"price", "unit_amount", "unit_amount_decimal", "subscription",
                          "subscription_item"}) {
    EXPECT_FALSE(item.contains(key)) << key;
  }
}

TEST_F(InvoiceItemShapeRoutesTest, FromBasilOnAProrationNamesItsSubscriptionUnderParent) {
  std::string sub, si;
  const Json items = ProrationsOf("", &sub, &si);
  ASSERT_EQ(items.size(), 2u) << items.dump(2);
  for (const Json& item : items) {
    EXPECT_TRUE(item["proration"].get<bool>());
    EXPECT_EQ(item["parent"]["type"], "subscription_details") << item.dump(2);
    EXPECT_EQ(item["parent"]["subscription_details"]["subscription"], sub);
    EXPECT_EQ(item["parent"]["subscription_details"]["subscription_item"], si);
    EXPECT_FALSE(item.contains("subscription"));
    EXPECT_FALSE(item.contains("subscription_item"));
  }
}

TEST_F(InvoiceItemShapeRoutesTest, BeforeBasilAProrationNamesItsSubscriptionAtTheTop) {
  std::string sub, si;
  const Json items = ProrationsOf(kBeforeBasil, &sub, &si);
  ASSERT_EQ(items.size(), 2u) << items.dump(2);
  for (const Json& item : items) {
    EXPECT_EQ(item["subscription"], sub) << item.dump(2);
    EXPECT_EQ(item["subscription_item"], si);
    EXPECT_EQ(item["price"]["id"], monthly_);
    EXPECT_FALSE(item.contains("parent"));
  }
}

}  // namespace
}  // namespace wire
}  // namespace paysim
