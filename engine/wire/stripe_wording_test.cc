// Stripe's own words: refusals whose code and message were checked against Stripe's responses
// (real error bodies, Stripe's docs). Each test sends the request through the wire door and
// compares the whole error: status, type, code, param, message; and checks that nothing
// changed.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

using Json = nlohmann::json;

struct Refusal {
  int status;
  std::string type;
  std::string code;   // "" : none
  std::string param;  // "" : none
  std::string message;
};

class StripeWordingTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body) {
    return api_.Handle(method, path, {{"Authorization", "Bearer sk_test_wording"}}, body);
  }

  std::string Id(absl::string_view path, absl::string_view body) {
    WireApi::Response r = Call("POST", path, body);
    EXPECT_EQ(r.status, 200) << path << " " << body << "\n" << r.body;
    return Json::parse(r.body)["id"];
  }

  std::string PriceId() {
    const std::string product = Id("/v1/products", "name=Tee");
    return Id("/v1/prices", "currency=usd&unit_amount=1500&product=" + product);
  }

  // Sends the request, expects `want` exactly and no change to the engine's state.
  void ExpectRefusal(absl::string_view method, absl::string_view path, absl::string_view body,
                     const Refusal& want) {
    const std::vector<std::pair<std::string, int64_t>> before = engine_.StateSummary();
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, want.status) << r.body;
    const Json error = Json::parse(r.body)["error"];
    EXPECT_EQ(error.value("type", ""), want.type);
    EXPECT_EQ(error.value("code", ""), want.code);
    EXPECT_EQ(error.value("param", ""), want.param);
    EXPECT_EQ(error.value("message", ""), want.message);
    EXPECT_EQ(engine_.StateSummary(), before) << "the refused request changed the state";
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
  WireApi api_{&engine_};
};

TEST_F(StripeWordingTest, ConfirmingAtCreationWithoutAPaymentMethod) {
  ExpectRefusal("POST", "/v1/payment_intents", "amount=1000&currency=usd&confirm=true",
                {400, "invalid_request_error", "payment_intent_unexpected_state", "",
                 "You cannot confirm this PaymentIntent because it's missing a payment method. "
                 "You can either update the PaymentIntent with a payment method and then confirm "
                 "it again, or confirm it again directly with a payment method or "
                 "ConfirmationToken."});
  ExpectRefusal("POST", "/v1/setup_intents", "confirm=true",
                {400, "invalid_request_error", "setup_intent_unexpected_state", "",
                 "You cannot confirm this SetupIntent because it's missing a payment method. "
                 "You can either update the SetupIntent with a payment method and then confirm "
                 "it again, or confirm it again directly with a payment method or "
                 "ConfirmationToken."});
}

TEST_F(StripeWordingTest, ErrorOnRequiresActionIsAnAuthenticationDecline) {
  WireApi::Response r =
      Call("POST", "/v1/payment_intents",
           "amount=1000&currency=usd&payment_method=pm_card_authenticationRequired&confirm=true&"
           "error_on_requires_action=true");
  EXPECT_EQ(r.status, 402);
  const Json error = Json::parse(r.body)["error"];
  EXPECT_EQ(error["type"], "card_error");
  EXPECT_EQ(error["code"], "authentication_required");
  EXPECT_EQ(error["decline_code"], "authentication_not_handled");
  EXPECT_EQ(error["message"],
            "This payment required an authentication action to complete, but "
            "`error_on_requires_action` was set. When you're ready, you can upgrade your "
            "integration to handle actions at "
            "https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.");
  const Json intent = error["payment_intent"];
  EXPECT_EQ(intent["status"], "requires_payment_method");
  EXPECT_EQ(intent["last_payment_error"]["decline_code"], "authentication_not_handled");
}

TEST_F(StripeWordingTest, CancelingAndConfirmingInTheWrongState) {
  const std::string pi =
      Id("/v1/payment_intents", "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true");
  ExpectRefusal("POST", absl::StrCat("/v1/payment_intents/", pi, "/cancel"), "",
                {400, "invalid_request_error", "payment_intent_unexpected_state", "",
                 "You cannot cancel this PaymentIntent because it has a status of succeeded. "
                 "Only a PaymentIntent with one of the following statuses may be canceled: "
                 "requires_payment_method, requires_capture, requires_confirmation, "
                 "requires_action, processing."});
  const std::string canceled = Id("/v1/payment_intents", "amount=1000&currency=usd");
  ASSERT_EQ(Call("POST", absl::StrCat("/v1/payment_intents/", canceled, "/cancel"), "").status,
            200);
  ExpectRefusal("POST", absl::StrCat("/v1/payment_intents/", canceled, "/confirm"), "",
                {400, "invalid_request_error", "payment_intent_unexpected_state", "",
                 "You cannot confirm this PaymentIntent because it has a status of canceled."});

  const std::string si =
      Id("/v1/setup_intents", "payment_method=pm_card_visa&confirm=true");
  ExpectRefusal("POST", absl::StrCat("/v1/setup_intents/", si, "/confirm"), "",
                {400, "invalid_request_error", "setup_intent_unexpected_state", "",
                 "You cannot confirm this SetupIntent because it has already succeeded."});
  ExpectRefusal("POST", absl::StrCat("/v1/setup_intents/", si, "/cancel"), "",
                {400, "invalid_request_error", "setup_intent_unexpected_state", "",
                 "You cannot cancel this SetupIntent because it has a status of succeeded. "
                 "Only a SetupIntent with one of the following statuses may be canceled: "
                 "requires_payment_method, requires_confirmation, requires_action."});
}

