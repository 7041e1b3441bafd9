// The wire door of plans and credit notes: the Stripe CLI's fixtures for plan.* and
// credit_note.* as the CLI sends them (a plan's `product` as an inline hash or an id), the
// objects' JSON shapes, the list filters, and Stripe's errors for bad input.
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

class CreditRoutesTest : public ::testing::Test {
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
    EXPECT_EQ(error["param"], std::string(param)) << body;
  }
  std::string LastEventType(const std::string& type) {
    return Answer(200, "GET", "/v1/events?limit=1&type=" + type)["data"][0]["type"]
        .get<std::string>();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(CreditRoutesTest, TieredPricesAndPlansShowTheirTiersWhenAsked) {
  const std::string tiers =
      "&tiers[0][up_to]=5&tiers[0][unit_amount]=500&tiers[0][flat_amount]=1000"
      "&tiers[1][up_to]=inf&tiers[1][unit_amount_decimal]=0.25";
  const Json price = Answer(200, "POST", "/v1/prices",
                            "currency=usd&product_data[name]=Seats&recurring[interval]=month"
                            "&billing_scheme=tiered&tiers_mode=graduated" + tiers);
  EXPECT_EQ(price["billing_scheme"], "tiered");
  EXPECT_EQ(price["tiers_mode"], "graduated");
  EXPECT_TRUE(price["unit_amount"].is_null());
  EXPECT_TRUE(price["unit_amount_decimal"].is_null());
  EXPECT_TRUE(price["transform_quantity"].is_null());
  EXPECT_FALSE(price.contains("tiers"));  // includable: only with expand[]=tiers
  const std::string id = price["id"].get<std::string>();
  const Json expanded = Answer(200, "GET", "/v1/prices/" + id + "?expand[]=tiers");
  EXPECT_EQ(expanded["tiers"],
            Json::parse(R"([{"flat_amount":1000,"flat_amount_decimal":"1000","unit_amount":500,
                             "unit_amount_decimal":"500","up_to":5},
                            {"flat_amount":null,"flat_amount_decimal":null,"unit_amount":null,
                             "unit_amount_decimal":"0.25","up_to":null}])"));
  const Json list = Answer(200, "GET", "/v1/prices?expand[]=data.tiers");
  EXPECT_EQ(list["data"][0]["tiers"], expanded["tiers"]);
  ExpectError(400, "GET", "/v1/prices?expand[]=tiers", "", "", "expand");

  // The same price as a plan (the same record), by the plan's names.
  const Json plan = Answer(200, "GET", "/v1/plans/" + id + "?expand[]=tiers");
  EXPECT_TRUE(plan["amount"].is_null());
  EXPECT_EQ(plan["tiers_mode"], "graduated");
  EXPECT_EQ(plan["tiers"], expanded["tiers"]);
  const Json made = Answer(200, "POST", "/v1/plans",
                           "currency=usd&interval=month&product[name]=Seats"
                           "&billing_scheme=tiered&tiers_mode=volume" + tiers);
  EXPECT_EQ(made["tiers_mode"], "volume");
  ExpectError(400, "POST", "/v1/plans",
              "currency=usd&interval=month&product[name]=Seats&billing_scheme=tiered"
              "&tiers_mode=volume&tiers[0][up_to]=inf",
              "", "amount");
  ExpectError(400, "POST", "/v1/prices",
              "currency=usd&product_data[name]=Seats&recurring[interval]=month"
              "&billing_scheme=tiered&tiers_mode=volume&tiers[0][up_to]=5&tiers[0][unit_amount]=1",
              "", "tiers[0][up_to]");

  // transform_quantity on a per-unit price (a plan's transform_usage).
  const Json grouped = Answer(200, "POST", "/v1/prices",
                              "currency=usd&product_data[name]=Seats&unit_amount=1000"
                              "&recurring[interval]=month&transform_quantity[divide_by]=5"
                              "&transform_quantity[round]=up");
  EXPECT_EQ(grouped["transform_quantity"], Json::parse(R"({"divide_by":5,"round":"up"})"));
  EXPECT_EQ(Answer(200, "GET", "/v1/plans/" + grouped["id"].get<std::string>())["transform_usage"],
            grouped["transform_quantity"]);
}

