// The wire door of the customer portal: POST /v1/billing_portal/configurations with Stripe's
// form encoding (nested features, products[0][prices][0], metadata), the configuration's and
// the session's JSON shape, update with `active`, list filters, POST /v1/billing_portal/sessions,
// and Stripe's errors (type, code, param, HTTP status).
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
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z

class BillingPortalRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(BillingPortalRoutesTest, ConfigurationAndSessionRenderAsStripes) {
  const Json price = Answer(200, "POST", "/v1/prices",
                            "currency=usd&unit_amount=1500&product_data[name]=Pro&"
                            "recurring[interval]=month");
  const std::string product = price["product"];
  const Json c = Answer(
      200, "POST", "/v1/billing_portal/configurations",
      "business_profile[headline]=Acme&features[invoice_history][enabled]=true&"
      "features[subscription_update][enabled]=true&"
      "features[subscription_update][default_allowed_updates][0]=price&"
      "features[subscription_update][products][0][product]=" + product +
          "&features[subscription_update][products][0][prices][0]=" +
          price["id"].get<std::string>() + "&metadata[team]=growth");
  EXPECT_EQ(c["object"], "billing_portal.configuration");
  EXPECT_EQ(c["active"], true);
  EXPECT_TRUE(c["application"].is_null());
  EXPECT_EQ(c["business_profile"],
            Json::parse(R"({"headline":"Acme","privacy_policy_url":null,
                            "terms_of_service_url":null})"));
  EXPECT_EQ(c["created"], kStart);
  EXPECT_TRUE(c["default_return_url"].is_null());
  EXPECT_EQ(c["features"]["customer_update"],
            Json::parse(R"({"allowed_updates":[],"enabled":false})"));
  EXPECT_EQ(c["features"]["payment_method_update"],
            Json::parse(R"({"enabled":false,"payment_method_configuration":null})"));
  EXPECT_EQ(c["features"]["subscription_cancel"],
            Json::parse(R"({"cancellation_reason":{"enabled":false,"options":[]},
                            "enabled":false,"mode":"at_period_end",
                            "proration_behavior":"none"})"));
  EXPECT_EQ(c["features"]["subscription_update"]["products"][0]["product"], product);
  EXPECT_EQ(c["features"]["subscription_update"]["schedule_at_period_end"],
            Json::parse(R"({"conditions":[]})"));
  EXPECT_EQ(c["is_default"], false);
  EXPECT_EQ(c["login_page"], Json::parse(R"({"enabled":false,"url":null})"));
  EXPECT_EQ(c["metadata"]["team"], "growth");
  EXPECT_TRUE(c["name"].is_null());
  const std::string id = c["id"];

  const Json off = Answer(200, "POST", "/v1/billing_portal/configurations/" + id,
                          "active=false");
  EXPECT_EQ(off["active"], false);
  EXPECT_EQ(Answer(200, "GET", "/v1/billing_portal/configurations?active=false")["data"].size(),
            1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/billing_portal/configurations?active=true")["data"].size(),
            0u);

  const std::string customer = Answer(200, "POST", "/v1/customers", "")["id"];
  const Json s = Answer(200, "POST", "/v1/billing_portal/sessions",
                        "customer=" + customer + "&return_url=https%3A%2F%2Fexample.com");
  EXPECT_EQ(s["object"], "billing_portal.session");
  EXPECT_EQ(s["customer"], customer);
  EXPECT_TRUE(s["flow"].is_null());
  EXPECT_TRUE(s["locale"].is_null());
  EXPECT_TRUE(s["on_behalf_of"].is_null());
  EXPECT_EQ(s["return_url"], "https://example.com");
  EXPECT_EQ(s["livemode"], false);
  const Json by_default = Answer(200, "GET", "/v1/billing_portal/configurations?is_default=true");
  ASSERT_EQ(by_default["data"].size(), 1u);
  EXPECT_EQ(by_default["data"][0]["id"], s["configuration"]);
}

TEST_F(BillingPortalRoutesTest, ErrorsAreStripes) {
  Json e = Answer(400, "POST", "/v1/billing_portal/configurations", "");
  EXPECT_EQ(e["error"]["code"], "parameter_missing");
  EXPECT_EQ(e["error"]["param"], "features");
  e = Answer(400, "POST", "/v1/billing_portal/configurations",
             "features[invoice_history][enabled]=maybe");
  EXPECT_EQ(e["error"]["param"], "features[invoice_history][enabled]");
  e = Answer(404, "GET", "/v1/billing_portal/configurations/bpc_missing");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  e = Answer(400, "POST", "/v1/billing_portal/sessions", "customer=cus_missing");
  EXPECT_EQ(e["error"]["param"], "customer");
  e = Answer(400, "POST", "/v1/billing_portal/sessions",
             "customer=cus_missing&flow_data[type]=payment_method_update");
  EXPECT_EQ(e["error"]["param"], "customer");
  const std::string customer = Answer(200, "POST", "/v1/customers", "")["id"];
  e = Answer(400, "POST", "/v1/billing_portal/sessions",
             "customer=" + customer + "&flow_data[type]=subscription_cancel");
  EXPECT_EQ(e["error"]["code"], "parameter_missing");
  EXPECT_EQ(e["error"]["param"], "flow_data[subscription_cancel]");
  EXPECT_EQ(Answer(200, "GET", "/v1/billing_portal/configurations")["data"].size(), 0u);
}

TEST_F(BillingPortalRoutesTest, AFlowRendersAsStripesDoes) {
  const std::string customer = Answer(200, "POST", "/v1/customers", "")["id"];
  const Json s = Answer(200, "POST", "/v1/billing_portal/sessions",
                        "customer=" + customer +
                            "&flow_data[type]=payment_method_update"
                            "&flow_data[after_completion][type]=redirect"
                            "&flow_data[after_completion][redirect][return_url]="
                            "https%3A%2F%2Fexample.com%2Fdone");
  const Json& flow = s["flow"];
  EXPECT_EQ(flow["type"], "payment_method_update");
  EXPECT_EQ(flow["after_completion"]["type"], "redirect");
  EXPECT_TRUE(flow["after_completion"]["hosted_confirmation"].is_null());
  EXPECT_EQ(flow["after_completion"]["redirect"]["return_url"], "https://example.com/done");
  EXPECT_TRUE(flow["subscription_cancel"].is_null());
  EXPECT_TRUE(flow["subscription_update"].is_null());
  EXPECT_TRUE(flow["subscription_update_confirm"].is_null());
}

}  // namespace
}  // namespace wire
}  // namespace paysim
