// The wire door of a customer's balance: /v1/customers/{id}/balance_transactions (create,
// list, retrieve, update; the JSON shape of a customer_balance_transaction; Stripe's errors,
// nothing changed), and `default_tax_rates=` and `items[N][tax_rates]=` (Stripe's empty list)
// on a subscription update.
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

class CustomerBalanceRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  // The error's type, code and param of a refused request, checking that nothing changed.
  void ExpectRefused(absl::string_view method, absl::string_view path, absl::string_view body,
                     int status, absl::string_view code, absl::string_view param) {
    const auto before = engine_.StateSummary();
    const Json error = Answer(status, method, path, body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << body;
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << body;
    }
    EXPECT_EQ(error["param"], std::string(param)) << body;
    EXPECT_EQ(engine_.StateSummary(), before) << body;
  }

  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com")["id"];
    url_ = "/v1/customers/" + customer_ + "/balance_transactions";
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_;
  std::string url_;
};

TEST_F(CustomerBalanceRoutesTest, CreateRetrieveUpdateList) {
  const Json created = Answer(200, "POST", url_,
                              "amount=-1500&currency=usd&description=Refund%20as%20credit&"
                              "metadata[case]=7");
  // Stripe's fields, in its order.
  std::vector<std::string> keys;
  for (auto it = created.begin(); it != created.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys, ::testing::ElementsAre("id", "object", "amount", "checkout_session",
                                           "created", "credit_note", "currency", "customer",
                                           "description", "ending_balance", "invoice",
                                           "livemode", "metadata", "type"));
  EXPECT_EQ(created["object"], "customer_balance_transaction");
  EXPECT_EQ(created["amount"], -1500);
  EXPECT_TRUE(created["checkout_session"].is_null());
  EXPECT_EQ(created["created"], kStart);
  EXPECT_TRUE(created["credit_note"].is_null());
  EXPECT_EQ(created["currency"], "usd");
  EXPECT_EQ(created["customer"], customer_);
  EXPECT_EQ(created["description"], "Refund as credit");
  EXPECT_EQ(created["ending_balance"], -1500);
  EXPECT_TRUE(created["invoice"].is_null());
  EXPECT_EQ(created["livemode"], false);
  EXPECT_EQ(created["metadata"]["case"], "7");
  EXPECT_EQ(created["type"], "adjustment");
  const std::string id = created["id"];

  const Json customer = Answer(200, "GET", "/v1/customers/" + customer_);
  EXPECT_EQ(customer["balance"], -1500);
  EXPECT_EQ(customer["currency"], "usd");
  const Json events = Answer(200, "GET", "/v1/events?type=customer.updated");
  EXPECT_EQ(events["data"][0]["data"]["previous_attributes"]["balance"], 0);

  EXPECT_EQ(Answer(200, "GET", url_ + "/" + id), created);
  const Json expanded = Answer(200, "GET", url_ + "/" + id + "?expand[]=customer");
  EXPECT_EQ(expanded["customer"]["object"], "customer");
  EXPECT_EQ(expanded["customer"]["balance"], -1500);
  const Json updated = Answer(200, "POST", url_ + "/" + id, "description=&metadata[case]=");
  EXPECT_TRUE(updated["description"].is_null());
  EXPECT_TRUE(updated["metadata"].empty());
  EXPECT_EQ(updated["amount"], -1500);

  Answer(200, "POST", url_, "amount=300&currency=usd");
  const Json page = Answer(200, "GET", url_ + "?limit=1");
  EXPECT_EQ(page["object"], "list");
  EXPECT_EQ(page["url"], url_);
  EXPECT_EQ(page["has_more"], true);
  EXPECT_EQ(page["data"][0]["amount"], 300);
  EXPECT_EQ(page["data"][0]["ending_balance"], -1200);
}

