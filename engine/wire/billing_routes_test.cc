// The wire door of Billing: POST /v1/subscriptions with Stripe's form encoding (items[0][price],
// items[0][quantity], metadata), the subscription's and invoice's JSON shape, update, DELETE,
// the invoice routes (list filters, finalize, pay, void, mark_uncollectible), renewal on the
// clock, and Stripe's errors (type, code, param, HTTP status; nothing changed).
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
constexpr int64_t kFeb1 = 1769904000;   // 2026-02-01T00:00:00Z

class BillingRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  // A customer paying with `card` by default, and a monthly price of 1500 usd.
  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com")["id"];
    const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                  "customer=" + customer_)["id"];
    Answer(200, "POST", "/v1/customers/" + customer_,
           "invoice_settings[default_payment_method]=" + pm);
    price_ = Answer(200, "POST", "/v1/prices",
                    "currency=usd&unit_amount=1500&product_data[name]=Pro&"
                    "recurring[interval]=month")["id"];
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_;
  std::string price_;
};

TEST_F(BillingRoutesTest, CreateRenderRenew) {
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][price]=" + price_ +
                              "&items[0][quantity]=2&metadata[order]=42");
  EXPECT_EQ(sub["object"], "subscription");
  EXPECT_EQ(sub["status"], "active");
  EXPECT_EQ(sub["customer"], customer_);
  EXPECT_EQ(sub["metadata"]["order"], "42");
  EXPECT_EQ(sub["items"]["data"][0]["quantity"], 2);
  EXPECT_EQ(sub["items"]["data"][0]["current_period_end"], kFeb1);
  EXPECT_FALSE(sub.contains("current_period_end"));  // on the items from basil on
  EXPECT_FALSE(sub.contains("current_period_start"));
  EXPECT_TRUE(sub["days_until_due"].is_null());
  EXPECT_FALSE(sub.contains("period_start"));  // internal fields never render
  const std::string id = sub["id"];
  const std::string in = sub["latest_invoice"];

  const Json invoice = Answer(200, "GET", "/v1/invoices/" + in);
  EXPECT_EQ(invoice["object"], "invoice");
  EXPECT_EQ(invoice["status"], "paid");
  EXPECT_EQ(invoice["billing_reason"], "subscription_create");
  EXPECT_EQ(invoice["amount_due"], 3000);
  EXPECT_EQ(invoice["amount_paid"], 3000);
  EXPECT_EQ(invoice["amount_remaining"], 0);
  EXPECT_EQ(invoice["lines"]["object"], "list");
  EXPECT_EQ(invoice["lines"]["data"][0]["amount"], 3000);
  EXPECT_EQ(invoice["lines"]["data"][0]["pricing"]["price_details"]["price"], price_);
  EXPECT_EQ(invoice["parent"]["subscription_details"]["subscription"], id);
  EXPECT_EQ(invoice["status_transitions"]["paid_at"], kStart);
  EXPECT_FALSE(invoice.contains("payment_intent_id"));

  // The renewal, through the clock.
  clock_.SetTime(absl::FromUnixSeconds(kFeb1 + 3600));
  const Json list = Answer(200, "GET", "/v1/invoices?subscription=" + id);
  ASSERT_EQ(list["data"].size(), 2u);
  EXPECT_EQ(list["data"][0]["billing_reason"], "subscription_cycle");
  EXPECT_EQ(list["data"][0]["status"], "paid");
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices?status=paid&customer=" + customer_)["data"].size(),
            2u);

  const Json updated = Answer(200, "POST", "/v1/subscriptions/" + id,
                              "cancel_at_period_end=true&metadata[order]=");
  EXPECT_EQ(updated["cancel_at_period_end"], true);
  EXPECT_EQ(updated["canceled_at"], kFeb1 + 3600);  // the request, while still active
  EXPECT_EQ(updated["cancellation_details"]["reason"], "cancellation_requested");
  EXPECT_FALSE(updated["metadata"].contains("order"));
  EXPECT_EQ(Answer(400, "DELETE", "/v1/subscriptions/" + id +
                   "?cancellation_details[feedback]=bored")["error"]["param"],
            "cancellation_details[feedback]");
  const Json canceled = Answer(200, "DELETE", "/v1/subscriptions/" + id,
                               "cancellation_details[feedback]=switched_service&"
                               "cancellation_details[comment]=Moved");
  EXPECT_EQ(canceled["status"], "canceled");
  EXPECT_EQ(canceled["cancellation_details"],
            Json::parse(R"({"comment":"Moved","feedback":"switched_service",)"
                        R"("reason":"cancellation_requested"})"));
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions/" + id)["status"], "canceled");
}

