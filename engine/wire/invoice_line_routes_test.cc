// The wire door of a draft invoice's lines: POST /v1/invoices/{id}/add_lines (a pending item
// or a new one), POST /v1/invoices/{id}/lines/{line_id} and .../update_lines (the lines'
// invoice items change), POST /v1/invoices/{id}/remove_lines (delete or unassign) and their
// `invoice_metadata`, with Stripe's errors (type, code, param under `lines[i]`, HTTP status;
// nothing changed).
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

class InvoiceLineRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  void ExpectError(int status, absl::string_view path, absl::string_view body,
                   absl::string_view code, absl::string_view param) {
    const Json error = Answer(status, "POST", path, body)["error"];
    EXPECT_EQ(error["type"], "invalid_request_error") << body;
    if (!code.empty()) EXPECT_EQ(error["code"], std::string(code)) << body;
    EXPECT_EQ(error.value("param", ""), std::string(param)) << body << "\n" << error.dump();
  }
  void SetUp() override {
    customer_ = Answer(200, "POST", "/v1/customers", "email=jenny%40example.com")["id"];
    draft_ = Answer(200, "POST", "/v1/invoices", "customer=" + customer_)["id"];
  }
  std::string NewItem(int64_t amount) {
    return Answer(200, "POST", "/v1/invoiceitems",
                  absl::StrCat("customer=", customer_, "&amount=", amount, "&currency=usd"))["id"];
  }
  Json Draft() { return Answer(200, "GET", "/v1/invoices/" + draft_); }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
  std::string customer_;
  std::string draft_;
};

TEST_F(InvoiceLineRoutesTest, AddUpdateAndRemoveLines) {
  const std::string pending = NewItem(500);
  EXPECT_EQ(Draft()["lines"]["data"].size(), 0u);

  // A pending item and a new one, in the order given.
  const Json added = Answer(200, "POST", "/v1/invoices/" + draft_ + "/add_lines",
                            "lines[0][invoice_item]=" + pending +
                                "&lines[1][amount]=700&lines[1][description]=Extra"
                                "&lines[1][metadata][k]=v");
  ASSERT_EQ(added["lines"]["data"].size(), 2u);
  EXPECT_EQ(added["amount_due"], 1200);
  const Json& first = added["lines"]["data"][0];
  const Json& second = added["lines"]["data"][1];
  EXPECT_EQ(first["parent"]["invoice_item_details"]["invoice_item"], pending);
  EXPECT_EQ(second["description"], "Extra");
  EXPECT_EQ(second["metadata"]["k"], "v");
  const std::string made = second["parent"]["invoice_item_details"]["invoice_item"];
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems/" + pending)["invoice"], draft_);
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems/" + made)["invoice"], draft_);

  // A line's change is its item's.
  const std::string first_id = first["id"];
  const Json line = Answer(200, "POST", "/v1/invoices/" + draft_ + "/lines/" + first_id,
                           "amount=900&description=Changed");
  EXPECT_EQ(line["object"], "line_item");
  EXPECT_EQ(line["id"], first_id);
  EXPECT_EQ(line["amount"], 900);
  EXPECT_EQ(line["description"], "Changed");
  EXPECT_EQ(Answer(200, "GET", "/v1/invoiceitems/" + pending)["amount"], 900);
  EXPECT_EQ(Draft()["amount_due"], 1600);
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=invoiceitem.updated&limit=1")["data"][0]["data"]
                ["object"]["id"],
            pending);

  // Unassign one (pending again), delete the other.
  const std::string second_id = second["id"];
  const Json removed = Answer(200, "POST", "/v1/invoices/" + draft_ + "/remove_lines",
                              "lines[0][id]=" + first_id + "&lines[0][behavior]=unassign" +
                                  "&lines[1][id]=" + second_id + "&lines[1][behavior]=delete");
  EXPECT_EQ(removed["lines"]["data"].size(), 0u);
  EXPECT_EQ(removed["amount_due"], 0);
  EXPECT_TRUE(Answer(200, "GET", "/v1/invoiceitems/" + pending)["invoice"].is_null());
  Answer(404, "GET", "/v1/invoiceitems/" + made);
  EXPECT_EQ(Answer(200, "GET", "/v1/events?type=invoiceitem.deleted&limit=1")["data"][0]["data"]
                ["object"]["id"],
            made);
}

