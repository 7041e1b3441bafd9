// Behaviour tests of Payouts: the balance they take and give back, the status on the clock (one
// second either side of each boundary), arrival dates over a weekend, the failing test bank
// accounts, cancel, metadata updates, the list filters, the events, and refused calls.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/payout_destinations.h"
#include "engine/internal/payout_lifecycle.h"
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
// Thursday -> Friday (1st business day) -> Monday 2026-01-05 (2nd): 00:00:00 UTC.
constexpr int64_t kArrival = kStart + 4 * kDay;
constexpr int64_t kSubmitted = kStart + 3600;  // kPayoutSubmissionDelay

class PayoutsTest : public ::testing::Test {
 protected:
  // Funds available at once (a bypassPending card's payment of `amount`).
  void Fund(int64_t amount = 10000) {
    ChargeCreateParams params;
    params.set_amount(amount);
    params.set_currency("usd");
    params.set_source("tok_bypassPending");
    EXPECT_THAT(engine_.charges().Create(params), IsOk());
  }

  Payout Create(const std::string& text) {
    absl::StatusOr<Payout> payout =
        engine_.payouts().Create(ParseParams<PayoutCreateParams>(text));
    EXPECT_THAT(payout, IsOk());
    return payout.ok() ? *payout : Payout();
  }

  Payout Retrieve(const std::string& id) {
    absl::StatusOr<Payout> payout = engine_.payouts().Retrieve(id);
    EXPECT_THAT(payout, IsOk());
    return payout.ok() ? *payout : Payout();
  }

  BalanceTransaction Transaction(const std::string& id) {
    absl::StatusOr<BalanceTransaction> txn = engine_.balance().RetrieveTransaction(id);
    EXPECT_THAT(txn, IsOk());
    return txn.ok() ? *txn : BalanceTransaction();
  }

  // The events so far, oldest first.
  std::vector<Event> Events() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    return std::vector<Event>(page->data.rbegin(), page->data.rend());
  }

  std::vector<std::string> EventTypesSince(size_t first) {
    std::vector<std::string> types;
    const std::vector<Event> events = Events();
    for (size_t i = first; i < events.size(); ++i) types.push_back(events[i].type());
    return types;
  }

  size_t EventCount() { return Events().size(); }

  int64_t Available() {
    absl::StatusOr<Balance> balance = engine_.balance().Retrieve();
    EXPECT_THAT(balance, IsOk());
    return balance.ok() ? balance->available(0).amount() : 0;
  }

  std::vector<std::string> ListIds(const std::string& text) {
    absl::StatusOr<ListResult<Payout>> list =
        engine_.payouts().List(ParseParams<PayoutListParams>(text));
    EXPECT_THAT(list, IsOk());
    std::vector<std::string> ids;
    if (list.ok()) {
      for (const Payout& p : list->data) ids.push_back(p.id());
    }
    return ids;
  }

  void AdvanceTo(int64_t unix_seconds) { clock_.SetTime(absl::FromUnixSeconds(unix_seconds)); }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
};

TEST_F(PayoutsTest, CreateTakesTheAmountFromTheAvailableBalance) {
  Fund();
  const int64_t before = Available();
  const size_t events = EventCount();
  Payout payout = Create(R"pb(amount: 1100 currency: "usd" description: "weekly"
                              statement_descriptor: "PAYSIM PAYOUT"
                              metadata { key: "k" value: "v" })pb");
  EXPECT_EQ(payout.id().substr(0, 3), "po_");
  EXPECT_EQ(payout.object(), "payout");
  EXPECT_EQ(payout.status(), "pending");
  EXPECT_EQ(payout.amount(), 1100);
  EXPECT_EQ(payout.currency(), "usd");
  EXPECT_EQ(payout.created(), kStart);
  EXPECT_EQ(payout.arrival_date(), kArrival);
  EXPECT_EQ(payout.method(), "standard");
  EXPECT_EQ(payout.source_type(), "card");
  EXPECT_EQ(payout.type(), "bank_account");
  EXPECT_FALSE(payout.automatic());
  EXPECT_EQ(payout.reconciliation_status(), "not_applicable");
  EXPECT_EQ(payout.destination(), std::string(kDefaultPayoutDestination));
  EXPECT_EQ(payout.description(), "weekly");
  EXPECT_EQ(payout.statement_descriptor(), "PAYSIM PAYOUT");
  EXPECT_EQ(payout.metadata().at("k"), "v");
  EXPECT_FALSE(payout.has_failure_code());
  EXPECT_FALSE(payout.has_failure_balance_transaction());
  EXPECT_EQ(Available(), before - 1100);

  const BalanceTransaction txn = Transaction(payout.balance_transaction());
  EXPECT_EQ(txn.type(), "payout");
  EXPECT_EQ(txn.reporting_category(), "payout");
  EXPECT_EQ(txn.amount(), -1100);
  EXPECT_EQ(txn.net(), -1100);
  EXPECT_EQ(txn.fee(), 0);
  EXPECT_EQ(txn.source(), payout.id());
  EXPECT_EQ(txn.status(), "available");
  EXPECT_THAT(EventTypesSince(events), ElementsAre("payout.created"));
}