TEST_F(BillingRoutesTest, CancelAtOnTheWire) {
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][price]=" + price_);
  const std::string id = sub["id"];
  const int64_t at = kStart + 20 * 86400;
  const Json cut = Answer(200, "POST", "/v1/subscriptions/" + id,
                          absl::StrCat("cancel_at=", at, "&proration_behavior=none"));
  EXPECT_EQ(cut["cancel_at"], at);
  EXPECT_EQ(cut["cancel_at_period_end"], false);
  EXPECT_EQ(cut["items"]["data"][0]["current_period_end"], at);
  const Json e = Answer(400, "POST", "/v1/subscriptions/" + id, "cancel_at=tomorrow");
  EXPECT_EQ(e["error"]["code"], "parameter_invalid_integer");
  EXPECT_EQ(e["error"]["param"], "cancel_at");
  const Json kept = Answer(200, "POST", "/v1/subscriptions/" + id,
                           "cancel_at=&proration_behavior=none");
  EXPECT_TRUE(kept["cancel_at"].is_null());
  EXPECT_EQ(kept["items"]["data"][0]["current_period_end"], kFeb1);
}

TEST_F(BillingRoutesTest, InvoiceActions) {
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][price]=" + price_ +
                              "&collection_method=send_invoice&days_until_due=10");
  const std::string in = sub["latest_invoice"];
  const Json open = Answer(200, "GET", "/v1/invoices/" + in);
  EXPECT_EQ(open["status"], "open");
  EXPECT_EQ(open["due_date"], kStart + 10 * 86400);
  const Json e = Answer(400, "POST", "/v1/invoices/" + in + "/finalize");
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  EXPECT_EQ(Answer(200, "POST", "/v1/invoices/" + in + "/mark_uncollectible")["status"],
            "uncollectible");
  EXPECT_EQ(Answer(200, "POST", "/v1/invoices/" + in + "/pay", "paid_out_of_band=true")["status"],
            "paid");
  EXPECT_EQ(Answer(400, "POST", "/v1/invoices/" + in + "/void")["error"]["type"],
            "invalid_request_error");
  EXPECT_EQ(Answer(404, "GET", "/v1/invoices/in_nope")["error"]["code"], "resource_missing");
}

TEST_F(BillingRoutesTest, BadInputChangesNothing) {
  Json e = Answer(400, "POST", "/v1/subscriptions", "items[0][price]=" + price_);
  EXPECT_EQ(e["error"]["code"], "parameter_missing");
  EXPECT_EQ(e["error"]["param"], "customer");
  e = Answer(400, "POST", "/v1/subscriptions", "customer=" + customer_);
  EXPECT_EQ(e["error"]["param"], "items");
  e = Answer(400, "POST", "/v1/subscriptions",
             "customer=" + customer_ + "&items[0][price]=price_nope");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  EXPECT_EQ(e["error"]["param"], "items[0][price]");
  e = Answer(400, "POST", "/v1/subscriptions",
             "customer=" + customer_ + "&items[0][price]=" + price_ + "&items[0][plan]=x");
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  e = Answer(400, "POST", "/v1/subscriptions",
             "customer=" + customer_ + "&items[0][price]=" + price_ +
                 "&collection_method=send_invoice");
  EXPECT_EQ(e["error"]["param"], "days_until_due");
  e = Answer(400, "POST", "/v1/subscriptions",
             "customer=" + customer_ + "&items[0][price]=" + price_ + "&trial_period_days=abc");
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions?status=all")["data"].size(), 0u);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices")["data"].size(), 0u);
  EXPECT_EQ(Answer(404, "DELETE", "/v1/subscriptions/sub_nope")["error"]["code"],
            "resource_missing");
  // A declined first payment with error_if_incomplete: 402, the card's error.
  const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_chargeCustomerFail/attach",
                                "customer=" + customer_)["id"];
  e = Answer(402, "POST", "/v1/subscriptions",
             "customer=" + customer_ + "&items[0][price]=" + price_ +
                 "&payment_behavior=error_if_incomplete&default_payment_method=" + pm);
  EXPECT_EQ(e["error"]["type"], "card_error");
  EXPECT_EQ(e["error"]["code"], "card_declined");
}

