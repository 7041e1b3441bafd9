// The wire door of customers' cash balances: the Stripe CLI's fixtures for
// customer_cash_balance_transaction.created and payment_intent.partially_funded as it sends
// them (fund_cash_balance, a customer_balance PaymentIntent waiting for a bank transfer), the
// JSON of a customer_cash_balance_transaction and of display_bank_transfer_instructions, the
// transactions list and retrieve, the cash_balance object (GET and POST
// /v1/customers/{id}/cash_balance, expand[]=cash_balance on a customer) and
// cash_balance.funds_available as the CLI's fixture makes it, Stripe's errors with nothing
// changed.
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

class CashBalanceRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "description=cash")["id"];
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_;
};

TEST_F(CashBalanceRoutesTest, FundCashBalance) {
  const Json funded = Answer(200, "POST",
                             "/v1/test_helpers/customers/" + customer_ + "/fund_cash_balance",
                             "amount=1000&currency=usd");
  EXPECT_EQ(funded["object"], "customer_cash_balance_transaction");
  EXPECT_EQ(funded["type"], "funded");
  EXPECT_EQ(funded["net_amount"], 1000);
  EXPECT_EQ(funded["ending_balance"], 1000);
  EXPECT_EQ(funded["customer"], customer_);
  EXPECT_EQ(funded["funded"]["bank_transfer"]["type"], "us_bank_transfer");
  EXPECT_FALSE(funded.contains("applied_to_payment"));
  const std::string id = funded["id"];
  EXPECT_EQ(Answer(200, "GET", "/v1/customers/" + customer_ + "/cash_balance_transactions/" + id),
            funded);
  const Json list = Answer(200, "GET", "/v1/customers/" + customer_ + "/cash_balance_transactions");
  EXPECT_EQ(list["object"], "list");
  ASSERT_EQ(list["data"].size(), 1u);
  const Json events = Answer(200, "GET", "/v1/events?type=customer_cash_balance_transaction.created");
  ASSERT_EQ(events["data"].size(), 1u);

  const auto before = engine_.StateSummary();
  const Json error = Answer(400, "POST",
                            "/v1/test_helpers/customers/" + customer_ + "/fund_cash_balance",
                            "amount=-5&currency=usd")["error"];
  EXPECT_EQ(error["param"], "amount");
  EXPECT_EQ(engine_.StateSummary(), before);
}

TEST_F(CashBalanceRoutesTest, PartiallyFundedFixture) {
  const Json pi = Answer(
      200, "POST", "/v1/payment_intents",
      "amount=20000&currency=jpy&customer=" + customer_ +
          "&description=partially+funded&payment_method_types[]=customer_balance"
          "&payment_method_data[type]=customer_balance"
          "&payment_method_options[customer_balance][funding_type]=bank_transfer"
          "&payment_method_options[customer_balance][bank_transfer][type]=jp_bank_transfer"
          "&confirm=true");
  EXPECT_EQ(pi["status"], "requires_action");
  const Json& instructions = pi["next_action"]["display_bank_transfer_instructions"];
  EXPECT_EQ(pi["next_action"]["type"], "display_bank_transfer_instructions");
  EXPECT_EQ(instructions["amount_remaining"], 20000);
  EXPECT_EQ(instructions["currency"], "jpy");
  EXPECT_EQ(instructions["type"], "jp_bank_transfer");
  EXPECT_EQ(instructions["financial_addresses"][0]["type"], "zengin");
  EXPECT_EQ(pi["payment_method_options"]["customer_balance"]["funding_type"], "bank_transfer");
  Answer(200, "POST", "/v1/test_helpers/customers/" + customer_ + "/fund_cash_balance",
         "amount=10000&currency=jpy");
  const Json events = Answer(200, "GET", "/v1/events?type=payment_intent.partially_funded");
  ASSERT_EQ(events["data"].size(), 1u);
  const std::string pi_id = pi["id"];
  const Json after = Answer(200, "GET", "/v1/payment_intents/" + pi_id);
  EXPECT_EQ(after["next_action"]["display_bank_transfer_instructions"]["amount_remaining"], 10000);

  const auto before = engine_.StateSummary();
  const Json error =
      Answer(400, "POST", "/v1/payment_intents",
             "amount=20000&currency=jpy&customer=" + customer_ +
                 "&payment_method_types[]=customer_balance"
                 "&payment_method_data[type]=customer_balance"
                 "&payment_method_options[customer_balance][funding_type]=cash"
                 "&confirm=true")["error"];
  EXPECT_EQ(error["param"], "payment_method_options[customer_balance][funding_type]");
  EXPECT_EQ(engine_.StateSummary(), before);
}