TEST_F(InvoiceLineRoutesTest, StripeErrorsChangeNothing) {
  const std::string path = "/v1/invoices/" + draft_;
  ExpectError(400, path + "/add_lines", "", "parameter_missing", "lines");
  ExpectError(400, path + "/add_lines", "lines[0][description]=x", "parameter_missing",
              "lines[0][amount]");
  ExpectError(400, path + "/add_lines", "lines[0][amount]=100&lines[0][quantity]=-1",
              "parameter_invalid_integer", "lines[0][quantity]");
  ExpectError(400, path + "/add_lines", "lines[0][pricing][price]=price_nope",
              "resource_missing", "lines[0][pricing][price]");
  ExpectError(400, path + "/add_lines", "lines[0][invoice_item]=ii_nope", "resource_missing",
              "lines[0][invoice_item]");
  // All or nothing: the second line is refused, so the first is not added.
  ExpectError(400, path + "/add_lines",
              "lines[0][amount]=100&lines[1][amount]=100&lines[1][period][start]=5"
              "&lines[1][period][end]=4",
              "", "lines[1][period][end]");
  const std::string pending = NewItem(500);
  ExpectError(400, path + "/add_lines",
              "lines[0][invoice_item]=" + pending + "&lines[1][invoice_item]=" + pending, "",
              "lines[1][invoice_item]");
  EXPECT_EQ(Draft()["lines"]["data"].size(), 0u);
  EXPECT_TRUE(Answer(200, "GET", "/v1/invoiceitems/" + pending)["invoice"].is_null());

  ExpectError(400, path + "/remove_lines", "", "parameter_missing", "lines");
  ExpectError(400, path + "/remove_lines", "lines[0][id]=il_nope&lines[0][behavior]=delete",
              "resource_missing", "lines[0][id]");
  Answer(200, "POST", path + "/add_lines", "lines[0][invoice_item]=" + pending);
  const std::string line = Draft()["lines"]["data"][0]["id"];
  ExpectError(400, path + "/remove_lines", "lines[0][id]=" + line, "parameter_missing",
              "lines[0][behavior]");
  ExpectError(400, path + "/remove_lines", "lines[0][id]=" + line + "&lines[0][behavior]=drop",
              "", "lines[0][behavior]");
  ExpectError(400, path + "/lines/" + line, "quantity=-2", "parameter_invalid_integer",
              "quantity");
  ExpectError(404, path + "/lines/il_nope", "amount=1", "resource_missing", "id");
  EXPECT_EQ(Draft()["lines"]["data"].size(), 1u);
  EXPECT_EQ(Draft()["amount_due"], 500);

  // Once finalized, the lines stay.
  Answer(200, "POST", path + "/finalize");
  ExpectError(400, path + "/add_lines", "lines[0][amount]=100", "", "");
  ExpectError(400, path + "/remove_lines", "lines[0][id]=" + line + "&lines[0][behavior]=delete",
              "", "");
  ExpectError(400, path + "/lines/" + line, "amount=1", "", "");
  EXPECT_EQ(Answer(200, "GET", path)["amount_due"], 500);
}

TEST_F(InvoiceLineRoutesTest, UpdateLinesChangesSeveralAndTheInvoicesMetadata) {
  const Json added = Answer(200, "POST", "/v1/invoices/" + draft_ + "/add_lines",
                            "lines[0][amount]=100&lines[1][amount]=200"
                            "&invoice_metadata[order]=42");
  EXPECT_EQ(added["metadata"]["order"], "42");
  const std::string a = added["lines"]["data"][0]["id"];
  const std::string b = added["lines"]["data"][1]["id"];
  const std::string path = "/v1/invoices/" + draft_ + "/update_lines";
  // All or nothing: the second line's quantity is refused, the first keeps its amount.
  ExpectError(400, path,
              "lines[0][id]=" + a + "&lines[0][amount]=150&lines[1][id]=" + b +
                  "&lines[1][quantity]=-1",
              "parameter_invalid_integer", "lines[1][quantity]");
  ExpectError(400, path, "lines[0][amount]=1", "parameter_missing", "lines[0][id]");
  ExpectError(400, path,
              "lines[0][id]=" + a + "&lines[0][amount]=1&lines[1][id]=" + a +
                  "&lines[1][amount]=2",
              "", "lines[1][id]");
  ExpectError(400, path, "lines[0][id]=" + a + "&invoice_metadata[" + std::string(41, 'k') +
                             "]=v",
              "", "invoice_metadata[" + std::string(41, 'k') + "]");
  EXPECT_EQ(Draft()["amount_due"], 300);

  const Json updated = Answer(200, "POST", path,
                              "lines[0][id]=" + a + "&lines[0][amount]=150&lines[1][id]=" + b +
                                  "&lines[1][description]=Two&invoice_metadata[order]=" +
                                  "&invoice_metadata[team]=ops");
  EXPECT_EQ(updated["amount_due"], 350);
  EXPECT_EQ(updated["lines"]["data"][1]["description"], "Two");
  EXPECT_FALSE(updated["metadata"].contains("order"));  // an empty value removes it
  EXPECT_EQ(updated["metadata"]["team"], "ops");
  const Json removed = Answer(200, "POST", "/v1/invoices/" + draft_ + "/remove_lines",
                              "lines[0][id]=" + a + "&lines[0][behavior]=delete" +
                                  "&invoice_metadata[team]=");
  EXPECT_EQ(removed["lines"]["data"].size(), 1u);
  EXPECT_TRUE(removed["metadata"].empty());
}

TEST_F(InvoiceLineRoutesTest, ASubscriptionsOwnLineIsNotAnItem) {
  const std::string price =
      Answer(200, "POST", "/v1/prices",
             "currency=usd&unit_amount=1000&product_data[name]=Pro&recurring[interval]=month")
          ["id"];
  const Json sub =
      Answer(200, "POST", "/v1/subscriptions",
             "customer=" + customer_ + "&items[0][price]=" + price +
                 "&collection_method=send_invoice&days_until_due=7");
  const std::string invoice = sub["latest_invoice"];
  const Json lines = Answer(200, "GET", "/v1/invoices/" + invoice + "/lines");
  const std::string line = lines["data"][0]["id"];
  const Json error =
      Answer(400, "POST", "/v1/invoices/" + invoice + "/lines/" + line, "amount=1")["error"];
  EXPECT_EQ(error["type"], "invalid_request_error");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
