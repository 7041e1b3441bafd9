// End-to-end tests of the wire door: routes, headers, errors, expand, lists, versions,
// idempotency and byte-for-byte determinism, over an Engine on a FakeClock.
#include "engine/wire/wire.h"

#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

constexpr absl::string_view kKey = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";

class WireTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "", WireApi::Headers headers = {}) {
    headers.insert(headers.begin(), {"Authorization", std::string(kKey)});
    return api_.Handle(method, path, headers, body);
  }

  // The JSON body of a call that must succeed.
  Json Ok(absl::string_view method, absl::string_view path, absl::string_view body = "",
          WireApi::Headers headers = {}) {
    WireApi::Response r = Call(method, path, body, std::move(headers));
    EXPECT_EQ(r.status, 200) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  // The `error` object of a call that must fail with `status`.
  Json Error(int status, absl::string_view method, absl::string_view path,
             absl::string_view body = "", WireApi::Headers headers = {}) {
    WireApi::Response r = Call(method, path, body, std::move(headers));
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    Json json = Json::parse(r.body);
    return json.contains("error") ? json["error"] : Json();
  }

  static std::string Header(const WireApi::Response& r, absl::string_view name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "<absent>";
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

// ---- a charge, byte for byte ----

constexpr absl::string_view kSimpleCharge = R"({
  "id": "ch_E6NXKadH2bOkdYKj1On2Yk5a",
  "object": "charge",
  "amount": 999,
  "amount_captured": 999,
  "amount_refunded": 0,
  "application": null,
  "application_fee": null,
  "application_fee_amount": null,
  "balance_transaction": "txn_eUDoHtXt7CYYQODhVbC1dBsb",
  "billing_details": {
    "address": {
      "city": null,
      "country": null,
      "line1": null,
      "line2": null,
      "postal_code": null,
      "state": null
    },
    "email": null,
    "name": null,
    "phone": null,
    "tax_id": null
  },
  "calculated_statement_descriptor": "PAYSIM TEST",
  "captured": true,
  "created": 1767225600,
  "currency": "usd",
  "customer": null,
  "description": null,
  "disputed": false,
  "failure_balance_transaction": null,
  "failure_code": null,
  "failure_message": null,
  "fraud_details": {},
  "livemode": false,
  "metadata": {},
  "on_behalf_of": null,
  "outcome": {
    "advice_code": null,
    "network_advice_code": null,
    "network_decline_code": null,
    "network_status": "approved_by_network",
    "reason": null,
    "risk_level": "normal",
    "risk_score": 32,
    "seller_message": "Payment complete.",
    "type": "authorized"
  },
  "paid": true,
  "payment_intent": null,
  "payment_method": "card_B5xrPOxprqmuPzq2tTB4Yt5j",
  "payment_method_details": {
    "card": {
      "amount_authorized": 999,
      "brand": "visa",
      "capture_before": null,
      "checks": {
        "address_line1_check": null,
        "address_postal_code_check": null,
        "cvc_check": "pass"
      },
      "country": "US",
      "exp_month": 1,
      "exp_year": 2029,
      "fingerprint": "6VGF7Qce3sGle7mv",
      "funding": "credit",
      "last4": "4242",
      "network": "visa",
      "three_d_secure": null
    },
    "type": "card"
  },
  "receipt_email": null,
  "receipt_number": null,
  "receipt_url": "https://pay.stripe.com/receipts/payment/Y2hfRTZOWEthZEgyYk9rZFlLajFPbjJZazVh?s=ap",
  "refunded": false,
  "review": null,
  "shipping": null,
  "source": {
    "id": "card_B5xrPOxprqmuPzq2tTB4Yt5j",
    "object": "card",
    "address_city": null,
    "address_country": null,
    "address_line1": null,
    "address_line1_check": null,
    "address_line2": null,
    "address_state": null,
    "address_zip": null,
    "address_zip_check": null,
    "brand": "Visa",
    "country": "US",
    "customer": null,
    "cvc_check": "pass",
    "dynamic_last4": null,
    "exp_month": 1,
    "exp_year": 2029,
    "fingerprint": "6VGF7Qce3sGle7mv",
    "funding": "credit",
    "last4": "4242",
    "metadata": {},
    "name": null,
    "tokenization_method": null
  },
  "source_transfer": null,
  "statement_descriptor": null,
  "statement_descriptor_suffix": null,
  "status": "succeeded",
  "transfer_data": null,
  "transfer_group": null
})";

