// ClockHelpers: the clock test helpers through WireApi's one pipeline, and clock advances that
// deliver webhooks (retries included) at their own times.
#include "engine/wire/clock_helpers.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/simulated_clock.h"
#include "engine/webhooks/fake_transport.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/webhook_signature.h"

namespace paysim {
namespace wire {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr absl::string_view kKey = "Bearer sk_test_123";

std::string Header(const WireApi::Response& r, absl::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

class ClockHelpersTest : public ::testing::Test {
 protected:
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "", WireApi::Headers headers = {}) {
    headers.insert(headers.begin(), {"Authorization", std::string(kKey)});
    return api_.Handle(method, path, headers, body);
  }

  Json Ok(absl::string_view method, absl::string_view path, absl::string_view body = "",
          WireApi::Headers headers = {}) {
    WireApi::Response r = Call(method, path, body, std::move(headers));
    EXPECT_EQ(r.status, 200) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  Json Error(int status, absl::string_view method, absl::string_view path,
             absl::string_view body = "") {
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body)["error"];
  }

  static int64_t SignedAt(const webhooks::WebhookRequest& request) {
    for (const auto& [key, value] : request.headers) {
      if (key != "Stripe-Signature") continue;
      for (absl::string_view item : absl::StrSplit(value, ',')) {
        int64_t t;
        if (absl::ConsumePrefix(&item, "t=") && absl::SimpleAtoi(item, &t)) return t;
      }
    }
    return -1;
  }

  SimulatedClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  webhooks::FakeTransport transport_;
  webhooks::WebhookEndpoints webhooks_{&engine_, &transport_};
  ClockHelpers helpers_{&engine_, &clock_, &webhooks_};
  WireApi api_{&engine_, {helpers_.Routes()}};
  const int64_t t0_ = absl::ToUnixSeconds(clock_.Now());
};

TEST_F(ClockHelpersTest, TheClockRendersAsBefore) {
  WireApi::Response r = Call("GET", "/v1/test_helpers/clock");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, absl::StrCat("{\n  \"object\": \"test_helpers.paysim_clock\",\n"
                                 "  \"frozen_time\": ",
                                 t0_, "\n}"));
}

TEST_F(ClockHelpersTest, GoesThroughThePreambleOfEveryRoute) {
  WireApi::Response r = api_.Handle("GET", "/v1/test_helpers/clock", {}, "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Json::parse(r.body)["error"]["type"], "invalid_request_error");
  r = Call("GET", "/v1/test_helpers/clock", "", {{"Stripe-Version", "bogus"}});
  EXPECT_EQ(r.status, 400);
  r = Call("GET", "/v1/test_helpers/clock", "", {{"Stripe-Version", "2024-06-20"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Stripe-Version"), "2024-06-20");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  // One Request-Id sequence for the engine's routes and the server's.
  EXPECT_EQ(Header(r, "Request-Id"), "req_00000000000003");
  EXPECT_EQ(Header(Call("GET", "/v1/balance"), "Request-Id"), "req_00000000000004");
  EXPECT_EQ(Error(400, "GET", "/v1/test_helpers/clock?foo=1")["code"], "parameter_unknown");
  EXPECT_EQ(Error(400, "GET", "/v1/test_helpers/clock?expand[]=frozen_time")["message"],
            "This property cannot be expanded (frozen_time).");
  EXPECT_EQ(Error(404, "GET", "/v1/test_helpers/clock/advance")["type"], "invalid_request_error");
  // This WireApi was given no webhook endpoint routes.
  EXPECT_EQ(Error(404, "GET", "/v1/webhook_endpoints")["type"], "invalid_request_error");
}

TEST_F(ClockHelpersTest, Advance) {
  EXPECT_EQ(Ok("POST", "/v1/test_helpers/clock/advance", "seconds=60")["frozen_time"], t0_ + 60);
  EXPECT_EQ(Ok("POST", "/v1/test_helpers/clock/advance?to=" + std::to_string(t0_ + 3600))
                ["frozen_time"],
            t0_ + 3600);
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 3600));
  EXPECT_EQ(Ok("GET", "/v1/test_helpers/clock")["frozen_time"], t0_ + 3600);

  EXPECT_EQ(Error(400, "POST", "/v1/test_helpers/clock/advance")["param"], "seconds");
  EXPECT_EQ(Error(400, "POST", "/v1/test_helpers/clock/advance", "seconds=0")["param"], "seconds");
  EXPECT_EQ(Error(400, "POST", "/v1/test_helpers/clock/advance", "seconds=abc")["code"],
            "parameter_invalid_integer");
  EXPECT_EQ(Error(400, "POST", "/v1/test_helpers/clock/advance",
                  absl::StrCat("to=", t0_ + 3600))["param"],
            "to");  // not after now
  EXPECT_EQ(Error(400, "POST", "/v1/test_helpers/clock/advance", "seconds=1&to=1")["param"], "to");
  EXPECT_EQ(Error(400, "POST", "/v1/test_helpers/clock/advance",
                  absl::StrCat("seconds=", 3 * 365 * 86400))["param"],
            "seconds");
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 3600));  // errors moved nothing
}

TEST_F(ClockHelpersTest, AnIdempotentAdvanceReplaysWithoutMovingTheClockAgain) {
  const WireApi::Headers key = {{"Idempotency-Key", "advance-1"}};
  WireApi::Response first = Call("POST", "/v1/test_helpers/clock/advance", "seconds=60", key);
  WireApi::Response second = Call("POST", "/v1/test_helpers/clock/advance", "seconds=60", key);
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(Header(first, "Idempotent-Replayed"), "<absent>");
  EXPECT_EQ(Header(second, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Header(second, "Idempotency-Key"), "advance-1");
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 60));

