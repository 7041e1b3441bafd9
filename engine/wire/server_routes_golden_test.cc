// Golden transcript of the routes `paysim serve` adds to the wire door (the clock helpers,
// /v1/webhook_endpoints), interleaved with engine routes so that the one Request-Id sequence
// shows: compared byte for byte (status, headers, body) with
// testdata/server_routes_golden.txt. The file was first recorded from the former separate
// pipeline of these routes (ExtraRoutes), then re-recorded once the routes joined WireApi's;
// that commit lists the lines that changed and why.
//
// After an intended change of the output, re-record with
//   PAYSIM_GOLDEN_OUT=$PWD/engine/wire/testdata/server_routes_golden.txt ./bazelw test
//   //engine/wire:server_routes_golden_test
// and review the diff.
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/webhooks/fake_transport.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "engine/wire/clock_helpers.h"
#include "engine/wire/webhook_endpoint_routes.h"
#include "engine/wire/wire.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"

namespace paysim {
namespace wire {
namespace {

constexpr char kGoldenPath[] = "engine/wire/testdata/server_routes_golden.txt";
constexpr char kKey[] = "Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc";

// One request; `{name.field}` in path or body is replaced by that field of the response saved
// as `name`.
struct Step {
  std::string save_as;
  std::string method;
  std::string path;
  std::string body;
  WireApi::Headers headers = {{"Authorization", kKey}};
};

WireApi::Headers With(WireApi::Headers extra) {
  extra.insert(extra.begin(), {"Authorization", kKey});
  return extra;
}

std::vector<Step> Script() {
  const std::string awkward = "q%22uote+back%5Cslash+nl%0A+%C3%A9%F0%9F%98%80";
  return {
      {"", "GET", "/v1/test_helpers/clock", ""},
      {"we", "POST", "/v1/webhook_endpoints",
       "url=http%3A%2F%2F127.0.0.1%3A9%2Fhook&enabled_events[]=charge.succeeded&enabled_events[]"
       "=charge.expired&metadata[team]=billing&description=" + awkward},
      {"", "GET", "/v1/webhook_endpoints/{we.id}", ""},
      {"we2", "POST", "/v1/webhook_endpoints", "url=https://shop.example/hook&enabled_events[0]=*"},
      {"", "GET", "/v1/webhook_endpoints?limit=1", ""},
      {"", "GET", "/v1/webhook_endpoints", ""},
      {"", "POST", "/v1/webhook_endpoints/{we2.id}",
       "disabled=true&enabled_events[]=customer.created&description="},
      {"ch", "POST", "/v1/charges", "amount=999&currency=usd&source=tok_visa&capture=false"},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=60"},
      {"", "POST", "/v1/test_helpers/clock/advance?to=1767834061", ""},
      {"", "GET", "/v1/charges/{ch.id}", ""},
      {"", "GET", "/v1/test_helpers/clock", "", With({{"Stripe-Version", "2024-06-20"}})},
      {"", "DELETE", "/v1/webhook_endpoints/{we2.id}", ""},
      // Errors.
      {"", "GET", "/v1/webhook_endpoints/{we2.id}", ""},
      {"", "DELETE", "/v1/webhook_endpoints/{we2.id}", ""},
      {"", "POST", "/v1/webhook_endpoints/we_missing", "disabled=true"},
      {"", "POST", "/v1/webhook_endpoints", "url=http://a.test"},
      {"", "POST", "/v1/webhook_endpoints", "enabled_events[]=*&url=ftp://a.test"},
      {"", "POST", "/v1/webhook_endpoints", "url=http://a.test&enabled_events[]=Charge"},
      {"", "GET", "/v1/webhook_endpoints?foo=1", ""},
      {"", "GET", "/v1/webhook_endpoints?limit=0", ""},
      {"", "GET", "/v1/webhook_endpoints/{we.id}?x[y]=1", ""},
      {"", "POST", "/v1/test_helpers/clock/advance", ""},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=0"},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=abc"},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=1&to=1"},
      {"", "POST", "/v1/test_helpers/clock/advance", "to=1767225600"},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=94608000"},
      {"", "POST", "/v1/test_helpers/clock/advance", "to=1900000000"},
      {"", "GET", "/v1/test_helpers/clock", "x=1"},
      {"", "GET", "/v1/test_helpers/clock?x=1", ""},
      {"", "GET", "/v1/test_helpers/clock", "", {}},
      {"", "GET", "/v1/webhook_endpoints", "", {{"Authorization", "Bearer sk_live_x"}}},
      {"", "GET", "/v1/test_helpers/clock", "", With({{"Stripe-Version", "bogus"}})},
      {"", "GET", "/v1/test_helpers/clock/advance", ""},
      {"", "PUT", "/v1/webhook_endpoints", ""},
      {"", "GET", "/v1/webhook_endpoints/{we.id}/extra", ""},
      // What the one pipeline changes: expand[], Idempotency-Key.
      {"", "GET", "/v1/webhook_endpoints?expand[]=data.url", ""},
      {"", "GET", "/v1/test_helpers/clock?expand[]=frozen_time", ""},
      {"", "POST", "/v1/webhook_endpoints", "url=http://k.test&enabled_events[]=*",
       With({{"Idempotency-Key", "we-key"}})},
      {"", "POST", "/v1/webhook_endpoints", "url=http://k.test&enabled_events[]=*",
       With({{"Idempotency-Key", "we-key"}})},
      {"", "POST", "/v1/webhook_endpoints", "url=http://other.test&enabled_events[]=*",
       With({{"Idempotency-Key", "we-key"}})},
      {"", "POST", "/v1/customers", "email=a%40b.co", With({{"Idempotency-Key", "we-key"}})},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=30",
       With({{"Idempotency-Key", "advance-key"}})},
      {"", "POST", "/v1/test_helpers/clock/advance", "seconds=30",
       With({{"Idempotency-Key", "advance-key"}})},
      {"", "GET", "/v1/test_helpers/clock", ""},
      {"", "POST", "/v1/webhook_endpoints/{we.id}", "metadata[k]=v",
       With({{"Idempotency-Key", "bad\x01key"}})},
  };
}

// `{name.field}` -> the saved response's field (a top-level string).
std::string Substitute(std::string text, const std::map<std::string, Json>& saved) {
  for (const auto& [name, json] : saved) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      if (!it.value().is_string()) continue;
      absl::StrReplaceAll(
          {{absl::StrCat("{", name, ".", it.key(), "}"), it.value().get<std::string>()}}, &text);
    }
  }
  return text;
}