TEST_F(WireTest, SimpleChargeExactJson) {
  WireApi::Response r = Call("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa");
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.headers, ElementsAre(Pair("Content-Type", "application/json"),
                                     Pair("Request-Id", "req_00000000000001"),
                                     Pair("Stripe-Version", "2026-07-29.dahlia")));
  EXPECT_EQ(r.body, kSimpleCharge);
  // Retrieve renders the same object.
  EXPECT_EQ(Call("GET", "/v1/charges/ch_E6NXKadH2bOkdYKj1On2Yk5a").body, kSimpleCharge);
}

// ---- 401 ----

TEST_F(WireTest, MissingApiKey) {
  WireApi::Response r = api_.Handle("GET", "/v1/charges", {}, "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({
  "error": {
    "message": "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    "type": "invalid_request_error"
  }
})");
  EXPECT_EQ(Header(r, "Request-Id"), "req_00000000000001");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
}

TEST_F(WireTest, InvalidAndLiveKeys) {
  WireApi::Response bad =
      api_.Handle("GET", "/v1/balance", {{"Authorization", "Bearer sk_foo"}}, "");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.body, R"({
  "error": {
    "message": "Invalid API Key provided: sk_foo***",
    "type": "invalid_request_error"
  }
})");
  WireApi::Response live =
      api_.Handle("POST", "/v1/charges", {{"Authorization", "Bearer sk_live_abc"}},
                  "amount=999&currency=usd&source=tok_visa");
  EXPECT_EQ(live.status, 401);
  EXPECT_EQ(Json::parse(live.body)["error"]["type"], "invalid_request_error");
  EXPECT_EQ(engine_.events().size(), 0u);  // nothing ran
}

TEST_F(WireTest, CurlBasicAuth) {
  // curl https://... -u sk_test_abc:
  WireApi::Headers headers = {{"Authorization", "Basic " + absl::Base64Escape("sk_test_abc:")}};
  EXPECT_EQ(api_.Handle("GET", "/v1/balance", headers, "").status, 200);
  headers = {{"Authorization", "Basic " + absl::Base64Escape("sk_live_abc:")}};
  EXPECT_EQ(api_.Handle("GET", "/v1/balance", headers, "").status, 401);
}

TEST_F(WireTest, HeaderNamesAreCaseInsensitive) {
  WireApi::Response r = api_.Handle("POST", "/v1/customers",
                                    {{"authorization", std::string(kKey)},
                                     {"stripe-version", "2024-06-20"},
                                     {"IDEMPOTENCY-KEY", "k1"}},
                                    "email=a%40example.com");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Stripe-Version"), "2024-06-20");
  EXPECT_EQ(Header(r, "Idempotency-Key"), "k1");
}

// ---- 404 ----

TEST_F(WireTest, UnknownPath) {
  WireApi::Response r = Call("GET", "/v1/foo?limit=3");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({
  "error": {
    "message": "Unrecognized request URL (GET: /v1/foo). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
    "type": "invalid_request_error"
  }
})");
  for (absl::string_view path : {"/v1/charges/", "//v1/charges", "v1/charges", "/v1/charges/a/b",
                                 "/v2/charges", "/", "", "/v1/charges/%zz"}) {
    SCOPED_TRACE(path);
    EXPECT_EQ(Call("GET", path).status, 404);
  }
}