  WireApi::Response other = Call("POST", "/v1/test_helpers/clock/advance", "seconds=61", key);
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(Json::parse(other.body)["error"]["type"], "idempotency_error");
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 60));

  // A refused advance is not remembered: the key is still free for a good one.
  const WireApi::Headers fresh = {{"Idempotency-Key", "advance-2"}};
  EXPECT_EQ(Call("POST", "/v1/test_helpers/clock/advance", "seconds=0", fresh).status, 400);
  EXPECT_EQ(Call("POST", "/v1/test_helpers/clock/advance", "seconds=5", fresh).status, 200);
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 65));
}

TEST_F(ClockHelpersTest, AdvanceToForCppCallers) {
  EXPECT_TRUE(helpers_.AdvanceTo(absl::FromUnixSeconds(t0_ + 10)).ok());
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 10));
  absl::Status backwards = helpers_.AdvanceTo(absl::FromUnixSeconds(t0_), "at");
  EXPECT_THAT(std::string(backwards.message()), HasSubstr("Invalid at: the clock only moves"));
  EXPECT_FALSE(helpers_.AdvanceTo(absl::FromUnixSeconds(t0_ + 10) + kMaxClockAdvance +
                                  absl::Seconds(1))
                   .ok());
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 10));
}

TEST(ClockHelpersSystemClockTest, CannotBeAdvanced) {
  Engine engine;  // SystemClock
  ClockHelpers helpers(&engine, /*clock=*/nullptr);
  WireApi api(&engine, {helpers.Routes()});
  WireApi::Response r = api.Handle("POST", "/v1/test_helpers/clock/advance",
                                   {{"Authorization", std::string(kKey)}}, "seconds=60");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(Json::parse(r.body)["error"]["message"].get<std::string>(),
              HasSubstr("system clock"));
  r = api.Handle("GET", "/v1/test_helpers/clock", {{"Authorization", std::string(kKey)}}, "");
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(helpers.AdvanceTo(engine.Now() + absl::Seconds(1)).ok());
}

TEST_F(ClockHelpersTest, AnAdvanceRunsEveryRetryAtItsOwnTime) {
  webhooks::WebhookEndpointCreateParams params;
  params.set_url("http://127.0.0.1:9/hook");
  params.add_enabled_events("charge.succeeded");
  ASSERT_TRUE(webhooks_.Create(params).ok());
  transport_.set_status(500);
  Ok("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa");
  Ok("POST", "/v1/test_helpers/clock/advance", "seconds=18000");  // 5 hours
  std::vector<int64_t> signed_at;
  for (const webhooks::WebhookRequest& r : transport_.requests()) signed_at.push_back(SignedAt(r));
  EXPECT_THAT(signed_at, ElementsAre(t0_, t0_ + 60, t0_ + 60 + 3600, t0_ + 60 + 3600 + 3 * 3600));
  EXPECT_EQ(webhooks_.pending(), 0u);
}

TEST_F(ClockHelpersTest, AnAdvanceFiresTimersAndDeliversTheirEvents) {
  webhooks::WebhookEndpointCreateParams params;
  params.set_url("http://127.0.0.1:9/hook");
  params.add_enabled_events("charge.expired");
  absl::StatusOr<webhooks::WebhookEndpoint> endpoint = webhooks_.Create(params);
  ASSERT_TRUE(endpoint.ok());
  Json charge = Ok("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa&capture=false");
  Ok("POST", "/v1/test_helpers/clock/advance", "seconds=604800");  // 7 days: the hold expires
  const std::vector<webhooks::WebhookRequest> requests = transport_.requests();
  ASSERT_EQ(requests.size(), 1u);
  Json event = Json::parse(requests[0].body);
  EXPECT_EQ(event["type"], "charge.expired");
  EXPECT_EQ(event["data"]["object"]["id"], charge["id"]);
  EXPECT_EQ(SignedAt(requests[0]), t0_ + 604800);
  std::string header;
  for (const auto& [key, value] : requests[0].headers) {
    if (key == "Stripe-Signature") header = value;
  }
  EXPECT_TRUE(
      testing::VerifySignature(requests[0].body, header, endpoint->secret(), clock_.Now()).ok());
}

}  // namespace
}  // namespace wire
}  // namespace paysim
