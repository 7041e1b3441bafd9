// The wire door of Adaptive Pricing in Checkout: `adaptive_pricing[enabled]` on
// POST /v1/checkout/sessions, the customer's `country` on the page's test helpers (view, pay),
// the session rendered by the creating request's API version (`presentment_details` from
// 2025-03-31.basil on, `currency_conversion` before), and Stripe's errors (type, code, param,
// HTTP status) for bad input, after which nothing has changed.
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

class AdaptivePricingRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    price_ = Answer(200, "POST", "/v1/prices",
                    "currency=usd&unit_amount=2000&product_data[name]=Tee")["id"]
                 .get<std::string>();
  }

  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "", absl::string_view version = "") {
    WireApi::Response r =
        version.empty()
            ? api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body)
            : api_.Handle(method, path,
                          {{"Authorization", std::string(kKey)},
                           {"Stripe-Version", std::string(version)}},
                          body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  std::string Create(absl::string_view version = "") {
    return Answer(200, "POST", "/v1/checkout/sessions",
                  absl::StrCat(Base(), "&adaptive_pricing[enabled]=true"), version)["id"]
        .get<std::string>();
  }

  std::string Base() {
    return absl::StrCat("mode=payment&success_url=https://example.com/ok&line_items[0][price]=",
                        price_, "&line_items[0][quantity]=1");
  }

  static std::string Page(const std::string& id, absl::string_view action) {
    return absl::StrCat("/v1/test_helpers/checkout/sessions/", id, "/", action);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string price_;
};

TEST_F(AdaptivePricingRoutesTest, EveryPaymentSessionRendersAdaptivePricing) {
  const Json plain = Answer(200, "POST", "/v1/checkout/sessions", Base());
  EXPECT_EQ(plain["adaptive_pricing"], Json::parse(R"({"enabled": false})"));
  EXPECT_TRUE(plain["currency_conversion"].is_null());
  EXPECT_FALSE(plain.contains("presentment_details"));
  const Json enabled = Answer(200, "POST", "/v1/checkout/sessions",
                              absl::StrCat(Base(), "&adaptive_pricing[enabled]=true"));
  EXPECT_EQ(enabled["adaptive_pricing"], Json::parse(R"({"enabled": true})"));
}

TEST_F(AdaptivePricingRoutesTest, TheCustomersCountryOnThePageShowsPresentmentDetails) {
  const std::string id = Create();
  const Json page = Answer(200, "POST", Page(id, "view"), "country=FR");
  EXPECT_EQ(page["currency"], "eur");
  EXPECT_EQ(page["amount_total"], 1877);
  const Json session = Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", id));
  EXPECT_EQ(session["currency"], "usd");
  EXPECT_EQ(session["amount_total"], 2000);
  EXPECT_EQ(session["presentment_details"],
            Json::parse(R"({"presentment_amount": 1877, "presentment_currency": "eur"})"));
  EXPECT_TRUE(session["currency_conversion"].is_null());
}

TEST_F(AdaptivePricingRoutesTest, StripesPaymentPageExpectsThePresentedAmount) {
  const std::string id = Create();
  Answer(200, "POST", Page(id, "view"), "country=FR");
  const std::string confirm = absl::StrCat("/v1/payment_pages/", id, "/confirm");
  const Json error =
      Answer(400, "POST", confirm, "payment_method=pm_card_visa&expected_amount=2000")["error"];
  EXPECT_EQ(error["param"], "expected_amount");
  const Json paid =
      Answer(200, "POST", confirm,
             "payment_method=pm_card_visa&email=a@example.com&expected_amount=1877");
  EXPECT_EQ(paid["status"], "complete");
  EXPECT_EQ(paid["presentment_details"]["presentment_amount"], 1877);
}

TEST_F(AdaptivePricingRoutesTest, BeforeBasilTheSessionIsInTheCustomersCurrency) {
  constexpr absl::string_view kVersion = "2025-02-24.acacia";
  const std::string id = Create(kVersion);
  const Json page = Answer(200, "POST", Page(id, "pay"),
                           "payment_method=pm_card_visa&email=a@example.com&country=GB");
  EXPECT_EQ(page["status"], "complete");
  const Json session = Answer(
      200, "GET", absl::StrCat("/v1/checkout/sessions/", id, "?expand[]=payment_intent"), "",
      kVersion);
  EXPECT_EQ(session["currency"], "gbp");
  EXPECT_EQ(session["amount_total"], 1612);
  EXPECT_EQ(session["currency_conversion"],
            Json::parse(R"({"amount_subtotal": 2000, "amount_total": 2000,
                            "fx_rate": "0.8058", "source_currency": "usd"})"));
  EXPECT_FALSE(session.contains("presentment_details"));
  EXPECT_EQ(session["payment_intent"]["currency"], "gbp");
  EXPECT_EQ(session["payment_intent"]["amount"], 1612);
}

TEST_F(AdaptivePricingRoutesTest, BadInputIsRefusedWithItsParam) {
  Json error = Answer(400, "POST", "/v1/checkout/sessions",
                      absl::StrCat(Base(), "&adaptive_pricing[enabled]=maybe"))["error"];
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(error["param"], "adaptive_pricing[enabled]");

  error = Answer(400, "POST", "/v1/checkout/sessions",
                 absl::StrCat(Base(), "&adaptive_pricing[enabled]=true"),
                 "2024-10-28.acacia")["error"];
  EXPECT_EQ(error["code"], "parameter_unknown");
  EXPECT_EQ(error["param"], "adaptive_pricing");

  error = Answer(400, "POST", "/v1/checkout/sessions",
                 "mode=setup&currency=usd&success_url=https://example.com/ok"
                 "&adaptive_pricing[enabled]=true")["error"];
  EXPECT_EQ(error["param"], "adaptive_pricing[enabled]");
  EXPECT_EQ(Answer(200, "GET", "/v1/checkout/sessions")["data"].size(), 0u);

  const std::string id = Create();
  const Json before = Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", id));
  error = Answer(400, "POST", Page(id, "view"), "country=France")["error"];
  EXPECT_EQ(error["param"], "country");
  error = Answer(400, "POST", Page(id, "view"), "locale=fr")["error"];
  EXPECT_EQ(error["code"], "parameter_unknown");
  error = Answer(400, "POST", Page(id, "pay"),
                 "payment_method=pm_card_visa&email=a@example.com&country=F")["error"];
  EXPECT_EQ(error["param"], "country");
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", id)), before);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