TEST_F(WireTest, KnownPathWrongMethod) {
  EXPECT_EQ(Error(404, "DELETE", "/v1/charges")["message"],
            "Unrecognized request URL (DELETE: /v1/charges). Please see https://stripe.com/docs "
            "or we can help at https://support.stripe.com/.");
  EXPECT_EQ(Error(404, "PUT", "/v1/customers/cus_1")["message"],
            "Unrecognized request URL (PUT: /v1/customers/cus_1). Please see "
            "https://stripe.com/docs or we can help at https://support.stripe.com/.");
  EXPECT_EQ(Call("POST", "/v1/balance").status, 404);
}

TEST_F(WireTest, ResourceMissing) {
  WireApi::Response r = Call("GET", "/v1/customers/non_existing_customer_id");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({
  "error": {
    "code": "resource_missing",
    "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
    "message": "No such customer: 'non_existing_customer_id'",
    "param": "id",
    "type": "invalid_request_error"
  }
})");
}

// ---- params ----

TEST_F(WireTest, ParamErrors) {
  Json e = Error(400, "POST", "/v1/charges", "amount=abc&currency=usd&source=tok_visa");
  EXPECT_EQ(e["code"], "parameter_invalid_integer");
  EXPECT_EQ(e["param"], "amount");
  EXPECT_EQ(e["message"], "Invalid integer: abc");

  e = Error(400, "POST", "/v1/charges", "amount=5&foo[bar]=1");
  EXPECT_EQ(e["code"], "parameter_unknown");
  EXPECT_EQ(e["param"], "foo[bar]");
  EXPECT_EQ(e["message"], "Received unknown parameter: foo[bar]");

  // Retrieves take no params but expand.
  e = Error(400, "GET", "/v1/balance?foo=1");
  EXPECT_EQ(e["code"], "parameter_unknown");
  EXPECT_EQ(Error(400, "POST", "/v1/charges", "amount=%zz")["message"],
            "Invalid percent-encoding in the request parameters.");
  EXPECT_EQ(Error(400, "POST", "/v1/charges", "amount=1&amount=2")["message"],
            "Received duplicate parameter: amount");
  // Engine validation comes through as is.
  e = Error(400, "POST", "/v1/charges", "currency=usd&source=tok_visa");
  EXPECT_EQ(e["code"], "parameter_missing");
  EXPECT_EQ(e["param"], "amount");
  EXPECT_EQ(engine_.events().size(), 0u);
}

TEST_F(WireTest, ParamsFromQueryAndBody) {
  // POST reads the query string then the body; GET ignores a body.
  Json charge = Ok("POST", "/v1/charges?currency=usd", "amount=700&source=tok_visa");
  EXPECT_EQ(charge["amount"], 700);
  EXPECT_EQ(Ok("GET", "/v1/charges?limit=1", "limit=abc")["data"].size(), 1u);
  EXPECT_EQ(Error(400, "POST", "/v1/charges?amount=1", "amount=2")["message"],
            "Received duplicate parameter: amount");
}

TEST_F(WireTest, CardDecline) {
  WireApi::Response r =
      Call("POST", "/v1/charges", "amount=999&currency=usd&source=tok_chargeDeclined");
  EXPECT_EQ(r.status, 402);
  Json e = Json::parse(r.body)["error"];
  EXPECT_EQ(e["type"], "card_error");
  EXPECT_EQ(e["code"], "card_declined");
  EXPECT_EQ(e["decline_code"], "generic_decline");
  const std::string charge_id = e["charge"];
  EXPECT_EQ(Ok("GET", "/v1/charges/" + charge_id)["status"], "failed");
}

// ---- idempotency ----