using Handler = std::function<WireApi::Response(absl::string_view, absl::string_view,
                                                const WireApi::Headers&, absl::string_view)>;

std::string Transcript(const Handler& handle) {
  std::map<std::string, Json> saved;
  std::ostringstream out;
  for (const Step& step : Script()) {
    const std::string path = Substitute(step.path, saved);
    const std::string body = Substitute(step.body, saved);
    WireApi::Response r = handle(step.method, path, step.headers, body);
    out << "=== " << step.method << " " << path << "\n";
    for (const auto& [name, value] : step.headers) out << name << ": " << value << "\n";
    out << body << "\n--- " << r.status << "\n";
    for (const auto& [name, value] : r.headers) out << name << ": " << value << "\n";
    out << r.body << "\n";
    if (!step.save_as.empty()) saved[step.save_as] = Json::parse(r.body);
  }
  return out.str();
}

TEST(ServerRoutesGoldenTest, ResponsesMatchTheRecordedTranscript) {
  testing::FakeClock clock;
  Engine engine({.clock = &clock, .seed = 42});
  webhooks::FakeTransport transport;
  transport.set_status(500);
  webhooks::WebhookEndpoints webhooks(&engine, &transport);
  ClockHelpers clock_helpers(&engine, &clock, &webhooks);
  WireApi api(&engine, {clock_helpers.Routes(), WebhookEndpointRoutes(&webhooks)});
  const std::string transcript =
      Transcript([&](absl::string_view method, absl::string_view path,
                     const WireApi::Headers& headers, absl::string_view body) {
        return api.Handle(method, path, headers, body);
      });
  if (const char* out = std::getenv("PAYSIM_GOLDEN_OUT"); out != nullptr) {
    std::ofstream(out) << transcript;
    GTEST_SKIP() << "recorded " << out;
  }
  std::ifstream in(kGoldenPath);
  ASSERT_TRUE(in.good()) << kGoldenPath;
  std::stringstream golden;
  golden << in.rdbuf();
  const std::vector<std::string> want = absl::StrSplit(golden.str(), "\n=== ");
  const std::vector<std::string> got = absl::StrSplit(transcript, "\n=== ");
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], want[i]) << "request " << i;
}

}  // namespace
}  // namespace wire
}  // namespace paysim