TEST_F(StripeWordingTest, AnIntentsUncapturedChargeIsNotRefundedOrCapturedDirectly) {
  const std::string pi = Id("/v1/payment_intents",
                            "amount=1000&currency=usd&payment_method=pm_card_visa&confirm=true&"
                            "capture_method=manual");
  const std::string charge = Json::parse(
      Call("GET", absl::StrCat("/v1/payment_intents/", pi), "").body)["latest_charge"];
  ExpectRefusal("POST", "/v1/refunds", "charge=" + charge,
                {400, "invalid_request_error", "", "charge",
                 absl::StrCat("This uncaptured Charge was created by a PaymentIntent (", pi,
                              "). You must cancel the PaymentIntent to reverse the "
                              "authorization instead of refunding the Charge directly. For more "
                              "information, see "
                              "https://stripe.com/docs/payments/place-a-hold-on-a-payment-method")});
  ExpectRefusal("POST", absl::StrCat("/v1/charges/", charge, "/capture"), "",
                {400, "invalid_request_error", "", "",
                 absl::StrCat("This uncaptured Charge was created by a PaymentIntent (", pi,
                              "). You must capture the PaymentIntent instead.")});
}

TEST_F(StripeWordingTest, TaxBehaviorIsSetOnce) {
  const std::string product = Id("/v1/products", "name=Tee");
  const std::string price = Id(
      "/v1/prices", "currency=usd&unit_amount=1500&tax_behavior=exclusive&product=" + product);
  ExpectRefusal("POST", "/v1/prices/" + price, "tax_behavior=inclusive",
                {400, "invalid_request_error", "", "tax_behavior",
                 "You cannot update `tax_behavior` field once it has been specified."});
}

TEST_F(StripeWordingTest, CheckoutSessionRefusals) {
  const std::string line = "&line_items[0][price]=" + PriceId() + "&line_items[0][quantity]=1";
  ExpectRefusal("POST", "/v1/checkout/sessions",
                "mode=payment&success_url=https://shop.example/" + std::string(5000, 'a') + line,
                {400, "invalid_request_error", "url_invalid", "success_url",
                 "Invalid URL: URL must be 5000 characters or less."});
  ExpectRefusal("POST", "/v1/checkout/sessions", "mode=payment&success_url=shop" + line,
                {400, "invalid_request_error", "url_invalid", "success_url", "Not a valid URL"});
  ExpectRefusal("POST", "/v1/checkout/sessions",
                "mode=payment&ui_mode=embedded_page&return_url=https://shop.example/r&"
                "success_url=https://shop.example/s" + line,
                {400, "invalid_request_error", "", "success_url",
                 "`success_url` is not supported with `ui_mode: embedded_page`"});
  ExpectRefusal("POST", "/v1/checkout/sessions",
                "mode=payment&ui_mode=elements&return_url=https://shop.example/r&"
                "success_url=https://shop.example/s&cancel_url=https://shop.example/c" + line,
                {400, "invalid_request_error", "", "cancel_url",
                 "The following parameters are not supported with 'ui_mode: elements': "
                 "cancel_url, success_url."});
  ExpectRefusal("POST", "/v1/checkout/sessions",
                "mode=setup&currency=usd&success_url=https://shop.example/s&"
                "payment_intent_data[description]=x",
                {400, "invalid_request_error", "", "payment_intent_data",
                 "You can not pass `payment_intent_data` in `setup` mode."});

  const std::string session = Id("/v1/checkout/sessions",
                                 "mode=payment&success_url=https://shop.example/s" + line);
  ASSERT_EQ(Call("POST", absl::StrCat("/v1/checkout/sessions/", session, "/expire"), "").status,
            200);
  ExpectRefusal("POST", absl::StrCat("/v1/checkout/sessions/", session, "/expire"), "",
                {400, "invalid_request_error", "", "",
                 "Only Checkout Sessions with a status in [\"open\"] can be expired. This "
                 "Checkout Session has a status of `expired`."});
}

}  // namespace
}  // namespace wire
}  // namespace paysim