TEST_F(WireTest, IdempotentReplay) {
  const absl::string_view body = "amount=999&currency=usd&source=tok_visa";
  WireApi::Response first = Call("POST", "/v1/charges", body, {{"Idempotency-Key", "order-1"}});
  WireApi::Response again = Call("POST", "/v1/charges", body, {{"Idempotency-Key", "order-1"}});
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(Header(first, "Idempotent-Replayed"), "<absent>");
  EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Header(again, "Idempotency-Key"), "order-1");
  EXPECT_EQ(Ok("GET", "/v1/charges")["data"].size(), 1u);  // one charge

  // expand is not part of the request's params: a replay may expand differently.
  Json expanded = Ok("POST", "/v1/charges", absl::StrCat(body, "&expand[]=balance_transaction"),
                     {{"Idempotency-Key", "order-1"}});
  EXPECT_EQ(expanded["balance_transaction"]["object"], "balance_transaction");

  Json e = Error(400, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa",
                 {{"Idempotency-Key", "order-1"}});
  EXPECT_EQ(e["type"], "idempotency_error");

  // GET: the key has no effect and is not echoed.
  WireApi::Response get = Call("GET", "/v1/balance", "", {{"Idempotency-Key", "x"}});
  EXPECT_EQ(Header(get, "Idempotency-Key"), "<absent>");
}

TEST_F(WireTest, DeclineReplaysWithItsStatus) {
  const absl::string_view body = "amount=999&currency=usd&source=tok_chargeDeclined";
  WireApi::Response first = Call("POST", "/v1/charges", body, {{"Idempotency-Key", "d"}});
  WireApi::Response again = Call("POST", "/v1/charges", body, {{"Idempotency-Key", "d"}});
  EXPECT_EQ(again.status, 402);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(Header(again, "Idempotent-Replayed"), "true");
}

// ---- versions ----

