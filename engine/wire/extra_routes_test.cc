// ExtraRoutes: the clock test helpers and /v1/webhook_endpoints over the wire, with WireApi's
// checks, and clock advances that deliver webhooks (retries included) at their own times.
#include "engine/wire/extra_routes.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/webhooks/fake_transport.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/webhook_signature.h"

namespace paysim {
namespace wire {
namespace {

using ::testing::ElementsAre;

constexpr absl::string_view kKey = "Bearer sk_test_123";

class ExtraRoutesTest : public ::testing::Test {
 protected:
  // Through ExtraRoutes, then WireApi for what it does not claim (as `paysim serve` does).
  WireApi::Response Call(absl::string_view method, absl::string_view path,
                         absl::string_view body = "", WireApi::Headers headers = {{"Authorization", std::string(kKey)}}) {
    absl::optional<WireApi::Response> r = extra_.Handle(method, path, headers, body);
    return r.has_value() ? *r : api_.Handle(method, path, headers, body);
  }

  Json Ok(absl::string_view method, absl::string_view path, absl::string_view body = "") {
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body);
  }

  Json Error(int status, absl::string_view method, absl::string_view path,
             absl::string_view body = "") {
    WireApi::Response r = Call(method, path, body);
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body)["error"];
  }

  static std::string Header(const WireApi::Response& r, absl::string_view name) {
    for (const auto& [key, value] : r.headers) {
      if (key == name) return value;
    }
    return "<absent>";
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

  testing::FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  webhooks::FakeTransport transport_;
  webhooks::WebhookEndpoints webhooks_{&engine_, &transport_};
  WireApi api_{&engine_};
  ExtraRoutes extra_{{.engine = &engine_, .clock = &clock_, .webhooks = &webhooks_}};
  const int64_t t0_ = absl::ToUnixSeconds(clock_.Now());
};

TEST_F(ExtraRoutesTest, ClaimsOnlyItsOwnRoutes) {
  const WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
  for (auto [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"POST", "/v1/charges"},
           {"GET", "/v1/test_helpers/clock/advance"},
           {"PUT", "/v1/webhook_endpoints"},
           {"POST", "/v1/test_helpers/payment_intents/pi_1/authenticate"},
           {"GET", "/v1/webhook_endpoints/we_1/extra"},
           {"GET", "/v1/webhook_endpoints/"},
       }) {
    EXPECT_EQ(extra_.Handle(method, path, headers, ""), absl::nullopt) << method << " " << path;
  }
  ExtraRoutes no_webhooks({.engine = &engine_, .clock = &clock_});
  EXPECT_EQ(no_webhooks.Handle("GET", "/v1/webhook_endpoints", headers, ""), absl::nullopt);
  EXPECT_NE(no_webhooks.Handle("GET", "/v1/test_helpers/clock", headers, ""), absl::nullopt);
}

TEST_F(ExtraRoutesTest, ChecksTheKeyAndVersionAsWireApiDoes) {
  WireApi::Response r = Call("GET", "/v1/webhook_endpoints", "", {});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Json::parse(r.body)["error"]["type"], "invalid_request_error");
  r = Call("GET", "/v1/test_helpers/clock", "",
           {{"Authorization", std::string(kKey)}, {"Stripe-Version", "bogus"}});
  EXPECT_EQ(r.status, 400);
  r = Call("GET", "/v1/test_helpers/clock", "",
           {{"Authorization", std::string(kKey)}, {"Stripe-Version", "2024-06-20"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Header(r, "Stripe-Version"), "2024-06-20");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_EQ(Header(r, "Request-Id"), "req_X0000000000003");
  EXPECT_EQ(Error(400, "GET", "/v1/webhook_endpoints?foo=1")["code"], "parameter_unknown");
}

TEST_F(ExtraRoutesTest, Clock) {
  EXPECT_EQ(Ok("GET", "/v1/test_helpers/clock"),
            Json::parse(absl::StrCat(R"({"object": "test_helpers.paysim_clock", "frozen_time": )",
                                     t0_, "}")));
  EXPECT_EQ(Ok("POST", "/v1/test_helpers/clock/advance", "seconds=60")["frozen_time"], t0_ + 60);
  EXPECT_EQ(Ok("POST", "/v1/test_helpers/clock/advance?to=" + std::to_string(t0_ + 3600))
                ["frozen_time"],
            t0_ + 3600);
  EXPECT_EQ(clock_.Now(), absl::FromUnixSeconds(t0_ + 3600));

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

TEST_F(ExtraRoutesTest, SystemClockCannotBeAdvanced) {
  Engine engine;  // SystemClock
  ExtraRoutes extra({.engine = &engine});
  absl::optional<WireApi::Response> r =
      extra.Handle("POST", "/v1/test_helpers/clock/advance",
                   {{"Authorization", std::string(kKey)}}, "seconds=60");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(Json::parse(r->body)["error"]["message"].get<std::string>(),
              ::testing::HasSubstr("system clock"));
}

TEST_F(ExtraRoutesTest, WebhookEndpointLifecycle) {
  Json created = Ok("POST", "/v1/webhook_endpoints",
                    "url=http%3A%2F%2F127.0.0.1%3A4242%2Fhook&enabled_events[]=charge.succeeded"
                    "&enabled_events[]=charge.refunded&metadata[team]=billing");
  const std::string id = created["id"];
  EXPECT_EQ(created["object"], "webhook_endpoint");
  EXPECT_TRUE(absl::StartsWith(created["secret"].get<std::string>(), "whsec_"));
  EXPECT_EQ(created["url"], "http://127.0.0.1:4242/hook");
  EXPECT_EQ(created["enabled_events"], Json::parse(R"(["charge.succeeded", "charge.refunded"])"));
  EXPECT_EQ(created["status"], "enabled");

  Json retrieved = Ok("GET", "/v1/webhook_endpoints/" + id);
  EXPECT_FALSE(retrieved.contains("secret"));
  Json expected = created;
  expected.erase("secret");
  EXPECT_EQ(retrieved, expected);

  Json list = Ok("GET", "/v1/webhook_endpoints?limit=1");
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], "/v1/webhook_endpoints");
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0], expected);

  Json updated = Ok("POST", "/v1/webhook_endpoints/" + id, "enabled_events[0]=*&disabled=true");
  EXPECT_EQ(updated["enabled_events"], Json::parse(R"(["*"])"));
  EXPECT_EQ(updated["status"], "disabled");

  EXPECT_EQ(Ok("DELETE", "/v1/webhook_endpoints/" + id),
            Json::parse(absl::StrCat(R"({"id": ")", id,
                                     R"(", "object": "webhook_endpoint", "deleted": true})")));
  Json missing = Error(404, "GET", "/v1/webhook_endpoints/" + id);
  EXPECT_EQ(missing["code"], "resource_missing");
  EXPECT_EQ(Error(400, "POST", "/v1/webhook_endpoints", "url=http://a.test")["param"],
            "enabled_events");
}

