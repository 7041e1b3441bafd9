// The wire door of `shipping`: form-encoded `shipping[...]` on PaymentIntents (create, update,
// confirm) and charges, `payment_intent_data[shipping][...]` on Checkout Sessions, the page's
// shipping option choice (paysim's test helper), the JSON it renders as, previous_attributes,
// and Stripe's errors (a refused request changes nothing).
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

// What the Stripe CLI's payment_intent.succeeded fixture sends.
constexpr absl::string_view kFixtureShipping =
    "shipping[name]=Jenny+Rosen&shipping[address][line1]=510+Townsend+St"
    "&shipping[address][postal_code]=94103&shipping[address][city]=San+Francisco"
    "&shipping[address][state]=CA&shipping[address][country]=US";

class ShippingRoutesTest : public ::testing::Test {
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
  // A string field of an error body ("" when absent or null).
  static std::string Field(const Json& answer, const char* name) {
    if (!answer.contains("error")) return "";
    const Json& error = answer.at("error");
    return error.contains(name) && error.at(name).is_string() ? error.at(name).get<std::string>()
                                                              : "";
  }
  // Answers 400 with `code` about `param`, and leaves `path` (GET) as it was.
  void ExpectRefused(absl::string_view method, absl::string_view path, absl::string_view body,
                     absl::string_view code, absl::string_view param,
                     absl::string_view unchanged = "") {
    const std::string before = unchanged.empty() ? "" : Call("GET", unchanged).body;
    const std::string events = Call("GET", "/v1/events?limit=100").body;
    const Json e = Answer(400, method, path, body);
    EXPECT_EQ(Field(e, "type"), "invalid_request_error") << body;
    EXPECT_EQ(Field(e, "code"), code) << body;
    EXPECT_EQ(Field(e, "param"), param) << body;
    if (!unchanged.empty()) {
      EXPECT_EQ(Call("GET", unchanged).body, before) << body;
    }
    EXPECT_EQ(Call("GET", "/v1/events?limit=100").body, events) << body;
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(ShippingRoutesTest, TheCliFixtureSucceedsAndTheChargeCarriesTheShipping) {
  const Json pi = Answer(200, "POST", "/v1/payment_intents",
                         absl::StrCat("amount=2000&currency=usd&confirm=true"
                                      "&payment_method=pm_card_visa&payment_method_types[]=card&",
                                      kFixtureShipping));
  EXPECT_EQ(pi["status"], "succeeded");
  const Json expected = Json::parse(R"({
    "address": {"city": "San Francisco", "country": "US", "line1": "510 Townsend St",
                "line2": null, "postal_code": "94103", "state": "CA"},
    "carrier": null, "name": "Jenny Rosen", "phone": null, "tracking_number": null})");
  EXPECT_EQ(pi["shipping"], expected);
  const Json charge =
      Answer(200, "GET", absl::StrCat("/v1/charges/", pi["latest_charge"].get<std::string>()));
  EXPECT_EQ(charge["shipping"], expected);
  const Json events = Answer(200, "GET", "/v1/events?type=payment_intent.succeeded");
  ASSERT_EQ(events["data"].size(), 1u);
  EXPECT_EQ(events["data"][0]["data"]["object"]["shipping"], expected);
}

TEST_F(ShippingRoutesTest, NullWithoutShipping) {
  const Json pi = Answer(200, "POST", "/v1/payment_intents", "amount=2000&currency=usd");
  ASSERT_TRUE(pi.contains("shipping"));
  EXPECT_TRUE(pi["shipping"].is_null());
}

TEST_F(ShippingRoutesTest, UpdateAndConfirmReplaceOrRemoveIt) {
  const Json pi = Answer(200, "POST", "/v1/payment_intents",
                         absl::StrCat("amount=2000&currency=usd&", kFixtureShipping));
  const std::string path = absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>());
  Json updated = Answer(200, "POST", path,
                        "shipping[name]=Ann&shipping[address][line1]=1+Main+St"
                        "&shipping[carrier]=UPS&shipping[tracking_number]=1Z&shipping[phone]=555");
  EXPECT_EQ(updated["shipping"]["name"], "Ann");
  EXPECT_EQ(updated["shipping"]["carrier"], "UPS");
  EXPECT_EQ(updated["shipping"]["tracking_number"], "1Z");
  EXPECT_EQ(updated["shipping"]["phone"], "555");
  EXPECT_TRUE(updated["shipping"]["address"]["city"].is_null());
  updated = Answer(200, "POST", path, "shipping=");
  EXPECT_TRUE(updated["shipping"].is_null());