TEST_F(WireTest, StripeVersionIsEchoed) {
  EXPECT_EQ(Header(Call("GET", "/v1/balance"), "Stripe-Version"), "2026-07-29.dahlia");
  EXPECT_EQ(
      Header(Call("GET", "/v1/balance", "", {{"Stripe-Version", "2020-08-27"}}), "Stripe-Version"),
      "2020-08-27");
  WireApi::Response bad = Call("GET", "/v1/balance", "", {{"Stripe-Version", "yesterday"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json::parse(bad.body)["error"]["param"], "Stripe-Version");
  EXPECT_EQ(Header(bad, "Stripe-Version"), "2026-07-29.dahlia");
}

TEST_F(WireTest, PinnedOldVersionRefundsThePartialCaptureRemainder) {
  for (const char* version : {"2024-06-20", "2026-07-29.dahlia"}) {
    SCOPED_TRACE(version);
    WireApi::Headers pin = {{"Stripe-Version", version}};
    Json hold =
        Ok("POST", "/v1/charges", "amount=1000&currency=usd&source=tok_visa&capture=false", pin);
    EXPECT_EQ(hold["captured"], false);
    Json captured =
        Ok("POST", absl::StrCat("/v1/charges/", hold["id"].get<std::string>(), "/capture"),
           "amount=600", pin);
    EXPECT_EQ(captured["amount_captured"], 600);
    EXPECT_EQ(captured["amount_refunded"], std::string(version) == "2024-06-20" ? 400 : 0);
  }
}

// ---- expand ----

TEST_F(WireTest, ExpandChargeFields) {
  Json customer = Ok("POST", "/v1/customers", "email=ann%40example.com&source=tok_visa");
  const std::string cus = customer["id"];
  Json charge = Ok("POST", "/v1/charges",
                   "amount=2000&currency=usd&customer=" + cus +
                       "&expand[]=customer&expand[]=balance_transaction&expand[]=payment_method");
  EXPECT_EQ(charge["customer"]["id"], cus);
  EXPECT_EQ(charge["customer"]["email"], "ann@example.com");
  EXPECT_EQ(charge["balance_transaction"]["object"], "balance_transaction");
  EXPECT_EQ(charge["balance_transaction"]["amount"], 2000);
  // A card source answers as a PaymentMethod of the same id.
  EXPECT_EQ(charge["payment_method"]["id"], customer["default_source"]);
  EXPECT_EQ(charge["payment_method"]["object"], "payment_method");
  EXPECT_EQ(charge["payment_method"]["customer"], cus);
}

TEST_F(WireTest, ExpandRefundNestedAndIndexed) {
  Json charge = Ok("POST", "/v1/charges", "amount=3000&currency=usd&source=tok_visa");
  const std::string ch = charge["id"];
  Json refund = Ok("POST", "/v1/charges/" + ch + "/refunds",
                   "amount=1000&expand[0]=charge&expand[1]=balance_transaction");
  EXPECT_EQ(refund["object"], "refund");
  EXPECT_EQ(refund["charge"]["id"], ch);
  EXPECT_EQ(refund["charge"]["amount_refunded"], 1000);
  EXPECT_EQ(refund["balance_transaction"]["type"], "refund");
  // Two levels: refund -> charge -> balance_transaction; and back through source.
  const std::string re = refund["id"];
  Json nested = Ok("GET", "/v1/refunds/" + re + "?expand[]=charge.balance_transaction.source");
  EXPECT_EQ(nested["charge"]["balance_transaction"]["source"]["id"], ch);
  // The path id fills `charge`; giving it as a param too is unknown.
  EXPECT_EQ(Error(400, "POST", "/v1/charges/" + ch + "/refunds", "charge=" + ch)["code"],
            "parameter_unknown");
}

TEST_F(WireTest, ExpandPaymentMethodCustomerAndDefaultPaymentMethod) {
  Json cus = Ok("POST", "/v1/customers", "name=Ann");
  Json pm = Ok("POST", "/v1/payment_methods",
               "type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030"
               "&card[cvc]=123");
  const std::string pm_id = pm["id"];
  const std::string cus_id = cus["id"];
  Json attached = Ok("POST", "/v1/payment_methods/" + pm_id + "/attach",
                     "customer=" + cus_id + "&expand[]=customer");
  EXPECT_EQ(attached["customer"]["name"], "Ann");
  Ok("POST", "/v1/customers/" + cus_id, "invoice_settings[default_payment_method]=" + pm_id);
  Json with_default = Ok("GET", "/v1/customers/" + cus_id +
                                    "?expand[]=invoice_settings.default_payment_method.customer");
  EXPECT_EQ(with_default["invoice_settings"]["default_payment_method"]["id"], pm_id);
  EXPECT_EQ(with_default["invoice_settings"]["default_payment_method"]["customer"]["id"], cus_id);
}

TEST_F(WireTest, ExpandInLists) {
  Json cus = Ok("POST", "/v1/customers", "source=tok_visa");
  Ok("POST", "/v1/charges", "amount=500&currency=usd&customer=" + cus["id"].get<std::string>());
  Ok("POST", "/v1/charges", "amount=600&currency=usd&source=tok_visa");
  Json list = Ok("GET", "/v1/charges?expand[]=data.customer");
  ASSERT_EQ(list["data"].size(), 2u);
  EXPECT_TRUE(list["data"][0]["customer"].is_null());  // newest first; null stays null
  EXPECT_EQ(list["data"][1]["customer"]["object"], "customer");
  EXPECT_EQ(Error(400, "GET", "/v1/charges?expand[]=customer")["message"],
            "This property cannot be expanded (customer).");
}

TEST_F(WireTest, ExpandErrors) {
  Json e =
      Error(400, "POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa&expand[]=foo");
  EXPECT_EQ(e["message"], "This property cannot be expanded (foo).");
  EXPECT_EQ(e["param"], "expand");
  EXPECT_EQ(e["type"], "invalid_request_error");
  EXPECT_EQ(engine_.events().size(), 0u);  // checked before the charge was made
  EXPECT_EQ(Error(400, "GET", "/v1/balance?expand[]=customer")["message"],
            "This property cannot be expanded (customer).");
  EXPECT_EQ(Error(400, "GET", "/v1/charges/ch_1?expand[]=customer.foo")["message"],
            "This property cannot be expanded (customer.foo).");
  EXPECT_EQ(Error(400, "GET", "/v1/charges/ch_1?expand=customer")["message"], "Invalid array");
  EXPECT_EQ(Error(400, "GET",
                  "/v1/refunds/re_1?expand[]=charge.balance_transaction.source.balance_transaction."
                  "source")["message"],
            "You cannot expand more than 4 levels of a property "
            "(charge.balance_transaction.source.balance_transaction.source).");
}

// ---- lists ----

TEST_F(WireTest, ListEnvelope) {
  Ok("POST", "/v1/charges", "amount=500&currency=usd&source=tok_visa");
  Ok("POST", "/v1/charges", "amount=600&currency=usd&source=tok_visa");
  Json page = Ok("GET", "/v1/charges?limit=1");
  std::vector<std::string> keys;
  for (auto it = page.begin(); it != page.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys, ElementsAre("object", "data", "has_more", "url"));
  EXPECT_EQ(page["object"], "list");
  EXPECT_EQ(page["has_more"], true);
  EXPECT_EQ(page["url"], "/v1/charges");
  EXPECT_EQ(page["data"][0]["amount"], 600);
  Json next =
      Ok("GET", "/v1/charges?limit=1&starting_after=" + page["data"][0]["id"].get<std::string>());
  EXPECT_EQ(next["data"][0]["amount"], 500);
  EXPECT_EQ(next["has_more"], false);
  EXPECT_EQ(Error(400, "GET", "/v1/charges?limit=0")["param"], "limit");
}

TEST_F(WireTest, CustomerPaymentMethodsList) {
  const std::string cus = Ok("POST", "/v1/customers", "")["id"];
  Ok("POST", "/v1/customers", "payment_method=pm_card_visa");  // another customer's
  Ok("POST", "/v1/payment_methods/pm_card_mastercard/attach", "customer=" + cus);
  Json list = Ok("GET", "/v1/customers/" + cus + "/payment_methods?expand[]=data.customer");
  EXPECT_EQ(list["url"], "/v1/customers/" + cus + "/payment_methods");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["card"]["brand"], "mastercard");
  EXPECT_EQ(list["data"][0]["customer"]["id"], cus);
  EXPECT_EQ(Error(400, "GET", "/v1/customers/" + cus + "/payment_methods?customer=" + cus)["code"],
            "parameter_unknown");
}

// ---- every route answers ----

TEST_F(WireTest, EveryRoute) {
  Json token = Ok("POST", "/v1/tokens",
                  "card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2030"
                  "&card[cvc]=123");
  const std::string tok = token["id"];
  EXPECT_EQ(Ok("GET", "/v1/tokens/" + tok)["used"], false);

  Json cus = Ok("POST", "/v1/customers", "email=a%40b.co&metadata[tier]=gold&source=" + tok);
  const std::string cus_id = cus["id"];
  EXPECT_EQ(cus["metadata"]["tier"], "gold");
  EXPECT_EQ(Ok("GET", "/v1/customers/" + cus_id)["email"], "a@b.co");
  EXPECT_EQ(Ok("POST", "/v1/customers/" + cus_id, "name=Bea+Lee")["name"], "Bea Lee");
  EXPECT_EQ(Ok("GET", "/v1/customers?email=a%40b.co")["data"].size(), 1u);

  Json pm = Ok("POST", "/v1/payment_methods", "type=card&card[token]=tok_mastercard");
  const std::string pm_id = pm["id"];
  EXPECT_EQ(Ok("GET", "/v1/payment_methods/" + pm_id)["id"], pm_id);
  Ok("POST", "/v1/payment_methods/" + pm_id + "/attach", "customer=" + cus_id);
  EXPECT_EQ(Ok("POST", "/v1/payment_methods/" + pm_id, "metadata[k]=v")["metadata"]["k"], "v");
  // The attached PaymentMethod and the customer's card source (its `source=` above).
  EXPECT_EQ(Ok("GET", "/v1/payment_methods?customer=" + cus_id + "&type=card")["data"].size(), 2u);
  EXPECT_TRUE(Ok("POST", "/v1/payment_methods/" + pm_id + "/detach")["customer"].is_null());

  Json charge =
      Ok("POST", "/v1/charges", "amount=1500&currency=usd&customer=" + cus_id + "&capture=false");
  const std::string ch = charge["id"];
  EXPECT_EQ(Ok("POST", "/v1/charges/" + ch, "description=Order+7")["description"], "Order 7");
  EXPECT_EQ(Ok("POST", "/v1/charges/" + ch + "/capture")["captured"], true);
  EXPECT_EQ(Ok("GET", "/v1/charges?customer=" + cus_id)["data"].size(), 1u);

  Json refund = Ok("POST", "/v1/refunds", "charge=" + ch + "&amount=500&reason=duplicate");
  const std::string re = refund["id"];
  EXPECT_EQ(Ok("GET", "/v1/refunds/" + re)["amount"], 500);
  EXPECT_EQ(Ok("POST", "/v1/refunds/" + re, "metadata[why]=dup")["metadata"]["why"], "dup");
  EXPECT_EQ(Ok("GET", "/v1/refunds?charge=" + ch)["data"].size(), 1u);

  EXPECT_EQ(Ok("GET", "/v1/balance")["object"], "balance");
  Json txns = Ok("GET", "/v1/balance_transactions?type=charge");
  ASSERT_EQ(txns["data"].size(), 1u);
  const std::string txn = txns["data"][0]["id"];
  EXPECT_EQ(Ok("GET", "/v1/balance_transactions/" + txn + "?expand[]=source")["source"]["id"], ch);

  Json events = Ok("GET", "/v1/events?type=charge.*&limit=100");
  ASSERT_GE(events["data"].size(), 3u);
  const std::string evt = events["data"][0]["id"];
  EXPECT_EQ(Ok("GET", "/v1/events/" + evt)["object"], "event");

  WireApi::Response deleted = Call("DELETE", "/v1/customers/" + cus_id);
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.body, absl::StrCat("{\n  \"id\": \"", cus_id,
                                       "\",\n  \"object\": \"customer\",\n  \"deleted\": true\n}"));
  EXPECT_EQ(Call("GET", "/v1/customers/" + cus_id).status, 404);
}

