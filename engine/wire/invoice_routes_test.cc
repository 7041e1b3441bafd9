// The wire door of invoice items and one-off invoices: /v1/invoiceitems (create with Stripe's
// form encoding, retrieve, update, DELETE, list filters), POST /v1/invoices taking the pending
// items, update, send, lines, DELETE, the JSON shapes, auto_advance on the clock, previews
// (POST /v1/invoices/create_preview; GET /v1/invoices/upcoming before basil), and Stripe's
// errors (type, code, param, HTTP status; nothing changed).
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
constexpr int64_t kStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int64_t kHour = 3600;

class InvoiceRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com")["id"];
  }
  void At(int64_t t) {
    clock_.SetTime(absl::FromUnixSeconds(t));
    engine_.FireDueTimers();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_;
};

TEST_F(InvoiceRoutesTest, ItemsThenAnInvoiceThenSend) {
  const Json item = Answer(200, "POST", "/v1/invoiceitems",
                           "customer=" + customer_ +
                               "&amount=2000&currency=usd&description=Setup&metadata[k]=v&"
                               "period[start]=1767225000&period[end]=1767225600");
  EXPECT_EQ(item["object"], "invoiceitem");
  EXPECT_EQ(item["amount"], 2000);
  EXPECT_TRUE(item["invoice"].is_null());
  EXPECT_EQ(item["period"]["start"], 1767225000);
  EXPECT_EQ(item["metadata"]["k"], "v");
  EXPECT_FALSE(item.contains("unit_amount_decimal"));  // internal
  const std::string ii = item["id"];
  EXPECT_EQ(Answer(200, "POST", "/v1/invoiceitems/" + ii, "quantity=2&unit_amount=150")["amount"],
            300);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems?pending=true&customer=" + customer_)["data"]
                .size(),
            1u);

  const Json invoice = Answer(200, "POST", "/v1/invoices",
                              "customer=" + customer_ +
                                  "&pending_invoice_items_behavior=include&"
                                  "collection_method=send_invoice&days_until_due=30");
  EXPECT_EQ(invoice["status"], "draft");
  EXPECT_EQ(invoice["amount_due"], 300);
  EXPECT_EQ(invoice["due_date"], kStart + 30 * 86400);
  EXPECT_TRUE(invoice["number"].is_null());
  EXPECT_EQ(invoice["lines"]["data"][0]["parent"]["invoice_item_details"]["invoice_item"], ii);
  const std::string in = invoice["id"];
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems/" + ii)["invoice"], in);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems?pending=true")["data"].size(), 0u);

  const Json lines = Answer(200, "GET", "/v1/invoices/" + in + "/lines");
  EXPECT_EQ(lines["object"], "list");
  EXPECT_EQ(lines["url"], "/v1/invoices/" + in + "/lines");
  EXPECT_EQ(lines["data"][0]["amount"], 300);

  EXPECT_EQ(Answer(200, "POST", "/v1/invoices/" + in, "metadata[foo]=bar")["metadata"]["foo"],
            "bar");
  const Json sent = Answer(200, "POST", "/v1/invoices/" + in + "/send");
  EXPECT_EQ(sent["status"], "open");
  EXPECT_TRUE(sent["number"].is_string());
  const Json events = Answer(200, "GET", "/v1/events?type=invoice.sent");
  EXPECT_EQ(events["data"].size(), 1u);

  const Json refused = Answer(400, "DELETE", "/v1/invoiceitems/" + ii);
  EXPECT_EQ(refused["error"]["type"], "invalid_request_error");
  Answer(400, "DELETE", "/v1/invoices/" + in);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices/" + in)["status"], "open");
}

TEST_F(InvoiceRoutesTest, DeleteADraftAndAnItem) {
  const std::string ii = Answer(200, "POST", "/v1/invoiceitems",
                                "customer=" + customer_ + "&amount=500&currency=usd")["id"];
  const std::string in = Answer(200, "POST", "/v1/invoices",
                                "customer=" + customer_ +
                                    "&pending_invoice_items_behavior=include")["id"];
  const Json deleted = Answer(200, "DELETE", "/v1/invoices/" + in);
  EXPECT_EQ(deleted["object"], "invoice");
  EXPECT_EQ(deleted["deleted"], true);
  Answer(404, "GET", "/v1/invoices/" + in);
  EXPECT_TRUE(Answer(200, "GET", "/v1/invoiceitems/" + ii)["invoice"].is_null());
  const Json gone = Answer(200, "DELETE", "/v1/invoiceitems/" + ii);
  EXPECT_EQ(gone["object"], "invoiceitem");
  EXPECT_EQ(gone["deleted"], true);
  Answer(404, "GET", "/v1/invoiceitems/" + ii);
}

TEST_F(InvoiceRoutesTest, AutoAdvanceOnTheClock) {
  Answer(200, "POST", "/v1/invoiceitems", "customer=" + customer_ + "&amount=500&currency=usd");
  const std::string in = Answer(200, "POST", "/v1/invoices",
                                "customer=" + customer_ +
                                    "&pending_invoice_items_behavior=include&auto_advance=true&"
                                    "collection_method=send_invoice&days_until_due=1")["id"];
  At(kStart + kHour - 1);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices/" + in)["status"], "draft");
  At(kStart + kHour);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices/" + in)["status"], "open");
}