TEST_F(PayoutsTest, MovesToInTransitThenPaidExactlyOnTime) {
  Fund();
  const int64_t after_payout = Available() - 1100;
  Payout payout = Create(R"pb(amount: 1100 currency: "usd")pb");
  const size_t events = EventCount();

  AdvanceTo(kSubmitted - 1);
  EXPECT_EQ(Retrieve(payout.id()).status(), "pending");
  AdvanceTo(kSubmitted);
  EXPECT_EQ(Retrieve(payout.id()).status(), "in_transit");
  EXPECT_THAT(EventTypesSince(events), ElementsAre("payout.updated"));
  EXPECT_EQ(Events().back().data().previous_attributes(), R"({"status":"pending"})");
  EXPECT_EQ(Events().back().created(), kSubmitted);

  AdvanceTo(kArrival - 1);
  EXPECT_EQ(Retrieve(payout.id()).status(), "in_transit");
  AdvanceTo(kArrival);
  EXPECT_EQ(Retrieve(payout.id()).status(), "paid");
  EXPECT_THAT(EventTypesSince(events),
              ElementsAre("payout.updated", "payout.updated", "payout.paid"));
  EXPECT_EQ(Events().back().created(), kArrival);
  EXPECT_EQ(Available(), after_payout);  // paid: the money stays out
}

TEST_F(PayoutsTest, ArrivalSkipsTheWeekend) {
  AdvanceTo(kStart + kDay + 3600);  // Friday 2026-01-02 01:00
  Fund();
  Payout payout = Create(R"pb(amount: 500 currency: "usd")pb");
  EXPECT_EQ(payout.arrival_date(), kStart + 5 * kDay);  // Tuesday 2026-01-06 00:00
}

TEST_F(PayoutsTest, InstantPayoutIsInTransitAtOnceAndArrivesIn30Minutes) {
  Fund();
  Payout payout = Create(R"pb(amount: 500 currency: "usd" method: "instant")pb");
  EXPECT_EQ(payout.method(), "instant");
  EXPECT_EQ(payout.arrival_date(), kStart + 1800);
  EXPECT_EQ(payout.status(), "in_transit");
  EXPECT_THAT(engine_.payouts().Cancel(payout.id()), HttpStatusIs(400));
  AdvanceTo(kStart + 1799);
  EXPECT_EQ(Retrieve(payout.id()).status(), "in_transit");
  AdvanceTo(kStart + 1800);
  EXPECT_EQ(Retrieve(payout.id()).status(), "paid");
}

TEST_F(PayoutsTest, FailingTestBankAccountFailsAtArrivalAndGivesTheMoneyBack) {
  Fund();
  const int64_t before = Available();
  Payout payout =
      Create(R"pb(amount: 1100 currency: "usd" destination: "btok_us_verified_noAccount")pb");
  EXPECT_EQ(payout.destination(), "ba_1PaysimNoAccountBankAcc");
  EXPECT_EQ(Available(), before - 1100);
  const size_t events = EventCount();

  AdvanceTo(kArrival - 1);
  EXPECT_EQ(Retrieve(payout.id()).status(), "in_transit");
  AdvanceTo(kArrival);
  const Payout failed = Retrieve(payout.id());
  EXPECT_EQ(failed.status(), "failed");
  EXPECT_EQ(failed.failure_code(), "no_account");
  EXPECT_EQ(failed.failure_message(),
            "The bank account details on file are probably incorrect. No bank account could be "
            "located with those details.");
  const BalanceTransaction back = Transaction(failed.failure_balance_transaction());
  EXPECT_EQ(back.type(), "payout_failure");
  EXPECT_EQ(back.reporting_category(), "payout_reversal");
  EXPECT_EQ(back.amount(), 1100);
  EXPECT_EQ(back.source(), payout.id());
  EXPECT_EQ(back.created(), kArrival);
  EXPECT_EQ(Available(), before);
  EXPECT_THAT(EventTypesSince(events),
              ElementsAre("payout.updated", "payout.updated", "payout.failed"));
}

