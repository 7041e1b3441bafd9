// The wire door of previews of subscription changes: POST /v1/invoices/create_preview with
// subscription_details[...] (Stripe's form encoding, the proration lines' JSON), the same
// change then made by POST /v1/subscriptions/{id} billing what the preview showed, and before
// basil GET /v1/invoices/upcoming with subscription_items[...] and GET
// /v1/invoices/upcoming/lines (paginated), with their errors.
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
constexpr int64_t kDay = 86400;
constexpr int64_t kJan22 = kStart + 21 * kDay;
constexpr int64_t kFeb1 = 1769904000;
constexpr char kLegacy[] = "2024-06-20";

class InvoiceChangePreviewRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "", absl::string_view version = "") {
    WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    if (!version.empty()) headers.push_back({"Stripe-Version", std::string(version)});
    WireApi::Response r = api_.Handle(method, path, headers, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com")["id"];
    const std::string pm = Answer(200, "POST", "/v1/payment_methods/pm_card_visa/attach",
                                  "customer=" + customer_)["id"];
    Answer(200, "POST", "/v1/customers/" + customer_,
           "invoice_settings[default_payment_method]=" + pm);
    basic_ = NewPrice(3100);
    pro_ = NewPrice(6200);
    const Json sub = Answer(200, "POST", "/v1/subscriptions",
                            "customer=" + customer_ + "&items[0][price]=" + basic_);
    sub_ = sub["id"];
    item_ = sub["items"]["data"][0]["id"];
  }

  std::string NewPrice(int64_t amount) {
    return Answer(200, "POST", "/v1/prices",
                  absl::StrCat("currency=usd&unit_amount=", amount,
                               "&product_data[name]=Plan&recurring[interval]=month"))["id"];
  }

  void At(int64_t t) {
    clock_.SetTime(absl::FromUnixSeconds(t));
    engine_.FireDueTimers();
  }

  // The lines' amounts, descriptions, periods and proration flags (basil's shape).
  static std::string Billed(const Json& invoice) {
    std::string out = absl::StrCat("total ", invoice["total"].dump(), "\n");
    for (const Json& line : invoice["lines"]["data"]) {
      const Json& details = line["parent"].is_object() ? line["parent"]["invoice_item_details"]
                                                       : Json(nullptr);
      absl::StrAppend(&out, line["amount"].dump(), " ", line["description"].dump(), " ",
                      line["period"].dump(), " ",
                      details.is_object() ? details["proration"].dump() : "-", "\n");
    }
    return out;
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_, basic_, pro_, sub_, item_;
};

TEST_F(InvoiceChangePreviewRoutesTest, UpgradePreviewThenTheUpgrade) {
  At(kJan22);
  const std::string change =
      absl::StrCat("items[0][id]=", item_, "&items[0][price]=", pro_,
                   "&proration_date=", kJan22);
  const std::string details =
      absl::StrCat("subscription_details[items][0][id]=", item_,
                   "&subscription_details[items][0][price]=", pro_,
                   "&subscription_details[proration_date]=", kJan22);
  const size_t invoices = Answer(200, "GET", "/v1/invoices")["data"].size();
  const size_t items = Answer(200, "GET", "/v1/invoiceitems")["data"].size();
  const Json preview =
      Answer(200, "POST", "/v1/invoices/create_preview", "subscription=" + sub_ + "&" + details);
  EXPECT_TRUE(preview["id"].is_null());
  EXPECT_EQ(preview["amount_due"], 6200 - 1000 + 2000);
  ASSERT_EQ(preview["lines"]["data"].size(), 3u);
  const Json& credit = preview["lines"]["data"][1];
  EXPECT_EQ(credit["amount"], -1000);
  EXPECT_EQ(credit["description"], "Unused time on 1 × Plan after 22 Jan 2026");
  EXPECT_EQ(credit["period"]["start"], kJan22);
  EXPECT_EQ(credit["period"]["end"], kFeb1);
  EXPECT_EQ(credit["parent"]["invoice_item_details"]["proration"], true);
  EXPECT_EQ(credit["pricing"]["price_details"]["price"], basic_);
  EXPECT_FALSE(credit.contains("proration"));  // a basil line has no top-level proration
  // The credit names the line of the subscription's first invoice that billed the period.
  const Json first = Answer(200, "GET", "/v1/invoices?subscription=" + sub_ + "&limit=1");
  const Json& credited = credit["parent"]["invoice_item_details"]["proration_details"]
                               ["credited_items"];
  EXPECT_EQ(credited["invoice"], first["data"][0]["id"]);
  EXPECT_EQ(credited["invoice_line_items"],
            Json::array({first["data"][0]["lines"]["data"][0]["id"]}));
  EXPECT_EQ(credit["parent"]["invoice_item_details"]["subscription"], sub_);
  EXPECT_TRUE(preview["lines"]["data"][2]["parent"]["invoice_item_details"]["proration_details"]
                     ["credited_items"].is_null());
  EXPECT_EQ(preview["lines"]["data"][2]["pricing"]["price_details"]["price"], pro_);
  // Nothing stored.
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices")["data"].size(), invoices);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems")["data"].size(), items);
  EXPECT_EQ(Answer(200, "GET", "/v1/subscriptions/" + sub_)["items"]["data"][0]["price"]["id"],
            basic_);

  // The same change, made an hour later with the same proration_date.
  At(kJan22 + 3600);
  Answer(200, "POST", "/v1/subscriptions/" + sub_, change);
  At(kFeb1);
  const Json renewal = Answer(200, "GET", "/v1/invoices?subscription=" + sub_ + "&limit=1");
  ASSERT_EQ(renewal["data"].size(), 1u);
  EXPECT_EQ(renewal["data"][0]["billing_reason"], "subscription_cycle");
  EXPECT_EQ(Billed(renewal["data"][0]), Billed(preview));
}