TEST_F(InvoiceRoutesTest, StripeErrors) {
  Json e = Answer(400, "POST", "/v1/invoiceitems", "amount=100&currency=usd");
  EXPECT_EQ(e["error"]["code"], "parameter_missing");
  EXPECT_EQ(e["error"]["param"], "customer");
  e = Answer(400, "POST", "/v1/invoiceitems", "customer=" + customer_ + "&amount=100");
  EXPECT_EQ(e["error"]["param"], "currency");
  e = Answer(400, "POST", "/v1/invoiceitems", "customer=cus_nope&amount=100&currency=usd");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  e = Answer(400, "POST", "/v1/invoices",
             "customer=" + customer_ + "&pending_invoice_items_behavior=sometimes");
  EXPECT_EQ(e["error"]["param"], "pending_invoice_items_behavior");
  e = Answer(400, "POST", "/v1/invoices", "customer=" + customer_ + "&bogus=1");
  EXPECT_EQ(e["error"]["code"], "parameter_unknown");
  Answer(404, "GET", "/v1/invoiceitems/ii_nope");
  Answer(404, "POST", "/v1/invoices/in_nope/send");
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices")["data"].size(), 0u);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems")["data"].size(), 0u);
}

TEST_F(InvoiceRoutesTest, PreviewOfTheNextRenewal) {
  const std::string pm =
      Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach", "customer=" + customer_)["id"];
  Answer(200, "POST", "/v1/customers/" + customer_,
         "invoice_settings[default_payment_method]=" + pm);
  const std::string price = Answer(200, "POST", "/v1/prices",
                                   "currency=usd&unit_amount=1200&product_data[name]=Plan&"
                                   "recurring[interval]=month")["id"];
  const std::string sub = Answer(200, "POST", "/v1/subscriptions",
                                 "customer=" + customer_ + "&items[0][price]=" + price)["id"];
  const size_t invoices = Answer(200, "GET", "/v1/invoices")["data"].size();

  const Json preview =
      Answer(200, "POST", "/v1/invoices/create_preview", "subscription=" + sub);
  EXPECT_EQ(preview["object"], "invoice");
  EXPECT_TRUE(preview["id"].is_null());
  EXPECT_EQ(preview["billing_reason"], "upcoming");
  EXPECT_EQ(preview["amount_due"], 1200);
  EXPECT_EQ(preview["customer"], customer_);
  EXPECT_EQ(preview["parent"]["subscription_details"]["subscription"], sub);
  EXPECT_EQ(preview["period_start"], preview["lines"]["data"][0]["period"]["start"]);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices")["data"].size(), invoices);  // nothing stored

  // Before basil: GET /v1/invoices/upcoming, and a customer alone.
  WireApi::Response legacy = api_.Handle(
      "GET", "/v1/invoices/upcoming?customer=" + customer_,
      {{"Authorization", std::string(kKey)}, {"Stripe-Version", "2024-06-20"}}, "");
  ASSERT_EQ(legacy.status, 200) << legacy.body;
  const Json upcoming = Json::parse(legacy.body);
  EXPECT_EQ(upcoming["subscription"], sub);
  EXPECT_EQ(upcoming["amount_due"], 1200);
  EXPECT_TRUE(upcoming["id"].is_null());
  // From basil on it is gone.
  EXPECT_EQ(Answer(404, "GET", "/v1/invoices/upcoming?customer=" + customer_)["error"]["type"],
            "invalid_request_error");
}

TEST_F(InvoiceRoutesTest, PreviewErrors) {
  Json error = Answer(400, "POST", "/v1/invoices/create_preview", "customer=cus_nope")["error"];
  EXPECT_EQ(error["code"], "resource_missing");
  EXPECT_EQ(error["param"], "customer");
  error = Answer(400, "POST", "/v1/invoices/create_preview", "subscription=sub_nope")["error"];
  EXPECT_EQ(error["code"], "resource_missing");
  EXPECT_EQ(error["param"], "subscription");
  error = Answer(400, "POST", "/v1/invoices/create_preview", "")["error"];
  EXPECT_EQ(error["code"], "parameter_missing");
  error = Answer(400, "POST", "/v1/invoices/create_preview", "subscription_items[0][price]=x")
              ["error"];
  EXPECT_EQ(error["code"], "parameter_unknown");
  WireApi::Response none = api_.Handle(
      "GET", "/v1/invoices/upcoming?customer=" + customer_,
      {{"Authorization", std::string(kKey)}, {"Stripe-Version", "2024-06-20"}}, "");
  EXPECT_EQ(none.status, 404) << none.body;
  error = Json::parse(none.body)["error"];
  EXPECT_EQ(error["type"], "invalid_request_error");
  EXPECT_EQ(error["code"], "invoice_upcoming_none");
  EXPECT_EQ(error["message"], "No upcoming invoices for customer: " + customer_);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
