// Behaviour tests of Top-ups: pending until expected_availability_date (one second either
// side), the business days over a weekend, the funds and balance transaction of a succeeded
// top-up, the failing test banks, cancel, updates without events, the list filters, and
// refused calls that change nothing.
#include <string>
#include <vector>

#include "engine/internal/topup_lifecycle.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z, a Thursday
constexpr int64_t kDay = 86400;
// Thursday -> Friday (1st business day), Monday (2nd), Tuesday (3rd), Wednesday 2026-01-07
// (4th): 00:00:00 UTC.
constexpr int64_t kAvailable = kStart + 6 * kDay;

class TopupsTest : public ::testing::Test {
 protected:
  Topup Create(const std::string& text) {
    absl::StatusOr<Topup> topup = engine_.topups().Create(ParseParams<TopupCreateParams>(text));
    EXPECT_THAT(topup, IsOk());
    return topup.ok() ? *topup : Topup();
  }

  Topup Retrieve(const std::string& id) {
    absl::StatusOr<Topup> topup = engine_.topups().Retrieve(id);
    EXPECT_THAT(topup, IsOk());
    return topup.ok() ? *topup : Topup();
  }

  std::vector<std::string> EventTypes() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (page.ok()) {
      for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) {
        types.push_back(it->type());
      }
    }
    return types;
  }

  int64_t Available() {
    absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
    EXPECT_THAT(balance, IsOk());
    return balance.ok() ? balance->available(0).amount() : 0;
  }

  std::vector<std::string> ListIds(const std::string& text) {
    absl::StatusOr<ListResult<Topup>> list =
        engine_.topups().List(ParseParams<TopupListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const Topup& t : list->data) ids.push_back(t.id());
    }
    return ids;
  }

  void AdvanceTo(int64_t unix_seconds) { clock_.SetTime(absl::FromUnixSeconds(unix_seconds)); }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 11}};
};

TEST_F(TopupsTest, CreatedPendingWithItsExpectedAvailabilityDate) {
  const Topup topup =
      Create(R"pb(amount: 2000 currency: "usd" description: "(created by Stripe CLI)")pb");
  EXPECT_EQ(topup.id().substr(0, 3), "tu_");
  EXPECT_EQ(topup.object(), "topup");
  EXPECT_EQ(topup.amount(), 2000);
  EXPECT_EQ(topup.currency(), "usd");
  EXPECT_EQ(topup.description(), "(created by Stripe CLI)");
  EXPECT_EQ(topup.status(), "pending");
  EXPECT_EQ(topup.created(), kStart);
  EXPECT_EQ(topup.expected_availability_date(), kAvailable);
  EXPECT_FALSE(topup.has_balance_transaction());
  EXPECT_FALSE(topup.has_failure_code());
  EXPECT_FALSE(topup.livemode());
  EXPECT_THAT(EventTypes(), ElementsAre("topup.created"));
  EXPECT_EQ(Available(), 0);
}

TEST_F(TopupsTest, SucceedsAtItsExpectedAvailabilityDateAndNotASecondBefore) {
  const Topup topup = Create(R"pb(amount: 2000 currency: "usd" description: "float")pb");
  AdvanceTo(kAvailable - 1);
  EXPECT_EQ(Retrieve(topup.id()).status(), "pending");
  EXPECT_EQ(Available(), 0);
  AdvanceTo(kAvailable);
  const Topup succeeded = Retrieve(topup.id());
  EXPECT_EQ(succeeded.status(), "succeeded");
  ASSERT_TRUE(succeeded.has_balance_transaction());
  absl::StatusOr<BalanceTransaction> txn =
      engine_.balance().RetrieveTransaction(succeeded.balance_transaction());
  ASSERT_THAT(txn, IsOk());
  EXPECT_EQ(txn->type(), "topup");
  EXPECT_EQ(txn->reporting_category(), "topup");
  EXPECT_EQ(txn->amount(), 2000);
  EXPECT_EQ(txn->fee(), 0);
  EXPECT_EQ(txn->net(), 2000);
  EXPECT_EQ(txn->status(), "available");
  EXPECT_EQ(txn->available_on(), kAvailable);
  EXPECT_EQ(txn->source(), topup.id());
  EXPECT_EQ(txn->description(), "float");
  EXPECT_EQ(Available(), 2000);
  EXPECT_THAT(EventTypes(), ElementsAre("topup.created", "topup.succeeded"));
}

