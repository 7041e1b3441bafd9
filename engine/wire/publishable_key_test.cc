// Tests of publishable keys on the wire door: which routes take `pk_test_...`, the client_secret
// they need, the restricted client-side shape of an intent, and that every refusal changes
// nothing.
#include "engine/wire/publishable_key.h"

#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/routes.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

using ::testing::ElementsAreArray;

constexpr absl::string_view kSecret = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";
constexpr absl::string_view kPublishable = "Bearer pk_test_TYooMQauvdEDq54NiTphI7jx";

constexpr absl::string_view kRefusedMessage =
    "This API call cannot be made with a publishable API key. Please use a secret API key. You "
    "can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.";

// The routes Stripe documents for client-side use, as (method, pattern).
const std::set<std::pair<std::string, std::string>>& ClientRoutes() {
  static const auto* routes = new std::set<std::pair<std::string, std::string>>{
      {"POST", "/v1/tokens"},
      {"POST", "/v1/payment_methods"},
      {"GET", "/v1/payment_intents/{}"},
      {"POST", "/v1/payment_intents/{}/confirm"},
      {"POST", "/v1/payment_intents/{}/verify_microdeposits"},
      {"GET", "/v1/setup_intents/{}"},
      {"POST", "/v1/setup_intents/{}/confirm"},
      {"POST", "/v1/setup_intents/{}/verify_microdeposits"},
  };
  return *routes;
}

class PublishableKeyTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view key, absl::string_view method, absl::string_view path,
                         absl::string_view body = "") {
    return api_.Handle(method, path, {{"Authorization", std::string(key)}}, body);
  }

  Json Ok(absl::string_view key, absl::string_view method, absl::string_view path,
          absl::string_view body = "") {
    WireApi::Response r = Call(key, method, path, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  // The `error` of a call that must fail with `status` and leave the engine as it was.
  Json Refused(int status, absl::string_view key, absl::string_view method,
               absl::string_view path, absl::string_view body = "") {
    const auto before = engine_.StateSummary();
    WireApi::Response r = Call(key, method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    EXPECT_EQ(engine_.StateSummary(), before) << method << " " << path << " changed the state";
    Json json = Json::parse(r.body);
    return json.contains("error") ? json["error"] : Json();
  }

  // A PaymentIntent (with a customer and metadata, which a publishable key must not see).
  Json NewPaymentIntent() {
    const std::string customer = Ok(kSecret, "POST", "/v1/customers", "email=a@example.com")["id"];
    return Ok(kSecret, "POST", "/v1/payment_intents",
              absl::StrCat("amount=1000&currency=usd&customer=", customer,
                           "&metadata[order]=42&description=Order%2042"));
  }

  Json NewSetupIntent() {
    return Ok(kSecret, "POST", "/v1/setup_intents", "metadata[plan]=pro&description=Save");
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(PublishableKeyTest, RouteTableDeclaresTheClientRoutes) {
  std::set<std::pair<std::string, std::string>> open;
  for (const Route& route : EngineRoutes()) {
    if (route.publishable != PublishableKey::kRefused) {
      open.insert({std::string(route.method), std::string(route.pattern)});
    }
  }
  EXPECT_EQ(open, ClientRoutes());
}

// Every engine route with a publishable key: the client routes run, every other one answers
// Stripe's 401 and changes nothing.
TEST_F(PublishableKeyTest, EveryRoute) {
  const Json pi = NewPaymentIntent();
  const Json si = NewSetupIntent();
  for (const Route& route : EngineRoutes()) {
    const std::string pattern(route.pattern);
    const std::string key(route.method);
    std::string id = "x_1";
    std::string body;
    if (absl::StartsWith(pattern, "/v1/payment_intents/")) id = pi["id"];
    if (absl::StartsWith(pattern, "/v1/setup_intents/")) id = si["id"];
    const std::string path = absl::StrReplaceAll(pattern, {{"{}", id}});
    SCOPED_TRACE(absl::StrCat(key, " ", path));
    if (!ClientRoutes().count({key, pattern})) {
      const Json error = Refused(401, kPublishable, route.method, path, "amount=1");
      EXPECT_EQ(error["type"], "invalid_request_error");
      EXPECT_EQ(error["code"], "secret_key_required");
      EXPECT_EQ(error["message"], std::string(kRefusedMessage));
      continue;
    }
    if (pattern == "/v1/tokens") {
      body = "card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030&card[cvc]=123";
    } else if (pattern == "/v1/payment_methods") {
      body = "type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030";
    } else if (absl::StartsWith(pattern, "/v1/payment_intents/")) {
      body = absl::StrCat("client_secret=", pi["client_secret"].get<std::string>());
    } else {
      body = absl::StrCat("client_secret=", si["client_secret"].get<std::string>());
    }
    if (absl::EndsWith(pattern, "/confirm")) absl::StrAppend(&body, "&payment_method=pm_card_visa");
    if (absl::EndsWith(pattern, "/verify_microdeposits")) {
      // Let in (not 401); the intent awaits no microdeposits.
      absl::StrAppend(&body, "&amounts[]=32&amounts[]=45");
      EXPECT_EQ(Refused(400, kPublishable, "POST", path, body)["code"],
                absl::StartsWith(pattern, "/v1/payment_intents/")
                    ? "payment_intent_unexpected_state"
                    : "setup_intent_unexpected_state");
      continue;
    }
    if (route.method == "GET") {
      Ok(kPublishable, "GET", absl::StrCat(path, "?", body));
    } else {
      Ok(kPublishable, "POST", path, body);
    }
  }
}

TEST_F(PublishableKeyTest, ConfirmWithClientSecret) {
  const Json pi = NewPaymentIntent();
  const Json confirmed =
      Ok(kPublishable, "POST", absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>(),
                                            "/confirm"),
         absl::StrCat("payment_method=pm_card_visa&client_secret=",
                      pi["client_secret"].get<std::string>()));
  EXPECT_EQ(confirmed["status"], "succeeded");
  EXPECT_FALSE(confirmed.contains("latest_charge"));
  const Json full =
      Ok(kSecret, "GET", absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>()));
  EXPECT_EQ(full["status"], "succeeded");
  EXPECT_TRUE(full["latest_charge"].is_string());
}

TEST_F(PublishableKeyTest, DeclineShowsTheClientSideIntent) {
  const Json pi = NewPaymentIntent();
  WireApi::Response r = Call(
      kPublishable, "POST",
      absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>(), "/confirm"),
      absl::StrCat("payment_method=pm_card_chargeDeclined&client_secret=",
                   pi["client_secret"].get<std::string>()));
  ASSERT_EQ(r.status, 402) << r.body;
  const Json error = Json::parse(r.body)["error"];
  EXPECT_EQ(error["code"], "card_declined");
  const Json& intent = error["payment_intent"];
  EXPECT_EQ(intent["id"], pi["id"]);
  EXPECT_EQ(intent["status"], "requires_payment_method");
  EXPECT_FALSE(intent.contains("metadata"));
  EXPECT_FALSE(intent.contains("customer"));
  EXPECT_TRUE(intent["last_payment_error"].is_object());
}

TEST_F(PublishableKeyTest, ClientSecretMismatch) {
  const Json pi = NewPaymentIntent();
  const Json si = NewSetupIntent();
  const std::string pi_path = absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>());
  const std::string si_path = absl::StrCat("/v1/setup_intents/", si["id"].get<std::string>());
  // The other intent's secret, with either key, on retrieve and confirm.
  const std::string wrong_pi = absl::StrCat("client_secret=", si["client_secret"].get<std::string>());
  const std::string wrong_si = absl::StrCat("client_secret=", pi["client_secret"].get<std::string>());
  for (absl::string_view key : {kPublishable, kSecret}) {
    for (const auto& [method, path, body, noun] :
         std::vector<std::tuple<std::string, std::string, std::string, std::string>>{
             {"GET", pi_path + "?" + wrong_pi, "", "PaymentIntent"},
             {"POST", pi_path + "/confirm", wrong_pi + "&payment_method=pm_card_visa",
              "PaymentIntent"},
             {"GET", si_path + "?" + wrong_si, "", "SetupIntent"},
             {"POST", si_path + "/confirm", wrong_si + "&payment_method=pm_card_visa",
              "SetupIntent"},
         }) {
      SCOPED_TRACE(absl::StrCat(key, " ", method, " ", path));
      const Json error = Refused(400, key, method, path, body);
      EXPECT_EQ(error["type"], "invalid_request_error");
      EXPECT_EQ(error["param"], "client_secret");
      EXPECT_EQ(error["message"],
                absl::StrCat("The client_secret provided does not match the client_secret "
                             "associated with the ",
                             noun, "."));
    }
  }
  EXPECT_EQ(Refused(400, kSecret, "GET", pi_path + "?" + wrong_pi)["code"],
            "payment_intent_invalid_parameter");
  EXPECT_EQ(Refused(400, kSecret, "GET", si_path + "?" + wrong_si)["code"],
            "setup_intent_invalid_parameter");
}

TEST_F(PublishableKeyTest, MissingClientSecretOrUnknownIntent) {
  const Json pi = NewPaymentIntent();
  const std::string path = absl::StrCat("/v1/payment_intents/", pi["id"].get<std::string>());
  Json error = Refused(400, kPublishable, "GET", path);
  EXPECT_EQ(error["code"], "parameter_missing");
  EXPECT_EQ(error["param"], "client_secret");
  error = Refused(400, kPublishable, "POST", path + "/confirm", "payment_method=pm_card_visa");
  EXPECT_EQ(error["code"], "parameter_missing");
  // A secret key needs no client secret.
  Ok(kSecret, "GET", path);

  error = Refused(404, kPublishable, "GET", "/v1/payment_intents/pi_nope?client_secret=pi_nope_secret_x");
  EXPECT_EQ(error["code"], "resource_missing");
  EXPECT_EQ(error["message"], "No such payment_intent: 'pi_nope'");
  error = Refused(400, kPublishable, "GET", path + "?client_secret[a]=b");
  EXPECT_EQ(error["code"], "parameter_unknown");
}

