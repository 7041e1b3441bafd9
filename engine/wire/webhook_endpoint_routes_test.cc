// /v1/webhook_endpoints through WireApi's one pipeline: the same bytes as the objects' JSON
// with `secret` only on creation, Idempotency-Key as on the engine's POSTs, expand refused.
#include "engine/wire/webhook_endpoint_routes.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/simulated_clock.h"
#include "engine/webhooks/fake_transport.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/clock_helpers.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace paysim {
namespace wire {
namespace {

constexpr absl::string_view kKey = "Bearer sk_test_123";
constexpr absl::string_view kCreate =
    "url=http%3A%2F%2F127.0.0.1%3A4242%2Fhook&enabled_events[]=charge.succeeded"
    "&enabled_events[]=charge.refunded&metadata[team]=billing";

std::string Header(const WireApi::Response& r, absl::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

// The text a JSON value renders as (Stripe's pretty-printing).
std::string Text(const Json& json) { return json.dump(2, ' ', false, Json::error_handler_t::replace); }

class WebhookEndpointRoutesTest : public ::testing::Test {
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
             absl::string_view body = "", WireApi::Headers headers = {}) {
    WireApi::Response r = Call(method, path, body, std::move(headers));
    EXPECT_EQ(r.status, status) << method << " " << path << " " << body << "\n" << r.body;
    return Json::parse(r.body)["error"];
  }

  SimulatedClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  webhooks::FakeTransport transport_;
  webhooks::WebhookEndpoints webhooks_{&engine_, &transport_};
  WireApi api_{&engine_, {WebhookEndpointRoutes(&webhooks_)}};
};

TEST_F(WebhookEndpointRoutesTest, Lifecycle) {
  WireApi::Response r = Call("POST", "/v1/webhook_endpoints", kCreate);
  ASSERT_EQ(r.status, 200) << r.body;
  Json created = Json::parse(r.body);
  const std::string id = created["id"];
  // Byte for byte the object's JSON (as the former DOM rendering wrote it).
  absl::StatusOr<webhooks::WebhookEndpoint> stored = webhooks_.Retrieve(id);
  ASSERT_TRUE(stored.ok());
  Json expected = ToJson(*stored);
  expected.erase("secret");
  EXPECT_EQ(Call("GET", "/v1/webhook_endpoints/" + id).body, Text(expected));
  expected = ToJson(*stored);
  expected["secret"] = created["secret"];
  EXPECT_EQ(r.body, Text(expected));
  EXPECT_EQ(created["object"], "webhook_endpoint");
  EXPECT_TRUE(absl::StartsWith(created["secret"].get<std::string>(), "whsec_"));
  EXPECT_EQ(created["url"], "http://127.0.0.1:4242/hook");
  EXPECT_EQ(created["enabled_events"], Json::parse(R"(["charge.succeeded", "charge.refunded"])"));
  EXPECT_EQ(created["status"], "enabled");

  Json retrieved = Ok("GET", "/v1/webhook_endpoints/" + id);
  EXPECT_FALSE(retrieved.contains("secret"));
  Json list = Ok("GET", "/v1/webhook_endpoints?limit=1");
  EXPECT_EQ(list["object"], "list");
  EXPECT_EQ(list["url"], "/v1/webhook_endpoints");
  EXPECT_EQ(list["has_more"], false);
  ASSERT_EQ(list["data"].size(), 1u);
  EXPECT_EQ(list["data"][0], retrieved);

  Json updated = Ok("POST", "/v1/webhook_endpoints/" + id, "enabled_events[0]=*&disabled=true");
  EXPECT_EQ(updated["enabled_events"], Json::parse(R"(["*"])"));
  EXPECT_EQ(updated["status"], "disabled");
  EXPECT_FALSE(updated.contains("secret"));

  EXPECT_EQ(Call("DELETE", "/v1/webhook_endpoints/" + id).body,
            absl::StrCat("{\n  \"id\": \"", id,
                         "\",\n  \"object\": \"webhook_endpoint\",\n  \"deleted\": true\n}"));
  EXPECT_EQ(Error(404, "GET", "/v1/webhook_endpoints/" + id)["code"], "resource_missing");
  EXPECT_EQ(Error(400, "POST", "/v1/webhook_endpoints", "url=http://a.test")["param"],
            "enabled_events");
  EXPECT_EQ(Error(404, "PUT", "/v1/webhook_endpoints")["type"], "invalid_request_error");
  EXPECT_EQ(Error(404, "GET", "/v1/webhook_endpoints/" + id + "/extra")["type"],
            "invalid_request_error");
}

TEST_F(WebhookEndpointRoutesTest, ARetriedCreateReplaysTheEndpointSecretIncluded) {
  const WireApi::Headers key = {{"Idempotency-Key", "we-1"}};
  WireApi::Response first = Call("POST", "/v1/webhook_endpoints", kCreate, key);
  WireApi::Response second = Call("POST", "/v1/webhook_endpoints", kCreate, key);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(Header(first, "Idempotency-Key"), "we-1");
  EXPECT_EQ(Header(first, "Idempotent-Replayed"), "<absent>");
  EXPECT_EQ(Header(second, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Ok("GET", "/v1/webhook_endpoints")["data"].size(), 1u);

  EXPECT_EQ(Error(400, "POST", "/v1/webhook_endpoints", "url=http://b.test&enabled_events[]=*",
                  key)["type"],
            "idempotency_error");
  // One key space with the engine's routes.
  EXPECT_EQ(Error(400, "POST", "/v1/customers", "email=a%40b.co", key)["type"],
            "idempotency_error");
  EXPECT_EQ(Ok("GET", "/v1/webhook_endpoints")["data"].size(), 1u);
}

TEST_F(WebhookEndpointRoutesTest, ARetriedUpdateReplays) {
  const std::string id = Ok("POST", "/v1/webhook_endpoints", kCreate)["id"];
  const WireApi::Headers key = {{"Idempotency-Key", "up-1"}};
  WireApi::Response first =
      Call("POST", "/v1/webhook_endpoints/" + id, "metadata[n]=1", key);
  Ok("POST", "/v1/webhook_endpoints/" + id, "metadata[n]=2");
  WireApi::Response second =
      Call("POST", "/v1/webhook_endpoints/" + id, "metadata[n]=1", key);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(Header(second, "Idempotent-Replayed"), "true");
  EXPECT_EQ(Ok("GET", "/v1/webhook_endpoints/" + id)["metadata"]["n"], "2");
  // A key is ignored on GET and DELETE (as Stripe does).
  EXPECT_EQ(Header(Call("GET", "/v1/webhook_endpoints/" + id, "", key), "Idempotency-Key"),
            "<absent>");
}

TEST_F(WebhookEndpointRoutesTest, ExpandIsRefusedAsOnAnyObjectWithoutExpandableFields) {
  Ok("POST", "/v1/webhook_endpoints", kCreate);
  Json error = Error(400, "GET", "/v1/webhook_endpoints?expand[]=data.url");
  EXPECT_EQ(error["param"], "expand");
  EXPECT_EQ(error["message"], "This property cannot be expanded (data.url).");
  error = Error(400, "POST", "/v1/webhook_endpoints", absl::StrCat(kCreate, "&expand[]=url"));
  EXPECT_EQ(error["message"], "This property cannot be expanded (url).");
  EXPECT_EQ(Ok("GET", "/v1/webhook_endpoints")["data"].size(), 1u);  // nothing half-applied
}

TEST(WebhookEndpointRoutesDeterminism, SameSeedSameBytes) {
  auto run = [](std::vector<std::string>* bodies) {
    SimulatedClock clock;
    Engine engine({.clock = &clock, .seed = 7});
    webhooks::FakeTransport transport;
    webhooks::WebhookEndpoints webhooks(&engine, &transport);
    ClockHelpers helpers(&engine, &clock, &webhooks);
    WireApi api(&engine, {helpers.Routes(), WebhookEndpointRoutes(&webhooks)});
    const WireApi::Headers headers = {{"Authorization", std::string(kKey)}};
    for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
             {"/v1/webhook_endpoints", "url=http://a.test&enabled_events[]=*"},
             {"/v1/charges", "amount=999&currency=usd&source=tok_visa"},
             {"/v1/test_helpers/clock/advance", "seconds=5"},
         }) {
      WireApi::Response r = api.Handle("POST", path, headers, body);
      bodies->push_back(Header(r, "Request-Id") + r.body);
    }
  };
  std::vector<std::string> a, b;
  run(&a);
  run(&b);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace wire
}  // namespace paysim