TEST_F(CreditRoutesTest, PlanFixturesAndShape) {
  // The CLI's plan fixture: an inline product.
  const Json plan = Answer(200, "POST", "/v1/plans",
                           "currency=usd&interval=month&amount=2000&product[name]=myproduct");
  EXPECT_EQ(LastEventType("plan.created"), "plan.created");
  EXPECT_EQ(plan["object"], "plan");
  EXPECT_EQ(plan["amount"], 2000);
  EXPECT_EQ(plan["amount_decimal"], "2000");
  EXPECT_EQ(plan["interval"], "month");
  EXPECT_EQ(plan["interval_count"], 1);
  EXPECT_EQ(plan["usage_type"], "licensed");
  EXPECT_EQ(plan["billing_scheme"], "per_unit");
  for (const char* null_field :
       {"meter", "nickname", "tiers_mode", "transform_usage", "trial_period_days"}) {
    ASSERT_TRUE(plan.contains(null_field)) << null_field;
    EXPECT_TRUE(plan[null_field].is_null()) << null_field;
  }
  const std::string id = plan["id"].get<std::string>();
  const std::string product = plan["product"].get<std::string>();
  EXPECT_EQ(Answer(200, "GET", "/v1/plans/" + id), plan);
  EXPECT_EQ(Answer(200, "GET", "/v1/prices/" + id)["object"], "price");

  // The same with the product's id.
  const Json by_id = Answer(200, "POST", "/v1/plans",
                            "currency=usd&interval=year&amount_decimal=100&product=" + product +
                                "&id=yearly");
  EXPECT_EQ(by_id["id"], "yearly");
  EXPECT_EQ(by_id["product"], product);
  EXPECT_EQ(Answer(200, "GET", "/v1/plans?product=" + product)["data"].size(), 2u);

  const Json updated = Answer(200, "POST", "/v1/plans/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  EXPECT_EQ(LastEventType("plan.updated"), "plan.updated");

  const Json deleted = Answer(200, "DELETE", "/v1/plans/" + id);
  EXPECT_EQ(deleted, Json::parse(R"({"id":")" + id + R"(","object":"plan","deleted":true})"));
  EXPECT_EQ(LastEventType("plan.deleted"), "plan.deleted");
  ExpectError(404, "GET", "/v1/plans/" + id, "", "resource_missing", "id");
  ExpectError(400, "POST", "/v1/plans", "currency=usd&interval=month&product[name]=x",
              "parameter_missing", "amount");
  ExpectError(400, "POST", "/v1/plans", "currency=usd&interval=month&amount=1&product=prod_x",
              "resource_missing", "product");
  ExpectError(400, "POST", "/v1/plans", "currency=usd&interval=month&amount=1&product[nom]=x",
              "parameter_unknown", "product[nom]");
}

TEST_F(CreditRoutesTest, CreditNoteFixturesAndShape) {
  // The CLI's credit_note fixtures: a customer, an invoice item, an invoice, finalized.
  const std::string customer =
      Answer(200, "POST", "/v1/customers", "description=x")["id"].get<std::string>();
  Answer(200, "POST", "/v1/invoiceitems", "amount=2000&currency=usd&customer=" + customer);
  const std::string invoice =
      Answer(200, "POST", "/v1/invoices",
             "customer=" + customer + "&pending_invoice_items_behavior=include")["id"]
          .get<std::string>();
  const Json open = Answer(200, "POST", "/v1/invoices/" + invoice + "/finalize");
  const std::string lines =
      "invoice=" + invoice +
      "&lines[0][type]=custom_line_item&lines[0][unit_amount]=1000&lines[0][quantity]=1"
      "&lines[0][description]=(created+by+Stripe+CLI)";
  const Json preview = Answer(200, "GET", "/v1/credit_notes/preview?" + lines);
  EXPECT_EQ(preview["amount"], 1000);
  EXPECT_EQ(Answer(200, "GET", "/v1/credit_notes/preview/lines?" + lines)["data"].size(), 1u);

  const Json note = Answer(200, "POST", "/v1/credit_notes", lines);
  EXPECT_EQ(LastEventType("credit_note.created"), "credit_note.created");
  EXPECT_EQ(note["object"], "credit_note");
  EXPECT_EQ(note["amount"], 1000);
  EXPECT_EQ(note["type"], "pre_payment");
  EXPECT_EQ(note["status"], "issued");
  EXPECT_EQ(note["number"], open["number"].get<std::string>() + "-CN-01");
  EXPECT_EQ(note["lines"]["object"], "list");
  EXPECT_EQ(note["lines"]["data"][0]["object"], "credit_note_line_item");
  for (const char* null_field :
       {"customer_account", "customer_balance_transaction", "memo", "out_of_band_amount",
        "reason", "shipping_cost", "voided_at"}) {
    ASSERT_TRUE(note.contains(null_field)) << null_field;
    EXPECT_TRUE(note[null_field].is_null()) << null_field;
  }
  // From basil on: refunds (none), total_taxes (none), the pre/post payment amounts.
  EXPECT_EQ(note["refunds"], Json::array());
  EXPECT_EQ(note["total_taxes"], Json::array());
  EXPECT_EQ(note["pre_payment_amount"], 1000);
  EXPECT_EQ(note["post_payment_amount"], 0);
  EXPECT_FALSE(note.contains("refund"));
  const std::string id = note["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "GET", "/v1/credit_notes/" + id), note);
  EXPECT_EQ(Answer(200, "GET", "/v1/credit_notes/" + id + "/lines")["data"][0],
            note["lines"]["data"][0]);
  const Json credited = Answer(200, "GET", "/v1/invoices/" + invoice);
  EXPECT_EQ(credited["amount_due"], 1000);
  EXPECT_EQ(credited["pre_payment_credit_notes_amount"], 1000);
  EXPECT_EQ(credited["post_payment_credit_notes_amount"], 0);

  const Json updated = Answer(200, "POST", "/v1/credit_notes/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");
  EXPECT_EQ(LastEventType("credit_note.updated"), "credit_note.updated");
  EXPECT_EQ(Answer(200, "GET", "/v1/credit_notes?invoice=" + invoice)["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/credit_notes?customer=cus_other")["data"].size(), 0u);

  const Json voided = Answer(200, "POST", "/v1/credit_notes/" + id + "/void");
  EXPECT_EQ(voided["status"], "void");
  EXPECT_EQ(LastEventType("credit_note.voided"), "credit_note.voided");
  EXPECT_EQ(Answer(200, "GET", "/v1/invoices/" + invoice)["amount_due"], 2000);

  ExpectError(404, "GET", "/v1/credit_notes/cn_missing", "", "resource_missing", "id");
  ExpectError(400, "POST", "/v1/credit_notes", "amount=5", "parameter_missing", "invoice");
  ExpectError(400, "POST", "/v1/credit_notes", "invoice=" + invoice + "&amount=5000", "",
              "amount");
  ExpectError(400, "POST", "/v1/credit_notes", "invoice=" + invoice + "&refund=re_1",
              "parameter_unknown", "refund");

  // A custom line taxed at its own rate, a date of issue, no email: through the form.
  const std::string rate =
      Answer(200, "POST", "/v1/tax_rates",
             "display_name=VAT&percentage=10&inclusive=false")["id"].get<std::string>();
  const Json taxed = Answer(
      200, "POST", "/v1/credit_notes",
      "invoice=" + invoice +
          "&lines[0][type]=custom_line_item&lines[0][unit_amount]=500"
          "&lines[0][description]=Goodwill&lines[0][tax_rates][0]=" + rate +
          "&effective_at=1700000000&email_type=none");
  EXPECT_EQ(taxed["total"], 550);
  EXPECT_EQ(taxed["total_taxes"][0]["amount"], 50);
  EXPECT_EQ(taxed["lines"]["data"][0]["tax_rates"][0]["id"], rate);
  EXPECT_EQ(taxed["effective_at"], 1700000000);
  ExpectError(400, "POST", "/v1/credit_notes", "invoice=" + invoice + "&amount=5&email_type=x",
              "", "email_type");
}

// A paid invoice's credit note, refunded and credited: its refund (before basil) and the
// customer balance transaction's credit note expand.
TEST_F(CreditRoutesTest, CreditNoteRefundAndBalanceTransactionExpand) {
  for (const std::string version : {"2024-06-20", "2025-03-31.basil"}) {
    const auto call = [&](absl::string_view method, const std::string& path,
                          const std::string& body = "") {
      WireApi::Response r = api_.Handle(
          method, path, {{"Authorization", std::string(kKey)}, {"Stripe-Version", version}}, body);
      EXPECT_EQ(r.status, 200) << method << " " << path << " " << body << "\n" << r.body;
      return Json::parse(r.body);
    };
    const std::string customer =
        call("POST", "/v1/customers", "payment_method=pm_card_visa")["id"].get<std::string>();
    call("POST", "/v1/invoiceitems", "amount=2000&currency=usd&customer=" + customer);
    const std::string invoice =
        call("POST", "/v1/invoices",
             "customer=" + customer + "&pending_invoice_items_behavior=include")["id"]
            .get<std::string>();
    call("POST", "/v1/invoices/" + invoice + "/finalize");
    const std::string pm = call("GET", "/v1/customers/" + customer +
                                           "/payment_methods")["data"][0]["id"]
                               .get<std::string>();
    ASSERT_EQ(call("POST", "/v1/invoices/" + invoice + "/pay", "payment_method=" + pm)["status"],
              "paid");
    const Json note =
        call("POST", "/v1/credit_notes",
             "invoice=" + invoice + "&amount=800&refund_amount=500&credit_amount=300");
    const std::string id = note["id"].get<std::string>();
    const std::string cbtx = note["customer_balance_transaction"].get<std::string>();
    const Json transaction = call(
        "GET", "/v1/customers/" + customer + "/balance_transactions/" + cbtx +
                   "?expand[]=credit_note");
    EXPECT_EQ(transaction["credit_note"]["id"], id) << version;
    EXPECT_EQ(transaction["credit_note"]["object"], "credit_note");
    if (version == "2024-06-20") {
      const Json expanded = call("GET", "/v1/credit_notes/" + id + "?expand[]=refund");
      EXPECT_EQ(expanded["refund"]["object"], "refund");
      EXPECT_EQ(expanded["refund"]["amount"], 500);
    } else {
      EXPECT_EQ(note["refunds"][0]["amount_refunded"], 500);
      WireApi::Response refused = api_.Handle(
          "GET", "/v1/credit_notes/" + id + "?expand[]=refund",
          {{"Authorization", std::string(kKey)}, {"Stripe-Version", version}}, "");
      EXPECT_EQ(refused.status, 400) << refused.body;
    }
  }
}

}  // namespace
}  // namespace wire
}  // namespace paysim