TEST_F(CustomerBalanceRoutesTest, ErrorsChangeNothing) {
  Answer(200, "POST", url_, "amount=100&currency=usd");
  ExpectRefused("POST", url_, "currency=usd", 400, "parameter_missing", "amount");
  ExpectRefused("POST", url_, "amount=100", 400, "parameter_missing", "currency");
  ExpectRefused("POST", url_, "amount=0&currency=usd", 400, "", "amount");
  ExpectRefused("POST", url_, "amount=1.5&currency=usd", 400, "parameter_invalid_integer",
                "amount");
  ExpectRefused("POST", url_, "amount=100&currency=eur", 400, "", "currency");
  ExpectRefused("POST", url_, "amount=100&currency=usd&type=initial", 400, "parameter_unknown",
                "type");
  ExpectRefused("POST", url_ + "/cbtx_missing", "description=x", 404, "resource_missing", "id");
  ExpectRefused("POST", url_ + "/cbtx_missing", "amount=5", 400, "parameter_unknown", "amount");
  ExpectRefused("GET", url_ + "/cbtx_missing", "", 404, "resource_missing", "id");
  ExpectRefused("POST", "/v1/customers/cus_missing/balance_transactions",
                "amount=100&currency=usd", 404, "resource_missing", "id");
  ExpectRefused("GET", "/v1/customers/cus_missing/balance_transactions", "", 404,
                "resource_missing", "id");
  ExpectRefused("GET", url_ + "?limit=0", "", 400, "", "limit");
}

TEST_F(CustomerBalanceRoutesTest, EmptyDefaultTaxRatesClearThem) {
  const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                "customer=" + customer_)["id"];
  Answer(200, "POST", "/v1/customers/" + customer_,
         "invoice_settings[default_payment_method]=" + pm);
  const std::string price = Answer(200, "POST", "/v1/prices",
                                   "currency=usd&unit_amount=1000&product_data[name]=Pro&"
                                   "recurring[interval]=month")["id"];
  const std::string rate = Answer(200, "POST", "/v1/tax_rates",
                                  "display_name=VAT&percentage=20&inclusive=false")["id"];
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][price]=" + price +
                              "&default_tax_rates[0]=" + rate);
  ASSERT_EQ(sub["default_tax_rates"].size(), 1u);
  const std::string path = "/v1/subscriptions/" + std::string(sub["id"]);

  // Without the parameter the rates stay; `default_tax_rates=` removes them.
  EXPECT_EQ(Answer(200, "POST", path, "metadata[a]=b")["default_tax_rates"].size(), 1u);
  const Json cleared = Answer(200, "POST", path, "default_tax_rates=");
  EXPECT_TRUE(cleared["default_tax_rates"].empty());
  const Json events = Answer(200, "GET", "/v1/events?type=customer.subscription.updated");
  const Json previous = events["data"][0]["data"]["previous_attributes"];
  ASSERT_EQ(previous["default_tax_rates"].size(), 1u);
  EXPECT_EQ(previous["default_tax_rates"][0]["id"], rate);
  EXPECT_TRUE(Answer(200, "GET", path)["default_tax_rates"].empty());

  // An item's own rates: set, then emptied with `items[0][tax_rates]=`.
  const std::string item = sub["items"]["data"][0]["id"];
  const Json with = Answer(200, "POST", path,
                           "items[0][id]=" + item + "&items[0][tax_rates][0]=" + rate);
  ASSERT_EQ(with["items"]["data"][0]["tax_rates"].size(), 1u);
  EXPECT_EQ(with["items"]["data"][0]["tax_rates"][0]["id"], rate);
  const Json without =
      Answer(200, "POST", path, "items[0][id]=" + item + "&items[0][tax_rates]=");
  EXPECT_TRUE(without["items"]["data"][0]["tax_rates"].empty());
  // An unknown rate is refused with its param, changing nothing.
  const auto before = engine_.StateSummary();
  const Json error = Answer(400, "POST", path,
                            "items[0][id]=" + item + "&items[0][tax_rates][0]=txr_missing");
  EXPECT_EQ(error["error"]["param"], "items[0][tax_rates][0]");
  EXPECT_EQ(engine_.StateSummary(), before);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