  const Json confirmed =
      Answer(200, "POST", path + "/confirm",
             absl::StrCat("payment_method=pm_card_visa&", kFixtureShipping));
  EXPECT_EQ(confirmed["status"], "succeeded");
  EXPECT_EQ(confirmed["shipping"]["name"], "Jenny Rosen");
}

TEST_F(ShippingRoutesTest, BadShippingIsRefusedAndChangesNothing) {
  const std::string create = "amount=2000&currency=usd&";
  ExpectRefused("POST", "/v1/payment_intents", create + "shipping[address][line1]=1+Main",
                "parameter_missing", "shipping[name]");
  ExpectRefused("POST", "/v1/payment_intents", create + "shipping[name]=Jenny",
                "parameter_missing", "shipping[address]");
  ExpectRefused("POST", "/v1/payment_intents",
                create + "shipping[name]=Jenny&shipping[address][city]=Paris",
                "parameter_missing", "shipping[address][line1]");
  ExpectRefused("POST", "/v1/payment_intents", create + "shipping[colour]=red",
                "parameter_unknown", "shipping[colour]");
  ExpectRefused("POST", "/v1/payment_intents", create + "shipping=", "", "shipping");

  const Json pi = Answer(200, "POST", "/v1/payment_intents",
                         absl::StrCat(create, kFixtureShipping));
  const std::string path = absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>());
  ExpectRefused("POST", path, "description=x&shipping[carrier]=UPS", "parameter_missing",
                "shipping[name]", path);
  ExpectRefused("POST", path + "/confirm", "payment_method=pm_card_visa&shipping[name]=Ann",
                "parameter_missing", "shipping[address]", path);
  const std::string charge = Answer(200, "POST", "/v1/charges",
                                    "amount=500&currency=usd&source=tok_visa")["id"];
  ExpectRefused("POST", "/v1/charges/" + charge, "shipping=", "", "shipping",
                "/v1/charges/" + charge);
  ExpectRefused("POST", "/v1/charges/" + charge, "shipping[address][line1]=1+Main",
                "parameter_missing", "shipping[name]", "/v1/charges/" + charge);
}

TEST_F(ShippingRoutesTest, ChargeUpdateAnnouncesTheOldShipping) {
  const Json charge = Answer(200, "POST", "/v1/charges",
                             absl::StrCat("amount=500&currency=usd&source=tok_visa&",
                                          kFixtureShipping));
  EXPECT_EQ(charge["shipping"]["address"]["state"], "CA");
  const std::string path = absl::StrCat("/v1/charges/", charge["id"].get<std::string>());
  const Json updated =
      Answer(200, "POST", path,
             "shipping[name]=Jenny+Rosen&shipping[address][line1]=510+Townsend+St"
             "&shipping[tracking_number]=9400");
  EXPECT_EQ(updated["shipping"]["tracking_number"], "9400");
  const Json events = Answer(200, "GET", "/v1/events?type=charge.updated");
  ASSERT_EQ(events["data"].size(), 1u);
  const Json& previous = events["data"][0]["data"]["previous_attributes"];
  ASSERT_TRUE(previous.contains("shipping")) << previous.dump();
  EXPECT_TRUE(previous["shipping"]["tracking_number"].is_null());
  EXPECT_EQ(previous["shipping"]["address"]["state"], "CA");
}

TEST_F(ShippingRoutesTest, CheckoutPaymentIntentDataShipping) {
  const Json price = Answer(200, "POST", "/v1/prices",
                            "currency=usd&unit_amount=2000&product_data[name]=Widget");
  const std::string session_params = absl::StrCat(
      "success_url=https://shop.example/ok&line_items[0][price]=",
      price["id"].get<std::string>(), "&line_items[0][quantity]=1");
  const Json session = Answer(
      200, "POST", "/v1/checkout/sessions",
      absl::StrCat("mode=payment&", session_params,
                   "&payment_intent_data[shipping][name]=Jenny+Rosen"
                   "&payment_intent_data[shipping][address][line1]=510+Townsend+St"
                   "&payment_intent_data[shipping][address][country]=US"));
  const std::string id = session["id"];
  Answer(200, "POST", absl::StrCat("/v1/test_helpers/checkout/sessions/", id, "/pay"),
         "payment_method=pm_card_visa&email=jenny%40example.com");
  const Json done = Answer(200, "GET", "/v1/checkout/sessions/" + id);
  const Json pi = Answer(
      200, "GET", absl::StrCat("/v1/payment_intents/", done["payment_intent"].get<std::string>()));
  EXPECT_EQ(pi["shipping"]["name"], "Jenny Rosen");
  EXPECT_EQ(pi["shipping"]["address"]["country"], "US");

  ExpectRefused("POST", "/v1/checkout/sessions",
                "mode=setup&currency=usd&success_url=https://shop.example/ok"
                "&payment_intent_data[shipping][name]=Jenny"
                "&payment_intent_data[shipping][address][line1]=1+Main",
                "", "payment_intent_data");
  ExpectRefused("POST", "/v1/checkout/sessions",
                absl::StrCat("mode=payment&", session_params,
                             "&payment_intent_data[shipping][name]=Jenny"),
                "parameter_missing", "payment_intent_data[shipping][address]");
}