// With a publishable key an intent has only the fields Stripe documents as "retrievable with
// publishable key", in the order and with the values a secret key sees.
TEST_F(PublishableKeyTest, RestrictedShape) {
  const Json pi = NewPaymentIntent();
  const std::string pi_id = pi["id"];
  const Json full = Ok(kSecret, "GET", absl::StrCat("/v1/payment_intents/", pi_id));
  const Json restricted =
      Ok(kPublishable, "GET",
         absl::StrCat("/v1/payment_intents/", pi_id,
                      "?client_secret=", pi["client_secret"].get<std::string>()));
  std::vector<std::string> expected;
  for (auto it = full.begin(); it != full.end(); ++it) {
    for (absl::string_view keep : PublishableFields("payment_intent")) {
      if (it.key() == keep) expected.push_back(it.key());
    }
  }
  std::vector<std::string> keys;
  for (auto it = restricted.begin(); it != restricted.end(); ++it) {
    keys.push_back(it.key());
    EXPECT_EQ(it.value(), full[it.key()]) << it.key();
  }
  EXPECT_THAT(keys, ElementsAreArray(expected));
  for (const char* hidden : {"customer", "metadata", "amount_capturable", "amount_received",
                             "latest_charge", "statement_descriptor_suffix"}) {
    EXPECT_TRUE(full.contains(hidden)) << hidden;
    EXPECT_FALSE(restricted.contains(hidden)) << hidden;
  }
  for (const char* shown : {"id", "object", "amount", "client_secret", "currency", "description",
                            "status", "next_action", "last_payment_error", "payment_method"}) {
    EXPECT_TRUE(restricted.contains(shown)) << shown;
  }

  const Json si = NewSetupIntent();
  const Json si_restricted =
      Ok(kPublishable, "GET",
         absl::StrCat("/v1/setup_intents/", si["id"].get<std::string>(),
                      "?client_secret=", si["client_secret"].get<std::string>()));
  std::vector<std::string> si_keys;
  for (auto it = si_restricted.begin(); it != si_restricted.end(); ++it) si_keys.push_back(it.key());
  EXPECT_THAT(si_keys, ElementsAreArray({"id", "object", "cancellation_reason", "client_secret",
                                         "created", "description", "last_setup_error",
                                         "livemode", "next_action", "payment_method",
                                         "payment_method_types", "status", "usage"}));
  // The secret key's view is untouched, client_secret given or not.
  const Json si_full = Ok(kSecret, "GET",
                          absl::StrCat("/v1/setup_intents/", si["id"].get<std::string>(),
                                       "?client_secret=", si["client_secret"].get<std::string>()));
  EXPECT_TRUE(si_full.contains("metadata"));
}

TEST_F(PublishableKeyTest, RestrictedShapeIsWhatJsonWriterWrites) {
  // The restricted body is pretty-printed exactly as every other body.
  std::string json;
  JsonWriter out(&json);
  out.BeginObject();
  out.Key("id");
  out.String("pi_1");
  out.Key("metadata");
  out.BeginObject();
  out.Key("k");
  out.String("v");
  out.EndObject();
  out.Key("next_action");
  out.Null();
  out.EndObject();
  RestrictToPublishableFields("payment_intent", &json);
  EXPECT_EQ(json, "{\n  \"id\": \"pi_1\",\n  \"next_action\": null\n}");
  std::string other = "{\n  \"id\": \"ch_1\"\n}";
  RestrictToPublishableFields("charge", &other);
  EXPECT_EQ(other, "{\n  \"id\": \"ch_1\"\n}");
}

TEST_F(PublishableKeyTest, RefusalsComeBeforeParams) {
  // A publishable key on a secret-key route is refused before its params are read.
  const Json error = Refused(401, kPublishable, "POST", "/v1/charges", "bogus=1");
  EXPECT_EQ(error["message"], std::string(kRefusedMessage));
  // Unknown URLs stay 404 whatever the key.
  EXPECT_EQ(Refused(404, kPublishable, "GET", "/v1/nope")["message"],
            "Unrecognized request URL (GET: /v1/nope). Please see https://stripe.com/docs or "
            "we can help at https://support.stripe.com/.");
  // A live publishable key is refused as any live key.
  EXPECT_EQ(Refused(401, "Bearer pk_live_abc", "POST", "/v1/tokens")["message"],
            "paysim is a test-mode simulator and refuses live API keys (pk_live_...). Use a "
            "test key (sk_test_...).");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