TEST_F(TopupsTest, BusinessDaysSkipTheWeekend) {
  // Saturday 2026-01-03, midday: Monday (1st) ... Thursday 2026-01-08 (4th), 00:00 UTC.
  AdvanceTo(kStart + 2 * kDay + 12 * 3600);
  const Topup topup = Create(R"pb(amount: 1000 currency: "usd")pb");
  EXPECT_EQ(topup.expected_availability_date(), kStart + 7 * kDay);
}

TEST_F(TopupsTest, AFailingTestBankFailsAtTheDateWithItsCodeAndMovesNoMoney) {
  const Topup verified =
      Create(R"pb(amount: 1000 currency: "usd" source: "btok_us_verified")pb");
  const Topup failing =
      Create(R"pb(amount: 3000 currency: "usd" source: "btok_us_verified_noAccount")pb");
  AdvanceTo(kAvailable - 1);
  EXPECT_EQ(Retrieve(failing.id()).status(), "pending");
  AdvanceTo(kAvailable);
  const Topup failed = Retrieve(failing.id());
  EXPECT_EQ(failed.status(), "failed");
  EXPECT_EQ(failed.failure_code(), "no_account");
  EXPECT_FALSE(failed.failure_message().empty());
  EXPECT_FALSE(failed.has_balance_transaction());
  EXPECT_EQ(Retrieve(verified.id()).status(), "succeeded");
  EXPECT_EQ(Available(), 1000);
  EXPECT_THAT(EventTypes(), ElementsAre("topup.created", "topup.created", "topup.succeeded",
                                        "topup.failed"));
}

TEST_F(TopupsTest, APendingTopupIsCanceledOnceAndNothingComesOfItLater) {
  const Topup topup = Create(R"pb(amount: 2000 currency: "usd")pb");
  absl::StatusOr<Topup> canceled = engine_.topups().Cancel(topup.id());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_THAT(engine_.topups().Cancel(topup.id()),
              StripeErrorIs("invalid_request_error", ""));
  AdvanceTo(kAvailable + kDay);
  EXPECT_EQ(Retrieve(topup.id()).status(), "canceled");
  EXPECT_FALSE(Retrieve(topup.id()).has_balance_transaction());
  EXPECT_EQ(Available(), 0);
  EXPECT_THAT(EventTypes(), ElementsAre("topup.created", "topup.canceled"));
}

TEST_F(TopupsTest, ASucceededTopupCannotBeCanceled) {
  const Topup topup = Create(R"pb(amount: 2000 currency: "usd")pb");
  AdvanceTo(kAvailable);
  EXPECT_THAT(engine_.topups().Cancel(topup.id()), HttpStatusIs(400));
  EXPECT_EQ(Retrieve(topup.id()).status(), "succeeded");
  EXPECT_EQ(Available(), 2000);
}