TEST_F(WireTest, PathIdsArePercentDecoded) {
  Json charge = Ok("POST", "/v1/charges", "amount=500&currency=usd&source=tok_visa");
  const std::string ch = charge["id"];
  EXPECT_EQ(Ok("GET", "/v1/charges/" + ch.substr(0, 3) + "%" +
                          absl::StrCat(absl::Hex(ch[3], absl::kZeroPad2)) + ch.substr(4))["id"],
            ch);
}

TEST_F(WireTest, BytesThatAreNotUtf8NeverBreakResponses) {
  EXPECT_EQ(Error(404, "GET", "/v1/\xFF")["message"],
            "Unrecognized request URL (GET: /v1/%FF). Please see https://stripe.com/docs or we "
            "can help at https://support.stripe.com/.");
  EXPECT_EQ(Error(404, "GET", "/v1/charges/%FF")["message"],
            "Unrecognized request URL (GET: /v1/charges/%FF). Please see "
            "https://stripe.com/docs or we can help at https://support.stripe.com/.");
  WireApi::Response key =
      api_.Handle("GET", "/v1/balance", {{"Authorization", "Bearer sk_\xC3\xA9\xFF"}}, "");
  EXPECT_EQ(key.status, 401);
  EXPECT_EQ(Json::parse(key.body)["error"]["message"], "Invalid API Key provided: sk_%C3%A9%FF***");
  EXPECT_EQ(Error(400, "GET", "/v1/balance", "", {{"Stripe-Version", "2024-01-01\xFF"}})["param"],
            "Stripe-Version");
  EXPECT_EQ(Error(400, "POST", "/v1/customers", "", {{"Idempotency-Key", "\xFF"}})["param"],
            "Idempotency-Key");
  EXPECT_EQ(Error(400, "POST", "/v1/customers", "",
                  {{"Idempotency-Key", "a\r\nSet-Cookie: x"}})["message"],
            "Invalid Idempotency-Key: it must be printable text.");
  EXPECT_EQ(Error(400, "POST", "/v1/customers", "name=%FF")["param"], "name");
}