TEST_F(ExtraRoutesTest, SameSeedSameBytes) {
  auto run = [](std::vector<std::string>* bodies) {
    testing::FakeClock clock;
    Engine engine({.clock = &clock, .seed = 7});
    webhooks::FakeTransport transport;
    webhooks::WebhookEndpoints webhooks(&engine, &transport);
    ExtraRoutes extra({.engine = &engine, .clock = &clock, .webhooks = &webhooks});
    const WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    bodies->push_back(extra.Handle("POST", "/v1/webhook_endpoints", headers,
                                   "url=http://a.test&enabled_events[]=*")->body);
    bodies->push_back(extra.Handle("POST", "/v1/test_helpers/clock/advance", headers,
                                   "seconds=5")->body);
  };
  std::vector<std::string> a, b;
  run(&a);
  run(&b);
  EXPECT_EQ(a, b);
}

TEST_F(ExtraRoutesTest, AnAdvanceRunsEveryRetryAtItsOwnTime) {
  Ok("POST", "/v1/webhook_endpoints",
     "url=http://127.0.0.1:9/hook&enabled_events[]=charge.succeeded");
  transport_.set_status(500);
  Ok("POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa");
  Ok("POST", "/v1/test_helpers/clock/advance", "seconds=18000");  // 5 hours
  std::vector<int64_t> signed_at;
  for (const webhooks::WebhookRequest& r : transport_.requests()) signed_at.push_back(SignedAt(r));
  EXPECT_THAT(signed_at, ElementsAre(t0_, t0_ + 60, t0_ + 60 + 3600, t0_ + 60 + 3600 + 3 * 3600));
  EXPECT_EQ(webhooks_.pending(), 0u);
}

TEST_F(ExtraRoutesTest, AnAdvanceFiresTimersAndDeliversTheirEvents) {
  Json endpoint = Ok("POST", "/v1/webhook_endpoints",
                     "url=http://127.0.0.1:9/hook&enabled_events[]=charge.expired");
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
  EXPECT_TRUE(testing::VerifySignature(requests[0].body, header,
                                       endpoint["secret"].get<std::string>(), clock_.Now())
                  .ok());
}

}  // namespace
}  // namespace wire
}  // namespace paysim
