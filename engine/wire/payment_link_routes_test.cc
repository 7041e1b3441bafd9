// The wire door of payment links: the Stripe CLI's fixtures for payment_link.created and
// payment_link.updated as the CLI sends them, the object's JSON shape, the list and line
// items, the test helper that opens a link (a Checkout Session with payment_link set), the
// completed-sessions limit, and Stripe's errors (type, code, param, HTTP status).
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

class PaymentLinkRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  void ExpectError(int status, absl::string_view method, absl::string_view path,
                   absl::string_view body, absl::string_view code, absl::string_view param) {
    const Json error = Answer(status, method, path, body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (code.empty()) {
      EXPECT_FALSE(error.contains("code")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error["code"], std::string(code)) << body;
    }
    if (param.empty()) {
      EXPECT_FALSE(error.contains("param")) << body << "\n" << error.dump();
    } else {
      EXPECT_EQ(error["param"], std::string(param)) << body << "\n" << error.dump();
    }
  }
  size_t EventCount(absl::string_view type) {
    return Answer(200, "GET", absl::StrCat("/v1/events?type=", type))["data"].size();
  }
  // The CLI fixtures' product and monthly price.
  std::string FixturePrice() {
    const std::string product =
        Answer(200, "POST", "/v1/products",
               "name=myproduct&description=%28created+by+Stripe+CLI%29")["id"];
    return Answer(200, "POST", "/v1/prices",
                  absl::StrCat("product=", product,
                               "&unit_amount=1500&currency=usd&recurring[interval]=month"))["id"];
  }
  std::string OneTimePrice() {
    return Answer(200, "POST", "/v1/prices",
                  "currency=usd&unit_amount=2000&product_data[name]=Widget")["id"];
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(PaymentLinkRoutesTest, CreatedAndUpdatedFixturesAndShape) {
  const std::string price = FixturePrice();
  const Json link = Answer(200, "POST", "/v1/payment_links",
                           absl::StrCat("line_items[0][price]=", price,
                                        "&line_items[0][quantity]=1"));
  std::vector<std::string> keys;
  for (auto it = link.begin(); it != link.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys,
              ::testing::ElementsAre(
                  "id", "object", "active", "after_completion", "allow_promotion_codes",
                  "application", "application_fee_amount", "application_fee_percent",
                  "automatic_tax", "billing_address_collection", "consent_collection",
                  "currency", "custom_fields", "custom_text", "customer_creation",
                  "inactive_message", "invoice_creation", "livemode", "metadata",
                  "on_behalf_of", "optional_items", "payment_intent_data",
                  "payment_method_collection", "payment_method_types",
                  "phone_number_collection", "restrictions",
                  "shipping_address_collection", "shipping_options", "submit_type",
                  "subscription_data", "tax_id_collection", "transfer_data", "url"));
  const std::string id = link["id"];
  EXPECT_EQ(id.rfind("plink_", 0), 0u);
  EXPECT_EQ(link["object"], "payment_link");
  EXPECT_EQ(link["active"], true);
  EXPECT_EQ(link["after_completion"].dump(),
            R"({"hosted_confirmation":{"custom_message":null},"type":"hosted_confirmation"})");
  EXPECT_EQ(link["automatic_tax"].dump(), R"({"enabled":false,"liability":null})");
  EXPECT_EQ(link["currency"], "usd");
  EXPECT_EQ(link["customer_creation"], "always");  // a recurring price: a subscription link
  EXPECT_TRUE(link["restrictions"].is_null());
  EXPECT_EQ(link["tax_id_collection"].dump(), R"({"enabled":false,"required":"never"})");
  EXPECT_EQ(link["url"].get<std::string>().rfind("https://buy.stripe.com/test_", 0), 0u);
  EXPECT_FALSE(link.contains("line_items"));
  EXPECT_EQ(EventCount("payment_link.created"), 1u);

  const Json updated = Answer(200, "POST", absl::StrCat("/v1/payment_links/", id),
                              "allow_promotion_codes=true");
  EXPECT_EQ(updated["allow_promotion_codes"], true);
  const Json events = Answer(200, "GET", "/v1/events?type=payment_link.updated");
  ASSERT_EQ(events["data"].size(), 1u);
  EXPECT_EQ(events["data"][0]["data"]["previous_attributes"].dump(),
            R"({"allow_promotion_codes":false})");
  EXPECT_EQ(events["data"][0]["data"]["object"]["id"], id);

  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/payment_links/", id))["id"], id);
  const Json list = Answer(200, "GET", "/v1/payment_links?active=true");
  EXPECT_EQ(list["url"], "/v1/payment_links");
  EXPECT_EQ(list["data"][0]["id"], id);
  EXPECT_TRUE(Answer(200, "GET", "/v1/payment_links?active=false")["data"].empty());
  const Json items = Answer(200, "GET", absl::StrCat("/v1/payment_links/", id, "/line_items"));
  EXPECT_EQ(items["url"], absl::StrCat("/v1/payment_links/", id, "/line_items"));
  ASSERT_EQ(items["data"].size(), 1u);
  EXPECT_EQ(items["data"][0]["object"], "item");
  EXPECT_EQ(items["data"][0]["price"]["id"], price);
  EXPECT_EQ(items["data"][0]["quantity"], 1);
}

TEST_F(PaymentLinkRoutesTest, RedirectAfterCompletionShape) {
  const Json link = Answer(
      200, "POST", "/v1/payment_links",
      absl::StrCat("line_items[0][price]=", OneTimePrice(), "&line_items[0][quantity]=1",
                   "&after_completion[type]=redirect",
                   "&after_completion[redirect][url]=https%3A%2F%2Fexample.com%2Fdone",
                   "&restrictions[completed_sessions][limit]=4"));
  EXPECT_EQ(link["after_completion"].dump(),
            R"({"redirect":{"url":"https://example.com/done"},"type":"redirect"})");
  EXPECT_EQ(link["restrictions"].dump(), R"({"completed_sessions":{"count":0,"limit":4}})");
  EXPECT_EQ(link["customer_creation"], "if_required");
  const std::string id = link["id"];
  const Json unlimited =
      Answer(200, "POST", absl::StrCat("/v1/payment_links/", id), "restrictions=");
  EXPECT_TRUE(unlimited["restrictions"].is_null());
}

TEST_F(PaymentLinkRoutesTest, OpenPayAndLimit) {
  const Json link = Answer(200, "POST", "/v1/payment_links",
                           absl::StrCat("line_items[0][price]=", OneTimePrice(),
                                        "&line_items[0][quantity]=2",
                                        "&restrictions[completed_sessions][limit]=1"));
  const std::string id = link["id"];
  const Json session =
      Answer(200, "POST", absl::StrCat("/v1/test_helpers/payment_links/", id, "/open"));
  EXPECT_EQ(session["object"], "checkout.session");
  EXPECT_EQ(session["payment_link"], id);
  EXPECT_EQ(session["mode"], "payment");
  EXPECT_EQ(session["amount_total"], 4000);
  const std::string cs = session["id"];
  Answer(200, "POST", absl::StrCat("/v1/test_helpers/checkout/sessions/", cs, "/pay"),
         "payment_method=pm_card_visa&email=guest%40example.com");
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/checkout/sessions/", cs))["status"], "complete");
  const Json after = Answer(200, "GET", absl::StrCat("/v1/payment_links/", id));
  EXPECT_EQ(after["active"], false);
  EXPECT_EQ(after["restrictions"]["completed_sessions"]["count"], 1);
  EXPECT_EQ(EventCount("payment_link.updated"), 1u);
  ExpectError(400, "POST", absl::StrCat("/v1/test_helpers/payment_links/", id, "/open"), "",
              "payment_link_inactive", "");
}

TEST_F(PaymentLinkRoutesTest, Errors) {
  const std::string price = OneTimePrice();
  ExpectError(400, "POST", "/v1/payment_links", "", "parameter_missing", "line_items");
  ExpectError(400, "POST", "/v1/payment_links",
              "line_items[0][price]=price_nope&line_items[0][quantity]=1", "resource_missing",
              "line_items[0][price]");
  ExpectError(400, "POST", "/v1/payment_links",
              absl::StrCat("line_items[0][price]=", price, "&line_items[0][quantity]=0"),
              "parameter_invalid_integer", "line_items[0][quantity]");
  ExpectError(400, "POST", "/v1/payment_links",
              absl::StrCat("line_items[0][price]=", price, "&line_items[0][quantity]=1",
                           "&restrictions[completed_sessions][limit]=0"),
              "parameter_invalid_integer", "restrictions[completed_sessions][limit]");
  ExpectError(400, "POST", "/v1/payment_links",
              absl::StrCat("line_items[0][price]=", price, "&line_items[0][quantity]=1",
                           "&active=false"),
              "parameter_unknown", "active");
  // Stripe's Payment Links take no tax rates on their line items (Checkout's do).
  ExpectError(400, "POST", "/v1/payment_links",
              absl::StrCat("line_items[0][price]=", price, "&line_items[0][quantity]=1",
                           "&line_items[0][dynamic_tax_rates][0]=txr_1"),
              "parameter_unknown", "line_items[0][dynamic_tax_rates][0]");
  ExpectError(404, "GET", "/v1/payment_links/plink_nope", "", "resource_missing", "id");
  ExpectError(404, "POST", "/v1/payment_links/plink_nope", "active=false", "resource_missing",
              "id");
  ExpectError(404, "POST", "/v1/test_helpers/payment_links/plink_nope/open", "",
              "resource_missing", "id");
  EXPECT_TRUE(Answer(200, "GET", "/v1/payment_links")["data"].empty());
  EXPECT_EQ(EventCount("payment_link.created"), 0u);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