TEST_F(WireTest, RandomRequestsNeverCrash) {
  constexpr absl::string_view kAlphabet = "[]%&=+?/ab0_.\xFF";
  const std::vector<std::string> starts = {"amount=5&currency=usd&source=tok_visa&",
                                           "email=",
                                           "metadata[",
                                           "expand[]=",
                                           "shipping[",
                                           "card[",
                                           "limit="};
  const std::vector<std::string> paths = {"/v1/charges", "/v1/customers",       "/v1/tokens",
                                          "/v1/refunds", "/v1/payment_methods", "/v1/events"};
  std::mt19937 random(99);
  for (int i = 0; i < 2000; ++i) {
    std::string target = paths[random() % paths.size()];
    std::string body = starts[random() % starts.size()];
    const int length = static_cast<int>(random() % 20);
    for (int j = 0; j < length; ++j) {
      (random() % 4 == 0 ? target : body).push_back(kAlphabet[random() % kAlphabet.size()]);
    }
    const char* method = random() % 2 == 0 ? "POST" : "GET";
    WireApi::Response r = Call(method, target, body);
    EXPECT_TRUE(r.status == 200 || r.status == 400 || r.status == 402 || r.status == 404)
        << method << " " << target << " " << body << " -> " << r.status << "\n"
        << r.body;
    EXPECT_NO_THROW(static_cast<void>(Json::parse(r.body))) << target << " " << body;
  }
}