TEST_F(CashBalanceRoutesTest, ApplyCustomerBalance) {
  Answer(200, "POST", "/v1/customers/" + customer_ + "/cash_balance",
         "settings[reconciliation_mode]=manual");
  const Json pi = Answer(
      200, "POST", "/v1/payment_intents",
      "amount=3000&currency=jpy&customer=" + customer_ +
          "&payment_method_types[]=customer_balance&payment_method_data[type]=customer_balance"
          "&payment_method_options[customer_balance][funding_type]=bank_transfer"
          "&payment_method_options[customer_balance][bank_transfer][type]=jp_bank_transfer"
          "&confirm=true");
  const std::string pi_id = pi["id"];
  Answer(200, "POST", "/v1/test_helpers/customers/" + customer_ + "/fund_cash_balance",
         "amount=5000&currency=jpy");
  const std::string path = "/v1/payment_intents/" + pi_id + "/apply_customer_balance";

  const auto before = engine_.StateSummary();
  const Json error = Answer(400, "POST", path, "amount=3001")["error"];
  EXPECT_EQ(error["code"], "amount_too_large");
  EXPECT_EQ(error["param"], "amount");
  EXPECT_EQ(engine_.StateSummary(), before);

  const Json part = Answer(200, "POST", path, "amount=1000");
  EXPECT_EQ(part["status"], "requires_action");
  EXPECT_EQ(part["next_action"]["display_bank_transfer_instructions"]["amount_remaining"], 2000);
  const Json paid = Answer(200, "POST", path, "");
  EXPECT_EQ(paid["status"], "succeeded");
  EXPECT_EQ(paid["amount_received"], 3000);
  // The customer_balance sections render as Stripe's `{}`.
  const Json charge = Answer(200, "GET", "/v1/charges/" + paid["latest_charge"].get<std::string>());
  EXPECT_EQ(charge["payment_method_details"]["type"], "customer_balance");
  EXPECT_EQ(charge["payment_method_details"]["customer_balance"], Json::object());
  const Json pm =
      Answer(200, "GET", "/v1/payment_methods/" + paid["payment_method"].get<std::string>());
  EXPECT_EQ(pm["type"], "customer_balance");
  EXPECT_EQ(pm["customer_balance"], Json::object());
  EXPECT_FALSE(pm.contains("sepa_debit"));
  const Json balance = Answer(200, "GET", "/v1/customers/" + customer_ + "/cash_balance");
  EXPECT_EQ(balance["available"]["jpy"], 2000);
}

TEST_F(CashBalanceRoutesTest, CashBalanceObject) {
  const std::string path = "/v1/customers/" + customer_ + "/cash_balance";
  const Json empty = Answer(200, "GET", path);
  EXPECT_EQ(empty, Json::parse(R"({"object": "cash_balance", "available": null, "customer": ")" +
                               customer_ + R"(", "livemode": false, "settings": )"
                               R"({"reconciliation_mode": "automatic",)"
                               R"( "using_merchant_default": true}})"));
  // The Stripe CLI's cash_balance.funds_available fixture: a customer, then 1000 usd.
  Answer(200, "POST", "/v1/test_helpers/customers/" + customer_ + "/fund_cash_balance",
         "amount=1000&currency=usd");
  const Json events = Answer(200, "GET", "/v1/events?type=cash_balance.funds_available");
  ASSERT_EQ(events["data"].size(), 1u);
  const Json& object = events["data"][0]["data"]["object"];
  EXPECT_EQ(object["object"], "cash_balance");
  EXPECT_EQ(object["available"], Json::parse(R"({"usd": 1000})"));
  EXPECT_EQ(Answer(200, "GET", path), object);

  const Json manual = Answer(200, "POST", path, "settings[reconciliation_mode]=manual");
  EXPECT_EQ(manual["settings"], Json::parse(R"({"reconciliation_mode": "manual",)"
                                            R"( "using_merchant_default": false})"));
  EXPECT_EQ(manual["available"], Json::parse(R"({"usd": 1000})"));

  // Includable on the customer.
  const Json plain = Answer(200, "GET", "/v1/customers/" + customer_);
  EXPECT_FALSE(plain.contains("cash_balance"));
  const Json expanded = Answer(200, "GET", "/v1/customers/" + customer_ + "?expand[]=cash_balance");
  EXPECT_EQ(expanded["cash_balance"], manual);

  const auto before = engine_.StateSummary();
  const Json error = Answer(400, "POST", path, "settings[reconciliation_mode]=never")["error"];
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(error["param"], "settings[reconciliation_mode]");
  const Json missing = Answer(404, "GET", "/v1/customers/cus_missing/cash_balance")["error"];
  EXPECT_EQ(missing["code"], "resource_missing");
  EXPECT_EQ(missing["param"], "id");
  EXPECT_EQ(Answer(404, "POST", "/v1/customers/cus_missing/cash_balance",
                   "settings[reconciliation_mode]=manual")["error"]["code"],
            "resource_missing");
  EXPECT_EQ(engine_.StateSummary(), before);
  EXPECT_EQ(Answer(200, "GET", path)["settings"]["reconciliation_mode"], "manual");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