TEST_F(TopupsTest, UpdatesChangeDescriptionAndMetadataWithoutAnEvent) {
  const Topup topup = Create(R"pb(amount: 2000 currency: "usd" description: "a")pb");
  absl::StatusOr<Topup> updated = engine_.topups().Update(
      topup.id(), ParseParams<TopupUpdateParams>(
                      R"pb(description: "b" metadata { key: "order" value: "42" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->description(), "b");
  EXPECT_EQ(updated->metadata().at("order"), "42");
  EXPECT_EQ(updated->status(), "pending");
  updated = engine_.topups().Update(topup.id(),
                                    ParseParams<TopupUpdateParams>(R"pb(description: "")pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->has_description());
  EXPECT_THAT(EventTypes(), ElementsAre("topup.created"));
  EXPECT_THAT(engine_.topups().Update("tu_missing", TopupUpdateParams()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(engine_.topups().Retrieve("tu_missing"), HttpStatusIs(404));
}

TEST_F(TopupsTest, ListFiltersByStatusAmountAndCreated) {
  const Topup small = Create(R"pb(amount: 1000 currency: "usd")pb");
  AdvanceTo(kStart + 10);
  const Topup large = Create(R"pb(amount: 5000 currency: "usd")pb");
  ASSERT_THAT(engine_.topups().Cancel(small.id()), IsOk());
  EXPECT_THAT(ListIds(""), ElementsAre(large.id(), small.id()));
  EXPECT_THAT(ListIds(R"pb(status: "canceled")pb"), ElementsAre(small.id()));
  EXPECT_THAT(ListIds(R"pb(status: "succeeded")pb"), IsEmpty());
  EXPECT_THAT(ListIds(R"pb(amount { gt: 1000 })pb"), ElementsAre(large.id()));
  EXPECT_THAT(ListIds(R"pb(amount { exact: 1000 })pb"), ElementsAre(small.id()));
  EXPECT_THAT(ListIds(R"pb(created { lt: 1767225610 })pb"), ElementsAre(small.id()));
  EXPECT_THAT(engine_.topups().List(ParseParams<TopupListParams>(R"pb(status: "reversed")pb")),
              StripeErrorWithParam("invalid_request_error", "", "status"));
}

TEST_F(TopupsTest, RefusedCallsNameTheParameterAndCreateNothing) {
  struct Case {
    std::string params;
    std::string code;
    std::string param;
  };
  const Case cases[] = {
      {R"pb(currency: "usd")pb", "parameter_missing", "amount"},
      {R"pb(amount: 2000)pb", "parameter_missing", "currency"},
      {R"pb(amount: 0 currency: "usd")pb", "parameter_invalid_integer", "amount"},
      {R"pb(amount: 2000 currency: "xyz")pb", "", "currency"},
      {R"pb(amount: 2000 currency: "eur")pb", "", "currency"},
      {R"pb(amount: 10 currency: "usd")pb", "amount_too_small", "amount"},
      {R"pb(amount: 2000 currency: "usd" source: "btok_nope")pb", "resource_missing", "source"},
      {R"pb(amount: 2000 currency: "usd" source: "ba_1PaysimDefaultBankAcct")pb",
       "resource_missing", "source"},
      {R"pb(amount: 2000 currency: "usd" statement_descriptor: "SIXTEEN CHARS XX")pb", "",
       "statement_descriptor"},
      {R"pb(amount: 2000 currency: "usd" statement_descriptor: "12345")pb", "",
       "statement_descriptor"},
      {R"pb(amount: 2000 currency: "usd" statement_descriptor: "TOP*UP")pb", "",
       "statement_descriptor"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.params);
    absl::StatusOr<Topup> topup = engine_.topups().Create(ParseParams<TopupCreateParams>(c.params));
    EXPECT_THAT(topup, StripeErrorWithParam("invalid_request_error", c.code, c.param));
  }
  EXPECT_THAT(ListIds(""), IsEmpty());
  EXPECT_THAT(EventTypes(), IsEmpty());
  // 15 characters with a letter is the longest descriptor taken.
  EXPECT_EQ(Create(R"pb(amount: 2000 currency: "usd" statement_descriptor: "FIFTEEN CHARS X")pb")
                .statement_descriptor(),
            "FIFTEEN CHARS X");
}

TEST_F(TopupsTest, TheLifecycleTableIsPublished) {
  const Lifecycle lifecycle = internal::TopupLifecycle::Published();
  EXPECT_EQ(lifecycle.resource, "topup");
  bool succeeds = false;
  for (const LifecycleTransition& t : lifecycle.transitions) {
    if (t.from == "pending" && t.to == "succeeded") succeeds = t.events == "topup.succeeded";
  }
  EXPECT_TRUE(succeeds);
}

}  // namespace
}  // namespace paysim
