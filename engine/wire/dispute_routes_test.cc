// The wire door of disputes, early fraud warnings and refund cancel: routes, bracketed
// evidence params, the `created` filter, expand[], shapes (fields present only when set), and
// Stripe's errors for bad input.
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

class DisputeRoutesTest : public ::testing::Test {
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
  // A charge by `source` and its dispute's id.
  std::string Disputed(absl::string_view source) {
    const Json charge = Answer(200, "POST", "/v1/charges",
                               absl::StrCat("amount=1000&currency=usd&source=", source));
    const Json list = Answer(200, "GET",
                             absl::StrCat("/v1/disputes?charge=", charge["id"].get<std::string>()));
    EXPECT_EQ(list["data"].size(), 1u);
    return list["data"].empty() ? "" : list["data"][0]["id"].get<std::string>();
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(DisputeRoutesTest, DisputeShapeAndEvidence) {
  const std::string id = Disputed("tok_createDispute");
  const Json dispute = Answer(200, "GET", "/v1/disputes/" + id);
  EXPECT_EQ(dispute["object"], "dispute");
  EXPECT_TRUE(dispute["evidence"]["uncategorized_text"].is_null());
  EXPECT_EQ(dispute["balance_transactions"][0]["object"], "balance_transaction");
  EXPECT_EQ(dispute["payment_method_details"]["card"]["brand"], "visa");
  const Json updated = Answer(200, "POST", "/v1/disputes/" + id,
                              "evidence[uncategorized_text]=winning_evidence&"
                              "evidence[customer_email_address]=jenny%40example.com&"
                              "metadata[case]=7&submit=true");
  EXPECT_EQ(updated["status"], "under_review");
  EXPECT_EQ(updated["evidence"]["customer_email_address"], "jenny@example.com");
  EXPECT_EQ(updated["metadata"]["case"], "7");
  EXPECT_EQ(Answer(200, "GET", "/v1/disputes/" + id)["status"], "won");
}

TEST_F(DisputeRoutesTest, BadInputIsRefusedAndChangesNothing) {
  const std::string id = Disputed("tok_createDispute");
  const std::string before = Call("GET", "/v1/disputes/" + id).body;
  Json e = Answer(400, "POST", "/v1/disputes/" + id, "evidence[favourite_color]=blue");
  EXPECT_EQ(e["error"]["code"], "parameter_unknown");
  EXPECT_EQ(e["error"]["param"], "evidence[favourite_color]");
  e = Answer(400, "POST", "/v1/disputes/" + id, "evidence[receipt]=file_123");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  EXPECT_EQ(e["error"]["param"], "evidence[receipt]");
  e = Answer(400, "POST", "/v1/disputes/" + id, "submit=maybe");
  EXPECT_EQ(e["error"]["type"], "invalid_request_error");
  e = Answer(400, "POST", "/v1/disputes/" + id + "/close", "reason=because");
  EXPECT_EQ(e["error"]["code"], "parameter_unknown");
  e = Answer(404, "GET", "/v1/disputes/du_nope");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  e = Answer(404, "GET", "/v1/radar/early_fraud_warnings/issfr_nope");
  EXPECT_EQ(e["error"]["code"], "resource_missing");
  e = Answer(400, "GET", "/v1/disputes?created[since]=1");
  EXPECT_EQ(e["error"]["code"], "parameter_unknown");
  EXPECT_EQ(Call("GET", "/v1/disputes/" + id).body, before);
}

TEST_F(DisputeRoutesTest, ListFiltersAndExpand) {
  Disputed("tok_createDispute");
  clock_.Advance(absl::Seconds(5));
  const std::string later = Disputed("tok_createDisputeInquiry");
  const Json list = Answer(200, "GET", "/v1/disputes?created[gte]=1767225605&expand[]=data.charge");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0]["id"], later);
  EXPECT_EQ(list["data"][0]["charge"]["object"], "charge");
  EXPECT_EQ(list["data"][0]["charge"]["disputed"], true);
  EXPECT_EQ(Answer(200, "GET", "/v1/disputes?limit=10")["data"].size(), 2u);
}

TEST_F(DisputeRoutesTest, EarlyFraudWarnings) {
  const Json charge =
      Answer(200, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_createIssuerFraudRecord");
  const Json list = Answer(200, "GET", "/v1/radar/early_fraud_warnings?charge=" +
                                           charge["id"].get<std::string>());
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["url"], "/v1/radar/early_fraud_warnings");
  const Json warning =
      Answer(200, "GET", "/v1/radar/early_fraud_warnings/" + list["data"][0]["id"].get<std::string>());
  EXPECT_EQ(warning["object"], "radar.early_fraud_warning");
  EXPECT_EQ(warning["actionable"], true);
}

TEST_F(DisputeRoutesTest, RefundFailureFieldsOnlyWhenSet) {
  const Json charge =
      Answer(200, "POST", "/v1/charges", "amount=1000&currency=usd&source=tok_pendingRefund");
  const Json refund =
      Answer(200, "POST", "/v1/refunds", "charge=" + charge["id"].get<std::string>());
  EXPECT_EQ(refund["status"], "pending");
  EXPECT_FALSE(refund.contains("failure_reason"));
  EXPECT_FALSE(refund.contains("failure_balance_transaction"));
  const std::string path = "/v1/refunds/" + refund["id"].get<std::string>() + "/cancel";
  const Json canceled = Answer(200, "POST", path);
  EXPECT_EQ(canceled["status"], "canceled");
  EXPECT_EQ(canceled["failure_reason"], "merchant_request");
  const Json again = Answer(400, "POST", path);
  EXPECT_EQ(again["error"]["type"], "invalid_request_error");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
