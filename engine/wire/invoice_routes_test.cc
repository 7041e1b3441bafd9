// The wire door of invoice items and one-off invoices: /v1/invoiceitems (create with Stripe's
// form encoding, retrieve, update, DELETE, list filters), POST /v1/invoices taking the pending
// items, update, send, lines, DELETE, the JSON shapes, auto_advance on the clock, and Stripe's
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

}  // namespace
}  // namespace wire
}  // namespace paysim