// ---- determinism ----

std::vector<WireApi::Response> Script(uint64_t seed) {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = seed});
  WireApi api(&engine);
  const WireApi::Headers auth = {{"Authorization", std::string(kKey)}};
  std::vector<WireApi::Response> out;
  out.push_back(api.Handle("POST", "/v1/customers", auth, "email=x%40y.z&source=tok_visa"));
  const std::string cus = Json::parse(out.back().body)["id"];
  out.push_back(api.Handle("POST", "/v1/charges", auth,
                           "amount=1234&currency=usd&capture=false&customer=" + cus));
  const std::string ch = Json::parse(out.back().body)["id"];
  out.push_back(
      api.Handle("POST", "/v1/charges", auth, "amount=99&currency=usd&source=tok_chargeDeclined"));
  clock.Advance(absl::Hours(24 * 8));  // the hold expires
  out.push_back(api.Handle("GET", "/v1/charges/" + ch + "?expand[]=customer", auth, ""));
  out.push_back(api.Handle("GET", "/v1/events?limit=100", auth, ""));
  out.push_back(api.Handle("GET", "/v1/nope", auth, ""));
  out.push_back(api.Handle("GET", "/v1/balance", {}, ""));
  return out;
}

TEST(WireDeterminism, SameSeedSameBytes) {
  std::vector<WireApi::Response> a = Script(7);
  std::vector<WireApi::Response> b = Script(7);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a[i].status, b[i].status);
    EXPECT_EQ(a[i].headers, b[i].headers);
    EXPECT_EQ(a[i].body, b[i].body);
  }
  EXPECT_NE(Script(8)[0].body, a[0].body);  // the seed matters
}

TEST(WireDeterminism, RequestIdsDoNotDrawFromTheEngineGenerator) {
  // The same calls through the C++ door and the wire door give the same ids.
  testing::FakeClock clock;
  Engine cpp({.clock = &clock, .seed = 3});
  Engine wired({.clock = &clock, .seed = 3});
  WireApi api(&wired);
  CustomerCreateParams params;
  params.set_email("a@b.co");
  const std::string from_cpp = cpp.customers().Create(params)->id();
  api.Handle("GET", "/v1/balance", {{"Authorization", std::string(kKey)}}, "");
  WireApi::Response r =
      api.Handle("POST", "/v1/customers", {{"Authorization", std::string(kKey)}}, "email=a%40b.co");
  EXPECT_EQ(Json::parse(r.body)["id"], from_cpp);
}

TEST(RequestId, Format) {
  EXPECT_EQ(RequestIdFor(1), "req_00000000000001");
  EXPECT_EQ(RequestIdFor(61), "req_0000000000000z");
  EXPECT_EQ(RequestIdFor(62), "req_00000000000010");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
