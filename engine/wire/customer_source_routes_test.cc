// The wire door of a customer's legacy card sources (/v1/customers/{id}/sources and /cards),
// the Stripe CLI's customer.source.* fixtures, `sources` and `default_source` on the customer
// (expanded, and by API version), Stripe's errors; and the private Checkout page endpoints the
// CLI's checkout.session.completed fixture calls (/v1/payment_pages/{cs}).
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

class CustomerSourceRoutesTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "", absl::string_view version = "") {
    WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    if (!version.empty()) headers.push_back({"Stripe-Version", std::string(version)});
    return api_.Handle(method, path, headers, body);
  }
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "", absl::string_view version = "") {
    WireApi::Response r = Call(method, path, body, version);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  std::string NewCustomer() {
    return Answer(200, "POST", "/v1/customers", "description=x")["id"].get<std::string>();
  }
  int64_t EventCount() {
    return static_cast<int64_t>(Answer(200, "GET", "/v1/events?limit=100")["data"].size());
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(CustomerSourceRoutesTest, StripeCliFixturesAndShape) {
  // customer.source.created: a customer, then a card from tok_visa on it.
  const std::string cus = NewCustomer();
  const Json card = Answer(200, "POST", absl::StrCat("/v1/customers/", cus, "/sources"),
                           "source=tok_visa");
  EXPECT_EQ(card["object"], "card");
  EXPECT_EQ(card["customer"], cus);
  EXPECT_EQ(card["brand"], "Visa");
  EXPECT_EQ(card["last4"], "4242");
  EXPECT_EQ(card["funding"], "credit");
  EXPECT_EQ(card["country"], "US");
  EXPECT_EQ(card["cvc_check"], "pass");
  EXPECT_TRUE(card["name"].is_null());
  EXPECT_TRUE(card["metadata"].is_object());
  EXPECT_FALSE(card.contains("number"));
  const std::string id = card["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=customer.source.created")["data"][0]["data"]
                  ["object"]["id"],
            id);

  // customer.source.updated: the card's metadata and name.
  const Json updated = Answer(200, "POST", absl::StrCat("/v1/customers/", cus, "/sources/", id),
                              "metadata[foo]=bar&name=Jenny+Rosen");
  EXPECT_EQ(updated["name"], "Jenny Rosen");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  const Json event = Answer(200, "GET", "/v1/events?type=customer.source.updated")["data"][0];
  EXPECT_TRUE(event["data"]["previous_attributes"]["name"].is_null());

  // Retrieve and list, under both names.
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/customers/", cus, "/cards/", id))["id"], id);
  const Json list = Answer(200, "GET", absl::StrCat("/v1/customers/", cus, "/sources?object=card"));
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], absl::StrCat("/v1/customers/", cus, "/sources"));
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], id);

  // The customer: default_source, expandable; sources only when expanded (current version).
  const Json customer = Answer(200, "GET", absl::StrCat("/v1/customers/", cus));
  EXPECT_EQ(customer["default_source"], id);
  EXPECT_FALSE(customer.contains("sources"));
  const Json expanded = Answer(
      200, "GET",
      absl::StrCat("/v1/customers/", cus, "?expand[]=sources&expand[]=default_source"));
  EXPECT_EQ(expanded["default_source"]["id"], id);
  EXPECT_EQ(expanded["default_source"]["object"], "card");
  EXPECT_EQ(expanded["sources"]["object"], "list");
  EXPECT_EQ(expanded["sources"]["total_count"], 1);
  EXPECT_EQ(expanded["sources"]["data"][0]["id"], id);
  EXPECT_EQ(expanded["sources"]["url"], absl::StrCat("/v1/customers/", cus, "/sources"));

  // Delete: the default goes with it.
  const Json deleted = Answer(200, "DELETE", absl::StrCat("/v1/customers/", cus, "/sources/", id));
  EXPECT_EQ(deleted, Json::parse(absl::StrCat(R"({"id":")", id,
                                              R"(","object":"card","deleted":true})")));
  EXPECT_TRUE(Answer(200, "GET", absl::StrCat("/v1/customers/", cus))["default_source"].is_null());
}

TEST_F(CustomerSourceRoutesTest, OlderVersionsIncludeSourcesByDefault) {
  const std::string cus = NewCustomer();
  Answer(200, "POST", absl::StrCat("/v1/customers/", cus, "/sources"), "source=tok_visa");
  const Json old = Answer(200, "GET", absl::StrCat("/v1/customers/", cus), "", "2020-03-02");
  EXPECT_EQ(old["sources"]["total_count"], 1);
  const Json newer = Answer(200, "GET", absl::StrCat("/v1/customers/", cus), "", "2020-08-27");
  EXPECT_FALSE(newer.contains("sources"));
  const Json listed = Answer(200, "GET", "/v1/customers?expand[]=data.sources");
  EXPECT_EQ(listed["data"][0]["sources"]["data"].size(), 1u);
}