TEST_F(PayoutsTest, EachFailingAccountHasItsCode) {
  Fund();
  const std::pair<const char*, const char*> cases[] = {
      {"btok_us_verified_accountClosed", "account_closed"},
      {"btok_us_verified_insufficientFunds", "insufficient_funds"},
      {"btok_us_verified_debitNotAuthorized", "debit_not_authorized"},
      {"btok_us_verified_invalidCurrency", "invalid_currency"},
      {"ba_1PaysimAcctClosedBankAc", "account_closed"},
  };
  std::vector<std::string> ids;
  for (const auto& [destination, code] : cases) {
    ids.push_back(Create(absl::StrCat(R"pb(amount: 100 currency: "usd" destination: ")pb",
                                      destination, "\""))
                      .id());
  }
  AdvanceTo(kArrival);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(Retrieve(ids[i]).failure_code(), cases[i].second) << cases[i].first;
  }
}

TEST_F(PayoutsTest, CancelWhilePendingGivesTheMoneyBack) {
  Fund();
  const int64_t before = Available();
  Payout payout = Create(R"pb(amount: 1100 currency: "usd")pb");
  const size_t events = EventCount();
  AdvanceTo(kSubmitted - 1);
  absl::StatusOr<Payout> canceled = engine_.payouts().Cancel(payout.id());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_FALSE(canceled->has_failure_code());
  const BalanceTransaction back = Transaction(canceled->failure_balance_transaction());
  EXPECT_EQ(back.type(), "payout_cancel");
  EXPECT_EQ(back.reporting_category(), "payout_reversal");
  EXPECT_EQ(back.amount(), 1100);
  EXPECT_EQ(Available(), before);
  EXPECT_THAT(EventTypesSince(events), ElementsAre("payout.updated", "payout.canceled"));
  // The timers find it canceled: nothing more happens.
  AdvanceTo(kArrival + kDay);
  EXPECT_EQ(Retrieve(payout.id()).status(), "canceled");
  EXPECT_THAT(EventTypesSince(events), ElementsAre("payout.updated", "payout.canceled"));
}

