// The wire door of bank debits outside Checkout: the Stripe CLI's payment_intent.processing
// fixture as it sends it, sepa_debit and us_bank_account PaymentMethods and their JSON,
// payment_method_data and mandate_data on PaymentIntents, settlement on the clock (one second
// either side), and Stripe's errors for bad input, which change nothing.
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
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

// The Stripe CLI's fixture (triggers/payment_intent.processing.json), form-encoded.
constexpr absl::string_view kCliPaymentMethod =
    "type=sepa_debit&sepa_debit[iban]=AT321904300235473204&billing_details[name]=Bob&"
    "billing_details[email]=bob%40example.com";
constexpr absl::string_view kCliIntent =
    "payment_method_types[0]=sepa_debit&amount=1000&currency=eur&confirm=true&"
    "mandate_data[customer_acceptance][accepted_at]=1590590577&"
    "mandate_data[customer_acceptance][type]=offline&payment_method=";

class BankDebitRoutesTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "") {
    return api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
  }
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  std::string Status(const Json& pi) {
    return Answer(200, "GET", "/v1/payment_intents/" + pi["id"].get<std::string>())["status"];
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(BankDebitRoutesTest, StripeCliProcessingFixture) {
  const Json pm = Answer(200, "POST", "/v1/payment_methods", kCliPaymentMethod);
  EXPECT_EQ(pm["type"], "sepa_debit");
  EXPECT_EQ(pm["sepa_debit"]["bank_code"], "19043");
  EXPECT_EQ(pm["sepa_debit"]["branch_code"], "");
  EXPECT_EQ(pm["sepa_debit"]["country"], "AT");
  EXPECT_EQ(pm["sepa_debit"]["last4"], "3204");
  EXPECT_TRUE(pm["sepa_debit"]["generated_from"]["charge"].is_null());
  EXPECT_FALSE(pm.contains("us_bank_account"));
  const Json pi = Answer(200, "POST", "/v1/payment_intents",
                         absl::StrCat(kCliIntent, pm["id"].get<std::string>()));
  EXPECT_EQ(pi["status"], "processing");
  const Json events = Answer(200, "GET", "/v1/events?type=payment_intent.processing");
  ASSERT_EQ(events["data"].size(), 1u);
  EXPECT_EQ(events["data"][0]["data"]["object"]["id"], pi["id"]);
  const Json charge = Answer(200, "GET", "/v1/charges/" + pi["latest_charge"].get<std::string>());
  EXPECT_EQ(charge["status"], "pending");
  EXPECT_EQ(charge["payment_method_details"]["type"], "sepa_debit");
  EXPECT_EQ(charge["payment_method_details"]["sepa_debit"]["last4"], "3204");

  clock_.Advance(kBankDebitSettlementDelay - absl::Seconds(1));
  EXPECT_EQ(Status(pi), "processing");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(Status(pi), "succeeded");
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=payment_intent.succeeded")["data"].size(), 1u);
}

TEST_F(BankDebitRoutesTest, AchByPaymentMethodDataFailsForAClosedAccount) {
  const Json pi = Answer(
      200, "POST", "/v1/payment_intents",
      "amount=2000&currency=usd&payment_method_types[]=us_bank_account&confirm=true&"
      "payment_method_data[type]=us_bank_account&"
      "payment_method_data[us_bank_account][account_number]=000111111113&"
      "payment_method_data[us_bank_account][routing_number]=110000000&"
      "payment_method_data[us_bank_account][account_holder_type]=company&"
      "payment_method_data[billing_details][name]=Acme&"
      "mandate_data[customer_acceptance][type]=online&"
      "mandate_data[customer_acceptance][online][ip_address]=127.0.0.1&"
      "mandate_data[customer_acceptance][online][user_agent]=curl");
  EXPECT_EQ(pi["status"], "processing");
  const Json pm = Answer(200, "GET", "/v1/payment_methods/" + pi["payment_method"].get<std::string>());
  EXPECT_EQ(pm["us_bank_account"]["account_holder_type"], "company");
  EXPECT_EQ(pm["us_bank_account"]["routing_number"], "110000000");
  EXPECT_EQ(pm["us_bank_account"]["networks"]["supported"][0], "ach");
  clock_.Advance(kBankDebitSettlementDelay);
  const Json failed = Answer(200, "GET", "/v1/payment_intents/" + pi["id"].get<std::string>());
  EXPECT_EQ(failed["status"], "requires_payment_method");
  EXPECT_EQ(failed["last_payment_error"]["code"], "account_closed");
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=charge.failed")["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=payment_intent.payment_failed")["data"].size(),
            1u);
}

TEST_F(BankDebitRoutesTest, BadInputGetsStripesErrorsAndChangesNothing) {
  const std::string before = Call("GET", "/v1/events").body;
  Json e = Answer(400, "POST", "/v1/payment_methods",
                  "type=sepa_debit&sepa_debit[iban]=DE89370400440532013001&"
                  "billing_details[name]=Bob&billing_details[email]=bob%40example.com");
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  EXPECT_EQ(e["error"]["param"], "sepa_debit[iban]");
  e = Answer(400, "POST", "/v1/payment_methods",
             "type=sepa_debit&sepa_debit[iban]=DE89370400440532013000");
  EXPECT_EQ(e["error"]["code"], "parameter_missing");
  EXPECT_EQ(e["error"]["param"], "billing_details[name]");
  e = Answer(400, "POST", "/v1/payment_intents",
             "amount=1000&currency=eur&payment_method_types[]=sepa_debit&confirm=true&"
             "payment_method_data[type]=sepa_debit&"
             "payment_method_data[sepa_debit][iban]=DE89370400440532013000&"
             "payment_method_data[billing_details][name]=Bob&"
             "payment_method_data[billing_details][email]=bob%40example.com");
  EXPECT_EQ(e["error"]["param"], "mandate_data");
  e = Answer(400, "POST", "/v1/payment_intents",
             "amount=1000&currency=eur&payment_method_types[]=sepa_debit&confirm=true&"
             "payment_method=pm_card_visa&mandate_data[customer_acceptance][type]=offline");
  EXPECT_EQ(e["error"]["param"], "payment_method");
  e = Answer(400, "POST", "/v1/payment_intents",
             "amount=1000&currency=usd&payment_method_types[]=sepa_debit");
  EXPECT_EQ(e["error"]["param"], "currency");
  e = Answer(400, "POST", "/v1/payment_intents",
             "amount=1000&currency=eur&payment_method_types[]=ideal");
  EXPECT_EQ(e["error"]["param"], "payment_method_types[0]");
  EXPECT_EQ(Call("GET", "/v1/events").body, before);
  EXPECT_TRUE(Answer(200, "GET", "/v1/payment_intents")["data"].empty());
}

}  // namespace
}  // namespace wire
}  // namespace paysim
