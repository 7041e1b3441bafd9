// The wire door of quotes: the Stripe CLI's quote.* fixtures (create, finalize, accept,
// cancel), the quote's JSON shape (every field Stripe renders, in order), expand of its lines,
// the lines lists, the invoice a one-time quote becomes in either invoice shape, and errors.
#include <string>
#include <vector>

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

class QuoteRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "", absl::string_view version = "") {
    WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    if (!version.empty()) headers.push_back({"Stripe-Version", std::string(version)});
    WireApi::Response r = api_.Handle(method, path, headers, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  // The Stripe CLI's quote fixture: a customer with tok_visa, a monthly 15.00 price, a quote
  // of 10 of it.
  Json CliQuote() {
    const std::string customer =
        Answer(200, "POST", "/v1/customers",
               "description=%28created+by+Stripe+CLI%29&source=tok_visa")["id"];
    const std::string product = Answer(200, "POST", "/v1/products",
                                       "name=myproduct&description=%28created+by+Stripe+CLI%29")
                                    ["id"];
    const std::string price =
        Answer(200, "POST", "/v1/prices",
               "product=" + product + "&unit_amount=1500&currency=usd&recurring[interval]=month")
            ["id"];
    return Answer(200, "POST", "/v1/quotes",
                  "description=%28created+by+Stripe+CLI%29&customer=" + customer +
                      "&line_items[0][price]=" + price + "&line_items[0][quantity]=10");
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(QuoteRoutesTest, TheStripeCliFixtureAndTheShape) {
  const Json quote = CliQuote();
  std::vector<std::string> keys;
  for (auto it = quote.begin(); it != quote.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys,
              ::testing::ElementsAre(
                  "id", "object", "amount_subtotal", "amount_total", "application",
                  "application_fee_amount", "application_fee_percent", "automatic_tax",
                  "collection_method", "computed", "created", "currency", "customer",
                  "default_tax_rates", "description", "discounts", "expires_at", "footer",
                  "from_quote", "header", "invoice", "invoice_settings", "livemode", "metadata",
                  "number", "on_behalf_of", "status", "status_transitions", "subscription",
                  "subscription_data", "subscription_schedule", "test_clock", "total_details",
                  "transfer_data"));
  EXPECT_EQ(quote["status"], "draft");
  EXPECT_EQ(quote["amount_total"], 15000);
  EXPECT_EQ(quote["expires_at"], kStart + 30 * 86400);
  EXPECT_EQ(quote["automatic_tax"].dump(),
            R"({"enabled":false,"liability":null,"status":null})");
  EXPECT_EQ(quote["computed"].dump(),
            R"({"recurring":{"amount_subtotal":15000,"amount_total":15000,"interval":"month",)"
            R"("interval_count":1,"total_details":{"amount_discount":0,"amount_shipping":0,)"
            R"("amount_tax":0}},"upfront":{"amount_subtotal":15000,"amount_total":15000,)"
            R"("total_details":{"amount_discount":0,"amount_shipping":0,"amount_tax":0}}})");
  EXPECT_EQ(quote["invoice_settings"].dump(),
            R"({"days_until_due":null,"issuer":{"type":"self"}})");
  EXPECT_EQ(quote["status_transitions"].dump(),
            R"({"accepted_at":null,"canceled_at":null,"finalized_at":null})");
  EXPECT_EQ(quote["subscription_data"].dump(),
            R"({"description":null,"effective_date":null,"trial_period_days":null})");
  EXPECT_TRUE(quote["number"].is_null());
  const Json events = Answer(200, "GET", "/v1/events?type=quote.created");
  ASSERT_EQ(events["data"].size(), 1u);
  EXPECT_EQ(events["data"][0]["data"]["object"]["id"], quote["id"]);
}

TEST_F(QuoteRoutesTest, FinalizeAndAcceptAsTheCliDoes) {
  const std::string path = "/v1/quotes/" + CliQuote()["id"].get<std::string>();
  const Json open = Answer(200, "POST", path + "/finalize");
  EXPECT_EQ(open["status"], "open");
  EXPECT_THAT(open["number"].get<std::string>(), ::testing::MatchesRegex("QT-[A-Z0-9]+-0001-1"));
  const Json accepted = Answer(200, "POST", path + "/accept?expand[]=subscription");
  EXPECT_EQ(accepted["status"], "accepted");
  EXPECT_EQ(accepted["subscription"]["status"], "active");
  EXPECT_EQ(accepted["subscription"]["object"], "subscription");
  const Json invoice = Answer(200, "GET", "/v1/invoices/" + accepted["invoice"].get<std::string>());
  EXPECT_EQ(invoice["status"], "paid");
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=quote.finalized")["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=quote.accepted")["data"].size(), 1u);
  EXPECT_EQ(Answer(400, "POST", path + "/cancel")["error"]["type"], "invalid_request_error");
}

TEST_F(QuoteRoutesTest, CancelADraftAsTheCliDoes) {
  const std::string path = "/v1/quotes/" + CliQuote()["id"].get<std::string>();
  const Json canceled = Answer(200, "POST", path + "/cancel");
  EXPECT_EQ(canceled["status"], "canceled");
  EXPECT_EQ(canceled["status_transitions"]["canceled_at"], kStart);
  EXPECT_TRUE(canceled["number"].is_null());
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=quote.canceled")["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/quotes?status=canceled")["data"].size(), 1u);
}

TEST_F(QuoteRoutesTest, LinesExpandAndList) {
  const Json quote = CliQuote();
  const std::string path = "/v1/quotes/" + quote["id"].get<std::string>();
  const Json expanded = Answer(200, "GET", path + "?expand[]=line_items");
  EXPECT_EQ(expanded["line_items"]["object"], "list");
  EXPECT_EQ(expanded["line_items"]["url"], path + "/line_items");
  ASSERT_EQ(expanded["line_items"]["data"].size(), 1u);
  const Json line = expanded["line_items"]["data"][0];
  EXPECT_EQ(line["object"], "item");
  EXPECT_EQ(line["description"], "myproduct");
  EXPECT_EQ(line["quantity"], 10);
  EXPECT_EQ(line["price"]["unit_amount"], 1500);
  const Json lines = Answer(200, "GET", path + "/line_items");
  EXPECT_EQ(lines["data"][0]["id"], line["id"]);
  const Json upfront = Answer(200, "GET", path + "/computed_upfront_line_items");
  EXPECT_EQ(upfront["url"], path + "/computed_upfront_line_items");
  EXPECT_EQ(upfront["data"][0]["amount_total"], 15000);
  const Json included = Answer(200, "GET", path + "?expand[]=computed.upfront.line_items");
  EXPECT_EQ(included["computed"]["upfront"]["line_items"]["url"],
            path + "/computed_upfront_line_items");
  EXPECT_EQ(included["computed"]["upfront"]["line_items"]["data"][0]["id"], line["id"]);
  EXPECT_FALSE(included.contains("line_items"));  // only what was asked for
  // Without expand, neither list is rendered.
  EXPECT_FALSE(Answer(200, "GET", path)["computed"]["upfront"].contains("line_items"));
}

TEST_F(QuoteRoutesTest, TaxRatesAsFormsAndTheLinesTaxes) {
  const Json quote = CliQuote();
  const std::string rate =
      Answer(200, "POST", "/v1/tax_rates",
             "display_name=VAT&percentage=20&inclusive=false")["id"].get<std::string>();
  const std::string path = "/v1/quotes/" + quote["id"].get<std::string>();
  const Json lines = Answer(200, "GET", path + "/line_items");
  const std::string line = lines["data"][0]["id"].get<std::string>();
  const Json taxed =
      Answer(200, "POST", path, "default_tax_rates[0]=" + rate + "&line_items[0][id]=" + line);
  EXPECT_EQ(taxed["default_tax_rates"], Json::array({rate}));
  EXPECT_EQ(taxed["amount_subtotal"], 15000);
  EXPECT_EQ(taxed["amount_total"], 18000);
  EXPECT_EQ(taxed["total_details"]["amount_tax"], 3000);
  const Json expanded = Answer(200, "GET", path + "/line_items?expand[]=data.taxes");
  const Json& taxes = expanded["data"][0]["taxes"];
  ASSERT_EQ(taxes.size(), 1u);
  EXPECT_EQ(taxes[0]["amount"], 3000);
  EXPECT_EQ(taxes[0]["rate"]["id"], rate);
  const Json cleared = Answer(200, "POST", path, "default_tax_rates=");
  EXPECT_EQ(cleared["default_tax_rates"], Json::array());
  EXPECT_EQ(cleared["amount_total"], 15000);
}

TEST_F(QuoteRoutesTest, AOneTimeQuoteBecomesADraftInvoiceNamingIt) {
  const std::string customer = Answer(200, "POST", "/v1/customers", "")["id"];
  const std::string price =
      Answer(200, "POST", "/v1/prices",
             "unit_amount=2500&currency=usd&product_data[name]=Setup")["id"];
  for (const std::string version : {"2025-03-31.basil", "2024-06-20"}) {
    const Json quote = Answer(200, "POST", "/v1/quotes",
                              "customer=" + customer + "&line_items[0][price]=" + price, version);
    const std::string path = "/v1/quotes/" + quote["id"].get<std::string>();
    Answer(200, "POST", path + "/finalize", "", version);
    const Json accepted = Answer(200, "POST", path + "/accept", "", version);
    EXPECT_TRUE(accepted["subscription"].is_null());
    const Json invoice = Answer(
        200, "GET", "/v1/invoices/" + accepted["invoice"].get<std::string>(), "", version);
    EXPECT_EQ(invoice["status"], "draft");
    EXPECT_EQ(invoice["billing_reason"], "quote_accept");
    EXPECT_EQ(invoice["amount_due"], 2500);
    if (version == "2024-06-20") {
      EXPECT_EQ(invoice["quote"], quote["id"]) << version;
    } else {
      EXPECT_EQ(invoice["parent"].dump(),
                R"({"quote_details":{"quote":")" + quote["id"].get<std::string>() +
                    R"("},"subscription_details":null,"type":"quote_details"})");
    }
  }
}

TEST_F(QuoteRoutesTest, Errors) {
  EXPECT_EQ(Answer(404, "GET", "/v1/quotes/qt_missing")["error"]["code"], "resource_missing");
  const Json quote = Answer(200, "POST", "/v1/quotes", "description=x");
  const std::string path = "/v1/quotes/" + quote["id"].get<std::string>();
  EXPECT_EQ(Answer(400, "POST", path + "/accept")["error"]["type"], "invalid_request_error");
  EXPECT_EQ(Answer(400, "POST", path + "/finalize")["error"]["param"], "customer");
  EXPECT_EQ(Answer(400, "POST", path, "from_quote[quote]=qt_1")["error"]["code"],
            "parameter_unknown");
  EXPECT_EQ(Answer(200, "GET", path)["description"], "x");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