TEST_F(BillingRoutesTest, AutomaticTaxRendersAndTaxesTheInvoice) {
  // Without it: the hash is there, disabled.
  Json plain = Answer(200, "POST", "/v1/subscriptions",
                      "customer=" + customer_ + "&items[0][price]=" + price_);
  EXPECT_EQ(plain["automatic_tax"],
            Json::parse(R"({"disabled_reason":null,"enabled":false,"liability":null})"));
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices/" + plain["latest_invoice"].get<std::string>())
                ["automatic_tax"],
            Json::parse(R"({"disabled_reason":null,"enabled":false,"liability":null,
                            "provider":null,"status":null})"));

  // A customer Stripe Tax cannot place is refused; nothing is created.
  const std::string taxed_price = Answer(200, "POST", "/v1/prices",
                                         "currency=usd&unit_amount=2000&tax_behavior=exclusive&"
                                         "product_data[name]=Pro&recurring[interval]=month")["id"];
  const std::string body = "customer=" + customer_ + "&items[0][price]=" + taxed_price +
                           "&automatic_tax[enabled]=true";
  Json e = Answer(400, "POST", "/v1/subscriptions", body);
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  EXPECT_EQ(e["error"]["code"], "customer_tax_location_invalid");
  EXPECT_EQ(e["error"]["param"], "customer");
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions?status=all")["data"].size(), 1u);

  // In California: 7.25% on the first invoice.
  Answer(200, "POST", "/v1/customers/" + customer_,
         "address[country]=US&address[state]=CA&address[postal_code]=94105");
  const Json sub = Answer(200, "POST", "/v1/subscriptions", body);
  EXPECT_EQ(sub["automatic_tax"],
            Json::parse(R"({"disabled_reason":null,"enabled":true,"liability":{"type":"self"}})"));
  const Json invoice = Answer(200, "GET", "/v1/invoices/" + sub["latest_invoice"].get<std::string>());
  EXPECT_EQ(invoice["subtotal"], 2000);
  EXPECT_EQ(invoice["total_taxes"][0]["amount"], 145);
  EXPECT_EQ(invoice["total"], 2145);
  EXPECT_EQ(invoice["amount_paid"], 2145);
  EXPECT_EQ(invoice["automatic_tax"]["enabled"], true);
  EXPECT_EQ(invoice["automatic_tax"]["status"], "complete");
  EXPECT_EQ(invoice["automatic_tax"]["liability"]["type"], "self");
  EXPECT_TRUE(invoice["automatic_tax"]["provider"].is_null());

  // Disabled by update.
  const Json off = Answer(200, "POST", "/v1/subscriptions/" + sub["id"].get<std::string>(),
                          "automatic_tax[enabled]=false");
  EXPECT_EQ(off["automatic_tax"]["enabled"], false);
  EXPECT_TRUE(off["automatic_tax"]["liability"].is_null());
  e = Answer(400, "POST", "/v1/subscriptions/" + sub["id"].get<std::string>(),
             "automatic_tax[enabled]=maybe");
  EXPECT_EQ(e["error"]["param"], "automatic_tax[enabled]");
}

TEST_F(BillingRoutesTest, BillingCycleAnchorConfigRendersWhatWasAsked) {
  const Json plain = Answer(200, "POST", "/v1/subscriptions",
                            "customer=" + customer_ + "&items[0][price]=" + price_);
  EXPECT_TRUE(plain["billing_cycle_anchor_config"].is_null());
  const Json sub = Answer(200, "POST", "/v1/subscriptions",
                          "customer=" + customer_ + "&items[0][price]=" + price_ +
                              "&billing_cycle_anchor_config[day_of_month]=15"
                              "&billing_cycle_anchor_config[hour]=9");
  EXPECT_EQ(sub["billing_cycle_anchor"], kStart + 14 * 86400 + 9 * 3600);
  EXPECT_EQ(sub["billing_cycle_anchor_config"],
            Json::parse(R"({"day_of_month":15,"hour":9,"minute":null,"month":null,
                            "second":null})"));
  const Json e = Answer(400, "POST", "/v1/subscriptions",
                        "customer=" + customer_ + "&items[0][price]=" + price_ +
                            "&billing_cycle_anchor_config[day_of_month]=x");
  EXPECT_EQ(e["error"]["param"], "billing_cycle_anchor_config[day_of_month]");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
