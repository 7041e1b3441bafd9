// Determinism: the same inputs give byte-identical outputs. Every scenario file run twice gives
// the same timeline and JSON lines; a long random sequence of wire requests sent to two engines
// side by side gives the same status, headers and body for every request and the same event
// log, and running the whole sequence again gives the same transcript.
#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/engine.h"
#include "engine/json_render.h"
#include "engine/wire/wire.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/data_path.h"
#include "testing/fake_clock.h"
#include "testing/scenario_runner.h"
#include "testing/status_matchers.h"

namespace paysim {
namespace testing {
namespace {

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(DataPath("scenarios"))) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(DeterminismTest, EveryScenarioRunTwiceGivesTheSameBytes) {
  const std::vector<std::string> files = ScenarioFiles();
  ASSERT_THAT(files, ::testing::Not(::testing::IsEmpty()));
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    absl::StatusOr<Scenario> scenario = LoadScenario(file);
    ASSERT_THAT(scenario, IsOk());
    std::string outputs[2];
    for (std::string& output : outputs) {
      std::ostringstream timeline;
      std::ostringstream json_lines;
      absl::Status run =
          RunScenario(*scenario, file, {.timeline = &timeline, .json_lines = &json_lines});
      output = absl::StrCat(run.ToString(), "\n", timeline.str(), "\n", json_lines.str());
    }
    EXPECT_FALSE(outputs[0].empty());
    EXPECT_EQ(outputs[0], outputs[1]);
  }
}

// Two engines (each with its own clock and WireApi) fed the same requests.
struct Side {
  FakeClock clock;
  Engine engine{{.clock = &clock, .seed = 314}};
  wire::WireApi api{&engine};
};

std::string Transcript(const wire::WireApi::Response& r) {
  std::string out = absl::StrCat(r.status, "\n");
  for (const auto& [name, value] : r.headers) absl::StrAppend(&out, name, ": ", value, "\n");
  return absl::StrCat(out, r.body, "\n");
}

// The value of the first "id" in a JSON body, or "".
std::string FirstId(const std::string& body) {
  Json json = Json::parse(body, nullptr, false);
  if (!json.is_object()) return "";
  if (json.contains("id") && json["id"].is_string()) return json["id"];
  if (json.contains("error") && json["error"].contains("charge")) return json["error"]["charge"];
  return "";
}

// A random request sequence over every route, sent to `sides` in lockstep. Returns the first
// side's transcript; every side must answer the same bytes.
std::string RunSideBySide(std::vector<Side*> sides, uint64_t seed, int requests) {
  std::mt19937_64 rng(seed);
  auto rand = [&](uint64_t n) { return rng() % n; };
  std::vector<std::string> charges, customers, intents, pms, setups;
  auto pick = [&](const std::vector<std::string>& ids) {
    return ids.empty() ? std::string("none") : ids[rand(ids.size())];
  };
  const wire::WireApi::Headers auth = {{"Authorization", "Bearer sk_test_determinism"}};
  std::string transcript;
  for (int i = 0; i < requests; ++i) {
    std::string method = "POST";
    std::string path;
    std::string body;
    wire::WireApi::Headers headers = auth;
    static const char* kSources[] = {"tok_visa",     "tok_amex",          "tok_chargeDeclined",
                                     "pm_card_visa", "tok_bypassPending", "tok_riskLevelHighest"};
    switch (rand(13)) {
      case 0:
      case 1:
        path = "/v1/charges";
        body = absl::StrCat("amount=", 50 + rand(20000),
                            "&currency=usd&source=", kSources[rand(std::size(kSources))],
                            rand(2) ? "&capture=false" : "", "&metadata[n]=", i);
        if (rand(4) == 0) headers.emplace_back("Idempotency-Key", absl::StrCat("k", rand(5)));
        break;
      case 2:
        path = absl::StrCat("/v1/charges/", pick(charges), "/capture");
        if (rand(2)) body = absl::StrCat("amount=", 50 + rand(500));
        break;
      case 3:
        path = "/v1/refunds";
        body = absl::StrCat("charge=", pick(charges), rand(2) ? "&amount=60" : "");
        break;
      case 4:
        path = "/v1/customers";
        body = absl::StrCat("email=c", i, "@example.com&source=tok_visa");
        break;
      case 5:
        path = absl::StrCat("/v1/payment_methods/pm_card_mastercard/attach");
        body = absl::StrCat("customer=", pick(customers));
        break;
      case 6:
        path = "/v1/payment_intents";
        body =
            absl::StrCat("amount=", 100 + rand(5000), "&currency=eur&confirm=true&payment_method=",
                         rand(2) ? "pm_card_threeDSecure2Required" : "pm_card_visa",
                         rand(2) ? "&capture_method=manual" : "");
        break;
      case 7: {
        const std::string pi = pick(intents);
        static const char* kActions[] = {
            "/v1/payment_intents/%s/capture", "/v1/payment_intents/%s/cancel",
            "/v1/test_helpers/payment_intents/%s/complete_three_d_secure",
            "/v1/test_helpers/payment_intents/%s/fail_three_d_secure"};
        path = absl::StrReplaceAll(kActions[rand(4)], {{"%s", pi}});
        break;
      }
      case 8:
        path = "/v1/setup_intents";
        body = "confirm=true&payment_method=pm_card_authenticationRequiredOnSetup";
        if (!customers.empty()) absl::StrAppend(&body, "&customer=", pick(customers));
        break;
      case 9:
        method = "GET";
        path = absl::StrCat("/v1/events?limit=", 1 + rand(5),
                            rand(2) ? "&expand[]=data.object.customer" : "");
        break;
      case 10:
        method = "GET";
        path = rand(2) ? "/v1/balance" : "/v1/balance_transactions?limit=3";
        break;
      case 11:
        method = "GET";
        path = absl::StrCat("/v1/charges/", pick(charges), rand(2) ? "?expand[]=customer" : "");
        break;
      default: {
        static const int64_t kAdvances[] = {600, 86400, 2 * 86400, 7 * 86400};
        const int64_t seconds = kAdvances[rand(std::size(kAdvances))];
        for (Side* side : sides) side->clock.Advance(absl::Seconds(seconds));
        absl::StrAppend(&transcript, "advance ", seconds, "\n");
        continue;
      }
    }
    std::string first;
    for (size_t s = 0; s < sides.size(); ++s) {
      wire::WireApi::Response r = sides[s]->api.Handle(method, path, headers, body);
      std::string text = Transcript(r);
      if (s == 0) {
        first = text;
        const std::string id = FirstId(r.body);
        if (absl::StartsWith(id, "ch_")) charges.push_back(id);
        if (absl::StartsWith(id, "cus_")) customers.push_back(id);
        if (absl::StartsWith(id, "pi_")) intents.push_back(id);
      } else {
        EXPECT_EQ(text, first) << "request " << i << ": " << method << " " << path << " " << body;
      }
    }
    absl::StrAppend(&transcript, method, " ", path, " ", body, "\n", first);
  }
  // The whole event log, oldest last, as each side renders it.
  for (Side* side : sides) {
    std::string events;
    std::string after;
    for (;;) {
      wire::WireApi::Response page = side->api.Handle(
          "GET",
          absl::StrCat("/v1/events?limit=100", after.empty() ? "" : "&starting_after=", after),
          auth, "");
      events += page.body;
      Json json = Json::parse(page.body);
      if (!json["has_more"].get<bool>() || json["data"].empty()) break;
      after = json["data"].back()["id"];
    }
    if (side == sides[0]) {
      absl::StrAppend(&transcript, "events\n", events);
    } else {
      EXPECT_EQ(absl::StrCat("events\n", events), transcript.substr(transcript.rfind("events\n")));
    }
  }
  return transcript;
}

TEST(DeterminismTest, TwoEnginesSideBySideAnswerTheSameBytes) {
  Side a, b;
  const std::string first = RunSideBySide({&a, &b}, 2718, 1500);
  EXPECT_GT(a.engine.events().size(), 100u);
  EXPECT_EQ(a.engine.StateSummary(), b.engine.StateSummary());

  // And once more, from scratch: the same transcript.
  Side c, d;
  const std::string second = RunSideBySide({&c, &d}, 2718, 1500);
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace testing
}  // namespace paysim