TEST_F(InvoiceChangePreviewRoutesTest, AlwaysInvoiceAndNone) {
  At(kJan22);
  const std::string item = absl::StrCat("subscription=", sub_,
                                        "&subscription_details[items][0][id]=", item_,
                                        "&subscription_details[items][0][quantity]=3");
  const Json now = Answer(200, "POST", "/v1/invoices/create_preview",
                          item + "&subscription_details[proration_behavior]=always_invoice");
  EXPECT_EQ(now["created"], kJan22);
  EXPECT_EQ(now["amount_due"], 2000);  // -1000 + 3000
  const Json none = Answer(200, "POST", "/v1/invoices/create_preview",
                           item + "&subscription_details[proration_behavior]=none");
  EXPECT_EQ(none["lines"]["data"].size(), 1u);
  EXPECT_EQ(none["amount_due"], 3 * 3100);
}

TEST_F(InvoiceChangePreviewRoutesTest, LegacyUpcomingAndItsLines) {
  At(kJan22);
  const std::string query = absl::StrCat(
      "subscription=", sub_, "&subscription_items[0][id]=", item_,
      "&subscription_items[0][price]=", pro_, "&subscription_proration_date=", kJan22,
      "&subscription_proration_behavior=create_prorations");
  const Json upcoming =
      Answer(200, "GET", "/v1/invoices/upcoming?" + query, "", kLegacy);
  EXPECT_EQ(upcoming["amount_due"], 6200 - 1000 + 2000);
  ASSERT_EQ(upcoming["lines"]["data"].size(), 3u);
  EXPECT_EQ(upcoming["lines"]["data"][0]["proration"], false);
  EXPECT_EQ(upcoming["lines"]["data"][1]["proration"], true);
  EXPECT_EQ(upcoming["lines"]["data"][1]["price"]["id"], basic_);

  const Json page =
      Answer(200, "GET", "/v1/invoices/upcoming/lines?" + query + "&limit=2", "", kLegacy);
  EXPECT_EQ(page["object"], "list");
  EXPECT_EQ(page["url"], "/v1/invoices/upcoming/lines");
  EXPECT_EQ(page["has_more"], true);
  ASSERT_EQ(page["data"].size(), 2u);
  EXPECT_EQ(page["data"][0]["object"], "line_item");
  const std::string last = page["data"][1]["id"];
  const Json rest = Answer(200, "GET",
                           "/v1/invoices/upcoming/lines?" + query + "&starting_after=" + last,
                           "", kLegacy);
  EXPECT_EQ(rest["has_more"], false);
  ASSERT_EQ(rest["data"].size(), 1u);
  EXPECT_EQ(rest["data"][0]["amount"], 2000);

  // Errors name the legacy params.
  Json error = Answer(400, "GET",
                      "/v1/invoices/upcoming?subscription=" + sub_ +
                          "&subscription_items[0][id]=si_nope&subscription_items[0][quantity]=2",
                      "", kLegacy)["error"];
  EXPECT_EQ(error["code"], "resource_missing");
  EXPECT_EQ(error["param"], "subscription_items[0][id]");
  error = Answer(400, "GET",
                 "/v1/invoices/upcoming/lines?subscription=" + sub_ +
                     "&subscription_proration_behavior=sometimes",
                 "", kLegacy)["error"];
  EXPECT_EQ(error["param"], "subscription_proration_behavior");
  error = Answer(400, "GET",
                 "/v1/invoices/upcoming?subscription=" + sub_ + "&subscription_trial_end=now", "",
                 kLegacy)["error"];
  EXPECT_EQ(error["param"], "subscription_trial_end");  // not trialing
  // basil's create_preview does not take the legacy names.
  error = Answer(400, "POST", "/v1/invoices/create_preview",
                 "subscription=" + sub_ + "&subscription_proration_behavior=none")["error"];
  EXPECT_EQ(error["code"], "parameter_unknown");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
