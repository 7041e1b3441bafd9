// The wire door of payouts: the Stripe CLI's payout fixtures (a bypassPending payment, then
// POST /v1/payouts, then a metadata update), the payout's JSON shape, cancel, the list filters
// (status, destination, arrival_date, created), expand[], the balance, and Stripe's errors.
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
constexpr int64_t kStart = 1767225600;         // 2026-01-01T00:00:00Z, a Thursday
constexpr int64_t kArrival = kStart + 4 * 86400;  // Monday 2026-01-05T00:00:00Z

class PayoutRoutesTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "") {
    return api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
  }
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }
  // The Stripe CLI's first fixture: a PaymentIntent paid by pm_card_bypassPending.
  void Fund() {
    Answer(200, "POST", "/v1/payment_intents",
           "amount=2000&confirm=true&currency=usd&description=%28created+by+Stripe+CLI%29&"
           "payment_method=pm_card_bypassPending&payment_method_types[]=card");
  }
  int64_t Available() {
    return Answer(200, "GET", "/v1/balance")["available"][0]["amount"].get<int64_t>();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(PayoutRoutesTest, StripeCliFixturesAndShape) {
  Fund();
  const int64_t before = Available();
  const Json payout = Answer(200, "POST", "/v1/payouts",
                             "amount=1100&currency=usd&description=%28created+by+Stripe+CLI%29");
  EXPECT_EQ(payout["object"], "payout");
  EXPECT_EQ(payout["status"], "pending");
  EXPECT_EQ(payout["amount"], 1100);
  EXPECT_EQ(payout["arrival_date"], kArrival);
  EXPECT_EQ(payout["automatic"], false);
  EXPECT_EQ(payout["created"], kStart);
  EXPECT_EQ(payout["description"], "(created by Stripe CLI)");
  EXPECT_EQ(payout["destination"], "ba_1PaysimDefaultBankAcct");
  EXPECT_EQ(payout["livemode"], false);
  EXPECT_EQ(payout["method"], "standard");
  EXPECT_EQ(payout["reconciliation_status"], "not_applicable");
  EXPECT_EQ(payout["source_type"], "card");
  EXPECT_EQ(payout["type"], "bank_account");
  EXPECT_EQ(payout["metadata"], Json::object());
  EXPECT_EQ(payout["trace_id"]["status"], "unsupported");
  EXPECT_TRUE(payout["trace_id"]["value"].is_null());
  for (const char* null_field :
       {"application_fee", "application_fee_amount", "failure_balance_transaction",
        "failure_code", "failure_message", "original_payout", "payout_method", "reversed_by",
        "statement_descriptor"}) {
    ASSERT_TRUE(payout.contains(null_field)) << null_field;
    EXPECT_TRUE(payout[null_field].is_null()) << null_field;
  }
  EXPECT_EQ(Available(), before - 1100);

  const std::string id = payout["id"].get<std::string>();
  const Json updated = Answer(200, "POST", "/v1/payouts/" + id, "metadata[foo]=bar");
  EXPECT_EQ(updated["metadata"]["foo"], "bar");

  const Json events = Answer(200, "GET", "/v1/events?limit=2");
  EXPECT_EQ(events["data"][0]["type"], "payout.updated");
  EXPECT_EQ(events["data"][0]["data"]["object"]["id"], id);
  EXPECT_EQ(events["data"][0]["data"]["previous_attributes"]["metadata"]["foo"], nullptr);
  EXPECT_EQ(events["data"][1]["type"], "payout.created");
}

TEST_F(PayoutRoutesTest, ExpandsTheBalanceTransactions) {
  Fund();
  const Json payout = Answer(200, "POST", "/v1/payouts",
                             "amount=500&currency=usd&expand[]=balance_transaction");
  EXPECT_EQ(payout["balance_transaction"]["type"], "payout");
  EXPECT_EQ(payout["balance_transaction"]["amount"], -500);
  EXPECT_EQ(payout["balance_transaction"]["source"], payout["id"]);
  const std::string id = payout["id"].get<std::string>();
  const Json canceled = Answer(200, "POST", absl::StrCat("/v1/payouts/", id, "/cancel"),
                               "expand[]=failure_balance_transaction");
  EXPECT_EQ(canceled["status"], "canceled");
  EXPECT_EQ(canceled["failure_balance_transaction"]["type"], "payout_cancel");
  EXPECT_EQ(canceled["failure_balance_transaction"]["amount"], 500);
  const Json txns = Answer(200, "GET", "/v1/balance_transactions?limit=2");
  EXPECT_EQ(txns["data"][0]["type"], "payout_cancel");
  EXPECT_EQ(txns["data"][1]["type"], "payout");
}

TEST_F(PayoutRoutesTest, FailsOnTheClockThroughATestBankAccount) {
  Fund();
  const int64_t before = Available();
  const std::string id =
      Answer(200, "POST", "/v1/payouts",
             "amount=700&currency=usd&destination=btok_us_verified_accountClosed")["id"]
          .get<std::string>();
  clock_.SetTime(absl::FromUnixSeconds(kArrival - 1));
  EXPECT_EQ(Answer(200, "GET", "/v1/payouts/" + id)["status"], "in_transit");
  clock_.SetTime(absl::FromUnixSeconds(kArrival));
  const Json failed = Answer(200, "GET", "/v1/payouts/" + id);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_EQ(failed["failure_code"], "account_closed");
  EXPECT_EQ(failed["failure_message"], "The bank account has been closed.");
  EXPECT_EQ(Available(), before);
  const Json events = Answer(200, "GET", "/v1/events?limit=2");
  EXPECT_EQ(events["data"][0]["type"], "payout.failed");
  EXPECT_EQ(events["data"][1]["type"], "payout.updated");
  EXPECT_EQ(events["data"][1]["data"]["previous_attributes"]["status"], "in_transit");
  EXPECT_TRUE(events["data"][1]["data"]["previous_attributes"]["failure_code"].is_null());
}

TEST_F(PayoutRoutesTest, ListFilters) {
  Fund();
  const std::string a =
      Answer(200, "POST", "/v1/payouts", "amount=100&currency=usd")["id"].get<std::string>();
  clock_.SetTime(absl::FromUnixSeconds(kStart + 86400));
  const std::string b =
      Answer(200, "POST", "/v1/payouts", "amount=100&currency=usd")["id"].get<std::string>();
  Answer(200, "POST", absl::StrCat("/v1/payouts/", b, "/cancel"));
  Json list = Answer(200, "GET", "/v1/payouts");
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], "/v1/payouts");
  ASSERT_EQ(list["data"].size(), 2u);
  EXPECT_EQ(list["data"][0]["id"], b);
  list = Answer(200, "GET", "/v1/payouts?status=canceled");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], b);
  list = Answer(200, "GET", absl::StrCat("/v1/payouts?arrival_date=", kArrival));
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], a);
  list = Answer(200, "GET", absl::StrCat("/v1/payouts?arrival_date[gt]=", kArrival));
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], b);
  list = Answer(200, "GET", absl::StrCat("/v1/payouts?created[lte]=", kStart));
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], a);
  list = Answer(200, "GET", "/v1/payouts?destination=ba_1PaysimDefaultBankAcct&limit=1");
  EXPECT_EQ(list["has_more"], true);
}

TEST_F(PayoutRoutesTest, StripesErrors) {
  Json e = Answer(400, "POST", "/v1/payouts", "amount=1100&currency=usd");
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  EXPECT_EQ(e["error"]["code"], "balance_insufficient");
  EXPECT_FALSE(e["error"].contains("param"));
  Fund();
  e = Answer(400, "POST", "/v1/payouts", "currency=usd");
  EXPECT_EQ(e["error"]["code"], "parameter_missing");
  EXPECT_EQ(e["error"]["param"], "amount");
  e = Answer(400, "POST", "/v1/payouts", "amount=100&currency=usd&color=blue");
  EXPECT_EQ(e["error"]["code"], "parameter_unknown");
  e = Answer(400, "POST", "/v1/payouts", "amount=100&currency=usd&destination=ba_nope");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  EXPECT_EQ(e["error"]["param"], "destination");
  e = Answer(404, "GET", "/v1/payouts/po_nope");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  e = Answer(400, "POST", "/v1/payouts/po_nope", "amount=5");
  EXPECT_EQ(e["error"]["code"], "parameter_unknown");
  EXPECT_EQ(Answer(200, "GET", "/v1/payouts")["data"].size(), 0u);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