TEST_F(CustomerSourceRoutesTest, CreateCustomerWithSourceAndChargeIt) {
  const Json customer = Answer(200, "POST", "/v1/customers", "source=tok_mastercard");
  const std::string cus = customer["id"].get<std::string>();
  const Json charge = Answer(200, "POST", "/v1/charges",
                             absl::StrCat("amount=500&currency=usd&customer=", cus));
  EXPECT_EQ(charge["source"]["id"], customer["default_source"]);
  EXPECT_EQ(charge["source"]["last4"], "4444");
}

TEST_F(CustomerSourceRoutesTest, ErrorsChangeNothing) {
  const std::string cus = NewCustomer();
  const int64_t events = EventCount();
  Json e = Answer(404, "POST", "/v1/customers/cus_missing/sources", "source=tok_visa")["error"];
  EXPECT_EQ(e["code"], "resource_missing");
  EXPECT_EQ(e["message"], "No such customer: 'cus_missing'");
  e = Answer(400, "POST", absl::StrCat("/v1/customers/", cus, "/sources"), "")["error"];
  EXPECT_EQ(e["code"], "parameter_missing");
  EXPECT_EQ(e["param"], "source");
  e = Answer(400, "POST", absl::StrCat("/v1/customers/", cus, "/sources"), "source=tok_visa&x=1")
          ["error"];
  EXPECT_EQ(e["code"], "parameter_unknown");
  e = Answer(404, "GET", absl::StrCat("/v1/customers/", cus, "/sources/card_nope"))["error"];
  EXPECT_EQ(e["code"], "resource_missing");
  EXPECT_EQ(e["param"], "id");
  EXPECT_EQ(e["message"], "No such source: 'card_nope'");
  e = Answer(404, "DELETE", absl::StrCat("/v1/customers/", cus, "/sources/card_nope"))["error"];
  EXPECT_EQ(e["code"], "resource_missing");
  e = Answer(402, "POST", absl::StrCat("/v1/customers/", cus, "/sources"),
             "source=tok_chargeDeclined")["error"];
  EXPECT_EQ(e["type"], "card_error");
  EXPECT_EQ(e["decline_code"], "generic_decline");
  e = Answer(400, "POST", absl::StrCat("/v1/customers/", cus), "default_source=card_nope")["error"];
  EXPECT_EQ(e["param"], "default_source");
  EXPECT_EQ(EventCount(), events);
  EXPECT_TRUE(Answer(200, "GET", absl::StrCat("/v1/customers/", cus, "/sources"))["data"].empty());
}

TEST_F(CustomerSourceRoutesTest, PaymentPageCompletesACheckoutSession) {
  // The Stripe CLI's checkout.session.completed fixture.
  const std::string product =
      Answer(200, "POST", "/v1/products", "name=myproduct")["id"].get<std::string>();
  const std::string price =
      Answer(200, "POST", "/v1/prices",
             absl::StrCat("product=", product, "&unit_amount=1500&currency=usd"))["id"]
          .get<std::string>();
  const std::string cs =
      Answer(200, "POST", "/v1/checkout/sessions",
             absl::StrCat("success_url=https%3A%2F%2Fhttpbin.org%2Fpost&cancel_url=https%3A%2F%2F"
                          "httpbin.org%2Fpost&mode=payment&line_items[0][price]=",
                          price, "&line_items[0][quantity]=2"))["id"]
          .get<std::string>();
  EXPECT_EQ(Answer(200, "GET", absl::StrCat("/v1/payment_pages/", cs))["id"], cs);
  const std::string pm =
      Answer(200, "POST", "/v1/payment_methods",
             "type=card&card[token]=tok_visa&billing_details[email]=stripe%40example.com")["id"]
          .get<std::string>();
  // A wrong expected_amount is refused; unknown private params are ignored.
  Answer(400, "POST", absl::StrCat("/v1/payment_pages/", cs, "/confirm"),
         absl::StrCat("payment_method=", pm, "&expected_amount=1"));
  const Json paid = Answer(200, "POST", absl::StrCat("/v1/payment_pages/", cs, "/confirm"),
                           absl::StrCat("payment_method=", pm,
                                        "&expected_amount=3000&expected_payment_method_type=card"));
  EXPECT_EQ(paid["status"], "complete");
  EXPECT_EQ(paid["payment_status"], "paid");
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=checkout.session.completed")["data"].size(), 1u);
  Answer(404, "GET", "/v1/payment_pages/cs_test_missing");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
