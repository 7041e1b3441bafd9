// The wire door of top-ups: the Stripe CLI's topup.created fixture, the top-up's JSON shape
// (every field Stripe renders, in order), the clock taking it to succeeded with its balance
// transaction expandable, cancel, the list filters and Stripe's errors.
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
constexpr int64_t kStart = 1767225600;              // 2026-01-01T00:00:00Z, a Thursday
constexpr int64_t kAvailable = kStart + 6 * 86400;  // Wednesday 2026-01-07T00:00:00Z

class TopupRoutesTest : public ::testing::Test {
 protected:
  Json Answer(int status, absl::string_view method, absl::string_view path,
              absl::string_view body = "") {
    WireApi::Response r =
        api_.Handle(method, path, {{"Authorization", std::string(kKey)}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  WireApi api_{&engine_};
};

TEST_F(TopupRoutesTest, TheStripeCliFixtureAndTheShape) {
  const Json topup = Answer(200, "POST", "/v1/topups",
                            "amount=2000&currency=usd&description=%28created+by+Stripe+CLI%29");
  std::vector<std::string> keys;
  for (auto it = topup.begin(); it != topup.end(); ++it) keys.push_back(it.key());
  EXPECT_THAT(keys, ::testing::ElementsAre(
                        "id", "object", "amount", "balance_transaction", "created", "currency",
                        "description", "expected_availability_date", "failure_code",
                        "failure_message", "livemode", "metadata", "payment_method",
                        "payment_method_options", "source", "statement_descriptor", "status",
                        "transfer_group"));
  EXPECT_EQ(topup["object"], "topup");
  EXPECT_EQ(topup["status"], "pending");
  EXPECT_EQ(topup["amount"], 2000);
  EXPECT_EQ(topup["created"], kStart);
  EXPECT_EQ(topup["expected_availability_date"], kAvailable);
  EXPECT_TRUE(topup["balance_transaction"].is_null());
  EXPECT_TRUE(topup["source"].is_null());
  const Json events = Answer(200, "GET", "/v1/events?type=topup.created");
  ASSERT_EQ(events["data"].size(), 1u);
  EXPECT_EQ(events["data"][0]["data"]["object"]["id"], topup["id"]);
}

TEST_F(TopupRoutesTest, SucceedsOnTheClockWithAnExpandableBalanceTransaction) {
  const Json topup = Answer(200, "POST", "/v1/topups",
                            "amount=5000&currency=usd&metadata[batch]=7&transfer_group=g1");
  const std::string path = "/v1/topups/" + topup["id"].get<std::string>();
  clock_.SetTime(absl::FromUnixSeconds(kAvailable));
  const Json succeeded = Answer(200, "GET", path + "?expand[]=balance_transaction");
  EXPECT_EQ(succeeded["status"], "succeeded");
  EXPECT_EQ(succeeded["transfer_group"], "g1");
  EXPECT_EQ(succeeded["metadata"]["batch"], "7");
  EXPECT_EQ(succeeded["balance_transaction"]["type"], "topup");
  EXPECT_EQ(succeeded["balance_transaction"]["amount"], 5000);
  EXPECT_EQ(Answer(200, "GET", "/v1/balance")["available"][0]["amount"], 5000);
  EXPECT_EQ(Answer(200, "GET", "/v1/topups?status=succeeded")["data"].size(), 1u);
  EXPECT_EQ(Answer(200, "GET", "/v1/topups?amount[lt]=5000")["data"].size(), 0u);
  const Json refused = Answer(400, "POST", path + "/cancel");
  EXPECT_EQ(refused["error"]["type"], "invalid_request_error");
}

TEST_F(TopupRoutesTest, CancelAndUpdate) {
  const Json topup = Answer(200, "POST", "/v1/topups", "amount=2000&currency=usd");
  const std::string path = "/v1/topups/" + topup["id"].get<std::string>();
  EXPECT_EQ(Answer(200, "POST", path, "description=reason")["description"], "reason");
  EXPECT_EQ(Answer(200, "POST", path + "/cancel")["status"], "canceled");
  const Json error = Answer(400, "POST", path, "amount=3000");
  EXPECT_EQ(error["error"]["code"], "parameter_unknown");
  EXPECT_EQ(Answer(404, "GET", "/v1/topups/tu_missing")["error"]["code"], "resource_missing");
}

}  // namespace
}  // namespace wire
}  // namespace paysim