TEST_F(ShippingRoutesTest, TheCustomerPicksAnotherShippingOptionOnThePage) {
  const Json price = Answer(200, "POST", "/v1/prices",
                            "currency=usd&unit_amount=2000&product_data[name]=Widget");
  const std::string ground =
      Answer(200, "POST", "/v1/shipping_rates",
             "display_name=Ground&fixed_amount[amount]=500&fixed_amount[currency]=usd")["id"];
  const std::string express =
      Answer(200, "POST", "/v1/shipping_rates",
             "display_name=Express&fixed_amount[amount]=1500&fixed_amount[currency]=usd")["id"];
  const Json session = Answer(
      200, "POST", "/v1/checkout/sessions",
      absl::StrCat("mode=payment&success_url=https://shop.example/ok&line_items[0][price]=",
                   price["id"].get<std::string>(), "&line_items[0][quantity]=1",
                   "&shipping_options[0][shipping_rate]=", ground,
                   "&shipping_options[1][shipping_rate]=", express));
  const std::string id = session["id"];
  const std::string path =
      absl::StrCat("/v1/test_helpers/checkout/sessions/", id, "/shipping_option");
  ExpectRefused("POST", path, "shipping_rate=shr_nope", "", "shipping_rate");
  Answer(200, "POST", path, "shipping_rate=" + express);
  const Json chosen = Answer(200, "GET", "/v1/checkout/sessions/" + id);
  EXPECT_EQ(chosen["shipping_cost"]["shipping_rate"], express);
  EXPECT_EQ(chosen["total_details"]["amount_shipping"], 1500);
  EXPECT_EQ(chosen["amount_total"], 3500);
}

TEST_F(ShippingRoutesTest, ShippingRateCurrencyOptionsErrors) {
  const std::string ground =
      "display_name=Ground&fixed_amount[amount]=500&fixed_amount[currency]=usd";
  const std::string options = "&fixed_amount[currency_options]";
  ExpectRefused("POST", "/v1/shipping_rates", ground + options + "[zzz][amount]=400", "",
                "fixed_amount[currency_options][zzz]");
  ExpectRefused("POST", "/v1/shipping_rates", ground + options + "[usd][amount]=400", "",
                "fixed_amount[currency_options][usd]");
  ExpectRefused("POST", "/v1/shipping_rates", ground + options + "[eur][tax_behavior]=inclusive",
                "parameter_missing", "fixed_amount[currency_options][eur][amount]");
  ExpectRefused("POST", "/v1/shipping_rates", ground + options + "[eur][amount]=-1",
                "parameter_invalid_integer", "fixed_amount[currency_options][eur][amount]");
  ExpectRefused("POST", "/v1/shipping_rates",
                ground + options + "[eur][amount]=400" + options + "[eur][tax_behavior]=maybe",
                "", "fixed_amount[currency_options][eur][tax_behavior]");
  EXPECT_EQ(Answer(200, "GET", "/v1/shipping_rates")["data"].size(), 0u);

  const std::string id = Answer(200, "POST", "/v1/shipping_rates",
                                ground + options + "[eur][amount]=400" + options +
                                    "[eur][tax_behavior]=exclusive")["id"];
  const std::string path = "/v1/shipping_rates/" + id;
  ExpectRefused("POST", path, "fixed_amount[currency_options][gbp][tax_behavior]=inclusive",
                "parameter_missing", "fixed_amount[currency_options][gbp][amount]", path);
  ExpectRefused("POST", path, "fixed_amount[currency_options][eur][tax_behavior]=inclusive", "",
                "fixed_amount[currency_options][eur][tax_behavior]", path);
  ExpectRefused("POST", path, "fixed_amount[amount]=100", "parameter_unknown",
                "fixed_amount[amount]", path);
  Answer(200, "POST", path, "fixed_amount[currency_options][eur][amount]=450");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