TEST_F(PayoutsTest, CancelAfterSubmissionIsRefused) {
  Fund();
  Payout payout = Create(R"pb(amount: 1100 currency: "usd")pb");
  AdvanceTo(kSubmitted);
  const int64_t before = Available();
  const size_t events = EventCount();
  absl::StatusOr<Payout> canceled = engine_.payouts().Cancel(payout.id());
  EXPECT_THAT(canceled, StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(canceled, HttpStatusIs(400));
  EXPECT_EQ(Retrieve(payout.id()).status(), "in_transit");
  EXPECT_EQ(Available(), before);
  EXPECT_EQ(EventCount(), events);
  EXPECT_THAT(engine_.payouts().Cancel("po_missing"), HttpStatusIs(404));
}

TEST_F(PayoutsTest, UpdateChangesMetadataOnly) {
  Fund();
  Payout payout = Create(R"pb(amount: 1100 currency: "usd")pb");
  const size_t events = EventCount();
  absl::StatusOr<Payout> updated = engine_.payouts().Update(
      payout.id(), ParseParams<PayoutUpdateParams>(R"pb(metadata { key: "foo" value: "bar" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->metadata().at("foo"), "bar");
  EXPECT_EQ(updated->status(), "pending");
  EXPECT_THAT(EventTypesSince(events), ElementsAre("payout.updated"));
  EXPECT_EQ(Events().back().data().previous_attributes(), R"({"metadata":{"foo":null}})");
  // The same metadata again changes nothing: no event.
  EXPECT_THAT(engine_.payouts().Update(payout.id(), ParseParams<PayoutUpdateParams>(R"pb(
                                         metadata { key: "foo" value: "bar" })pb")),
              IsOk());
  EXPECT_EQ(EventCount(), events + 1);
}

TEST_F(PayoutsTest, InsufficientBalanceIsRefusedWithStripesError) {
  absl::StatusOr<Payout> payout = engine_.payouts().Create(
      ParseParams<PayoutCreateParams>(R"pb(amount: 1100 currency: "usd")pb"));
  EXPECT_EQ(EventCount(), 0u);
  EXPECT_THAT(payout, StripeErrorIs("invalid_request_error", "balance_insufficient"));
  EXPECT_THAT(payout, HttpStatusIs(400));
  EXPECT_EQ(GetStripeError(payout.status())->message(),
            "You have insufficient funds in your Stripe account for this transfer. Your card "
            "balance is too low.  You can use the /v1/balance endpoint to view your Stripe "
            "balance (for more details, see stripe.com/docs/api#balance).");
  EXPECT_FALSE(GetStripeError(payout.status())->has_param());

  Fund(1000);  // 1000 - fees available: not enough for 1000
  const int64_t available = Available();
  const size_t events = EventCount();
  EXPECT_THAT(engine_.payouts().Create(ParseParams<PayoutCreateParams>(
                  absl::StrCat("amount: ", available + 1, " currency: \"usd\""))),
              StripeErrorIs("invalid_request_error", "balance_insufficient"));
  // Another source type's balance is empty.
  absl::StatusOr<Payout> bank = engine_.payouts().Create(ParseParams<PayoutCreateParams>(
      R"pb(amount: 100 currency: "usd" source_type: "bank_account")pb"));
  EXPECT_THAT(bank, StripeErrorIs("invalid_request_error", "balance_insufficient"));
  EXPECT_NE(GetStripeError(bank.status())->message().find("Your bank_account balance is too low."),
            std::string::npos);
  // Exactly the available balance is fine.
  EXPECT_THAT(engine_.payouts().Create(ParseParams<PayoutCreateParams>(
                  absl::StrCat("amount: ", available, " currency: \"usd\""))),
              IsOk());
  EXPECT_EQ(Available(), 0);
  EXPECT_THAT(EventTypesSince(events), ElementsAre("payout.created"));
}

TEST_F(PayoutsTest, BadInputIsRefusedAndChangesNothing) {
  Fund();
  const int64_t before = Available();
  const size_t events = EventCount();
  struct Case {
    const char* params;
    const char* code;
    const char* param;
  };
  const Case cases[] = {
      {R"pb(currency: "usd")pb", "parameter_missing", "amount"},
      {R"pb(amount: 100)pb", "parameter_missing", "currency"},
      {R"pb(amount: 0 currency: "usd")pb", "parameter_invalid_integer", "amount"},
      {R"pb(amount: -5 currency: "usd")pb", "parameter_invalid_integer", "amount"},
      {R"pb(amount: 100 currency: "usd" method: "fast")pb", "", "method"},
      {R"pb(amount: 100 currency: "usd" source_type: "cash")pb", "", "source_type"},
      {R"pb(amount: 100 currency: "usd" destination: "ba_unknown")pb", "resource_missing",
       "destination"},
      {R"pb(amount: 100 currency: "usd" statement_descriptor: "ABCDEFGHIJKLMNOPQRSTUVW")pb", "",
       "statement_descriptor"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Payout> payout =
        engine_.payouts().Create(ParseParams<PayoutCreateParams>(c.params));
    EXPECT_THAT(payout, StripeErrorWithParam("invalid_request_error", c.code, c.param))
        << c.params;
    EXPECT_THAT(payout, HttpStatusIs(400)) << c.params;
  }
  EXPECT_EQ(Available(), before);
  EXPECT_EQ(EventCount(), events);
  EXPECT_THAT(ListIds(""), IsEmpty());
  EXPECT_THAT(engine_.payouts().Retrieve("po_missing"), HttpStatusIs(404));
}

TEST_F(PayoutsTest, ListFiltersAndPaginates) {
  Fund(100000);
  const std::string a = Create(R"pb(amount: 100 currency: "usd")pb").id();
  AdvanceTo(kStart + kDay);  // Friday: arrival Tuesday
  const std::string b =
      Create(R"pb(amount: 200 currency: "usd" destination: "btok_us_verified_accountClosed")pb")
          .id();
  const std::string c = Create(R"pb(amount: 300 currency: "usd")pb").id();
  EXPECT_THAT(engine_.payouts().Cancel(c), IsOk());

  EXPECT_THAT(ListIds(""), ElementsAre(c, b, a));
  EXPECT_THAT(ListIds(R"pb(status: "canceled")pb"), ElementsAre(c));
  EXPECT_THAT(ListIds(R"pb(status: "in_transit")pb"), ElementsAre(a));
  EXPECT_THAT(ListIds(R"pb(destination: "ba_1PaysimAcctClosedBankAc")pb"), ElementsAre(b));
  EXPECT_THAT(ListIds(absl::StrCat("arrival_date { exact: ", kArrival, " }")), ElementsAre(a));
  EXPECT_THAT(ListIds(absl::StrCat("arrival_date { gt: ", kArrival, " }")), ElementsAre(c, b));
  EXPECT_THAT(ListIds(absl::StrCat("created { lt: ", kStart + kDay, " }")), ElementsAre(a));
  EXPECT_THAT(ListIds(R"pb(limit: 2)pb"), ElementsAre(c, b));
  EXPECT_THAT(ListIds(absl::StrCat("limit: 2 starting_after: \"", b, "\"")), ElementsAre(a));
}

TEST_F(PayoutsTest, TheLifecycleTableIsPublished) {
  const Lifecycle* payouts = FindLifecycle("payout");
  ASSERT_NE(payouts, nullptr);
  EXPECT_TRUE(payouts->Allows("pending", "in_transit"));
  EXPECT_TRUE(payouts->Allows("in_transit", "paid"));
  EXPECT_TRUE(payouts->Allows("in_transit", "failed"));
  EXPECT_TRUE(payouts->Allows("pending", "canceled"));
  EXPECT_FALSE(payouts->Allows("in_transit", "canceled"));
  EXPECT_FALSE(payouts->Allows("paid", "failed"));
}

}  // namespace
}  // namespace paysim
