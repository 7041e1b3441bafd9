#include "testing/scenario_runner.h"

#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace paysim::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kHoldExpires[] = R"pb(
  name: "hold expires"
  seed: 7
  step {
    name: "ch"
    request {
      method: "POST" path: "/v1/charges"
      data: "amount=999" data: "currency=usd" data: "source=tok_visa" data: "capture=false"
    }
    expect {
      status: 200
      json: 'status == "succeeded"'
      json: "captured == false"
      events: "charge.succeeded"
    }
  }
  step { advance { days: 6 hours: 23 minutes: 59 seconds: 59 } expect { no_events: true } }
  step { advance { seconds: 1 } expect { events: "charge.expired" } }
  step {
    request { method: "POST" path: "/v1/charges/{ch.id}/capture" }
    expect {
      status: 400
      error { type: "invalid_request_error" code: "charge_expired_for_capture" }
    }
  }
)pb";

TEST(ScenarioRunner, RunsRequestsAdvancesAndExpectations) {
  absl::StatusOr<Scenario> scenario = ParseScenario(kHoldExpires);
  ASSERT_THAT(scenario, IsOk());
  std::ostringstream timeline;
  std::ostringstream json;
  EXPECT_THAT(RunScenario(*scenario, "hold.textproto", {&timeline, &json}), IsOk());
  EXPECT_THAT(timeline.str(), HasSubstr("[day 7 00:00:00] advance the clock by 1s"));
  EXPECT_THAT(timeline.str(), HasSubstr("event charge.expired at day 7 00:00:00"));
  EXPECT_THAT(json.str(), HasSubstr("\"step\":4"));
}

TEST(ScenarioRunner, IsDeterministic) {
  absl::StatusOr<Scenario> scenario = ParseScenario(kHoldExpires);
  ASSERT_THAT(scenario, IsOk());
  std::ostringstream first, second;
  ASSERT_THAT(RunScenario(*scenario, "a", {nullptr, &first}), IsOk());
  ASSERT_THAT(RunScenario(*scenario, "a", {nullptr, &second}), IsOk());
  EXPECT_EQ(first.str(), second.str());
}

TEST(ScenarioRunner, NamesTheFirstFailingExpectation) {
  absl::StatusOr<Scenario> scenario = ParseScenario(R"pb(
    step {
      name: "ch"
      request { method: "POST" path: "/v1/charges" data: "amount=999" data: "currency=usd" data: "source=tok_visa" }
      expect { json: "amount_refunded == 5" }
    }
  )pb");
  ASSERT_THAT(scenario, IsOk());
  EXPECT_THAT(RunScenario(*scenario, "f.textproto"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("f.textproto: step 1 (ch): amount_refunded: expected 5, got 0")));
}

TEST(ScenarioRunner, ChecksEventsAndErrors) {
  absl::StatusOr<Scenario> scenario = ParseScenario(R"pb(
    step {
      request { method: "POST" path: "/v1/charges" data: "amount=999" data: "currency=usd" data: "source=tok_chargeDeclined" }
      expect { events: "charge.succeeded" }
    }
  )pb");
  ASSERT_THAT(scenario, IsOk());
  EXPECT_THAT(RunScenario(*scenario, "e"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("events: expected [charge.succeeded], got [charge.failed]")));
  scenario = ParseScenario(R"pb(
    step {
      request { method: "POST" path: "/v1/charges" data: "amount=999" data: "currency=usd" data: "source=tok_chargeDeclined" }
      expect { status: 402 error { type: "card_error" decline_code: "insufficient_funds" } }
    }
  )pb");
  ASSERT_THAT(scenario, IsOk());
  EXPECT_THAT(RunScenario(*scenario, "e"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("error.decline_code: expected \"insufficient_funds\", got \"generic_decline\"")));
}

TEST(ScenarioRunner, RejectsUnknownReferencesAndBadFiles) {
  absl::StatusOr<Scenario> scenario = ParseScenario(R"pb(
    step { request { method: "GET" path: "/v1/charges/{nope.id}" } }
  )pb");
  ASSERT_THAT(scenario, IsOk());
  EXPECT_THAT(RunScenario(*scenario, "r"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no earlier step is named nope")));
  EXPECT_THAT(ParseScenario("step { bogus: 1 }"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("line 1")));
  EXPECT_THAT(LoadScenario("/nonexistent/x.textproto"), StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace paysim::testing
