// The wire door of Mandates and of SetupIntents with bank debits: a SetupIntent created and
// confirmed with sepa_debit payment_method_data and mandate_data, form-encoded; its mandate at
// GET /v1/mandates/{id} as Stripe's JSON (field order, the sections of its type only,
// expand[]=payment_method); Stripe's errors for an unknown mandate and bad input, which change
// nothing.
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

constexpr absl::string_view kSepaSetup =
    "payment_method_types[0]=sepa_debit&payment_method_data[type]=sepa_debit&"
    "payment_method_data[sepa_debit][iban]=DE89370400440532013000&"
    "payment_method_data[billing_details][name]=Jenny%20Rosen&"
    "payment_method_data[billing_details][email]=jenny%40example.com";
constexpr absl::string_view kOnline =
    "mandate_data[customer_acceptance][type]=online&"
    "mandate_data[customer_acceptance][online][ip_address]=127.0.0.1&"
    "mandate_data[customer_acceptance][online][user_agent]=curl";

class MandateRoutesTest : public ::testing::Test {
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

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(MandateRoutesTest, SepaSetupIntentCreateThenConfirmMakesAMandate) {
  const Json customer = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com");
  const std::string customer_id = customer["id"];
  const Json si = Answer(200, "POST", "/v1/setup_intents",
                         absl::StrCat(kSepaSetup, "&customer=", customer_id));
  EXPECT_EQ(si["status"], "requires_confirmation");
  EXPECT_TRUE(si["mandate"].is_null());
  EXPECT_TRUE(si["single_use_mandate"].is_null());
  const std::string si_id = si["id"];

  const Json confirmed =
      Answer(200, "POST", "/v1/setup_intents/" + si_id + "/confirm", kOnline);
  EXPECT_EQ(confirmed["status"], "succeeded");
  const std::string mandate_id = confirmed["mandate"];
  EXPECT_EQ(mandate_id.rfind("mandate_", 0), 0u);

  const Json mandate = Answer(200, "GET", "/v1/mandates/" + mandate_id);
  std::vector<std::string> keys;
  for (auto it = mandate.begin(); it != mandate.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys, ::testing::ElementsAre("id", "object", "customer_acceptance", "livemode",
                                           "multi_use", "payment_method",
                                           "payment_method_details", "status", "type"));
  EXPECT_EQ(mandate["object"], "mandate");
  EXPECT_EQ(mandate["status"], "active");
  EXPECT_EQ(mandate["type"], "multi_use");
  EXPECT_EQ(mandate["multi_use"], Json::object());
  EXPECT_EQ(mandate["livemode"], false);
  EXPECT_EQ(mandate["payment_method"], confirmed["payment_method"]);
  EXPECT_EQ(mandate["customer_acceptance"]["type"], "online");
  EXPECT_EQ(mandate["customer_acceptance"]["online"]["ip_address"], "127.0.0.1");
  EXPECT_EQ(mandate["customer_acceptance"]["online"]["user_agent"], "curl");
  EXPECT_FALSE(mandate["customer_acceptance"].contains("offline"));
  EXPECT_EQ(mandate["payment_method_details"]["type"], "sepa_debit");
  EXPECT_EQ(mandate["payment_method_details"]["sepa_debit"]["reference"].get<std::string>().size(),
            16u);
  EXPECT_FALSE(mandate["payment_method_details"].contains("us_bank_account"));

  const Json expanded =
      Answer(200, "GET", "/v1/mandates/" + mandate_id + "?expand[]=payment_method");
  EXPECT_EQ(expanded["payment_method"]["customer"], customer_id);
  EXPECT_EQ(expanded["payment_method"]["type"], "sepa_debit");

  // A later off-session debit of the saved PaymentMethod names the mandate.
  const Json pi = Answer(200, "POST", "/v1/payment_intents",
                         absl::StrCat("amount=1500&currency=eur&payment_method_types[0]=sepa_debit&"
                                      "confirm=true&off_session=true&customer=",
                                      customer_id, "&payment_method=",
                                      confirmed["payment_method"].get<std::string>()));
  EXPECT_EQ(pi["status"], "processing");
  const Json charge = Answer(200, "GET", "/v1/charges/" + pi["latest_charge"].get<std::string>());
  EXPECT_EQ(charge["payment_method_details"]["sepa_debit"]["mandate"], mandate_id);
}

TEST_F(MandateRoutesTest, UnknownMandateIsResourceMissing) {
  const Json error = Answer(404, "GET", "/v1/mandates/mandate_nope")["error"];
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(error["code"], "resource_missing");
  EXPECT_EQ(error["param"], "mandate");
  EXPECT_EQ(error["message"], "No such mandate: 'mandate_nope'");
}

TEST_F(MandateRoutesTest, BadSetupInputIsRefusedAndChangesNothing) {
  const Json missing = Answer(400, "POST", "/v1/setup_intents",
                              absl::StrCat(kSepaSetup, "&confirm=true"))["error"];
  EXPECT_EQ(missing["type"], "invalid_request_error");
  EXPECT_EQ(missing["param"], "mandate_data");

  const Json bad_iban =
      Answer(400, "POST", "/v1/setup_intents",
             "payment_method_types[0]=sepa_debit&payment_method_data[type]=sepa_debit&"
             "payment_method_data[sepa_debit][iban]=DE00123&"
             "payment_method_data[billing_details][name]=J&"
             "payment_method_data[billing_details][email]=j%40example.com&confirm=true&" +
                 std::string(kOnline))["error"];
  EXPECT_EQ(bad_iban["type"], "invalid_request_error");
  EXPECT_EQ(bad_iban["param"], "payment_method_data[sepa_debit][iban]");

  EXPECT_EQ(Answer(200, "GET", "/v1/setup_intents")["data"].size(), 0u);
  EXPECT_EQ(Answer(200, "GET", "/v1/events")["data"].size(), 0u);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
