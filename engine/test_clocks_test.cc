// Behaviour tests of test clocks: create, retrieve, list, advance, delete and their events;
// Stripe's refusals (each changing nothing); a subscription on a clock renewing and paying at
// each boundary one second either side as the clock advances while the engine's clock stays;
// the advance limit; objects without a clock left to the engine's clock; a deleted clock
// taking its customers and their subscriptions with it; each clock seeing only its own
// customers, also on a restored engine.
#include <memory>
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

constexpr int64_t kJun1 = 1748736000;  // 2025-06-01T00:00:00Z: the clocks' start
constexpr int64_t kJul1 = 1751328000;  // 2025-07-01T00:00:00Z
constexpr int64_t kAug1 = 1754006400;  // 2025-08-01T00:00:00Z
constexpr int64_t kSep1 = 1756684800;  // 2025-09-01T00:00:00Z

class TestClocksTest : public BillingTest {
 protected:
  TestClock NewClock(int64_t frozen_time = kJun1, const std::string& more = "") {
    absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
        ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", frozen_time, " ", more)));
    EXPECT_THAT(clock, IsOk());
    return clock.ok() ? *clock : TestClock();
  }

  absl::StatusOr<Customer> CustomerOn(const std::string& clock) {
    return engine_.customers().Create(
        ParseParams<CustomerCreateParams>(absl::StrCat("test_clock: \"", clock, "\"")));
  }

  // A customer on `clock` with pm_card_visa as its invoice default.
  std::string ClockCustomer(const std::string& clock) {
    absl::StatusOr<Customer> customer = CustomerOn(clock);
    EXPECT_THAT(customer, IsOk());
    if (!customer.ok()) return "";
    SetDefaultCard(customer->id(), AttachCard(customer->id(), "pm_card_visa"));
    return customer->id();
  }

  absl::StatusOr<TestClock> Advance(const std::string& clock, int64_t to) {
    return engine_.test_clocks().Advance(
        clock, ParseParams<TestClockAdvanceParams>(absl::StrCat("frozen_time: ", to)));
  }

  TestClock Clock(const std::string& id) {
    absl::StatusOr<TestClock> clock = engine_.test_clocks().Retrieve(id);
    EXPECT_THAT(clock, IsOk());
    return clock.ok() ? *clock : TestClock();
  }
};

TEST_F(TestClocksTest, CreateRetrieveListDelete) {
  const TestClock clock = NewClock(kJun1, R"pb(name: "renewals")pb");
  EXPECT_TRUE(absl::StartsWith(clock.id(), "clock_"));
  EXPECT_EQ(clock.object(), "test_helpers.test_clock");
  EXPECT_EQ(clock.created(), kStart);
  EXPECT_EQ(clock.deletes_after(), kStart + 30 * kDay);
  EXPECT_EQ(clock.frozen_time(), kJun1);
  EXPECT_FALSE(clock.livemode());
  EXPECT_EQ(clock.name(), "renewals");
  EXPECT_EQ(clock.status(), "ready");
  EXPECT_FALSE(clock.status_details().has_advancing());
  ASSERT_FALSE(events_.empty());
  EXPECT_EQ(events_.back().type(), "test_helpers.test_clock.created");
  EXPECT_EQ(events_.back().data().object().test_clock().id(), clock.id());

  EXPECT_EQ(Clock(clock.id()).frozen_time(), kJun1);
  const TestClock unnamed = NewClock(kJul1);
  EXPECT_FALSE(unnamed.has_name());
  absl::StatusOr<ListResult<TestClock>> list =
      engine_.test_clocks().List(ParseParams<TestClockListParams>("limit: 1"));
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->data.size(), 1u);
  EXPECT_EQ(list->data[0].id(), unnamed.id());  // newest first
  EXPECT_TRUE(list->has_more);

  absl::StatusOr<DeletedObject> deleted = engine_.test_clocks().Delete(clock.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(deleted->id(), clock.id());
  EXPECT_EQ(deleted->object(), "test_helpers.test_clock");
  EXPECT_TRUE(deleted->deleted());
  EXPECT_EQ(events_.back().type(), "test_helpers.test_clock.deleted");
  EXPECT_THAT(engine_.test_clocks().Retrieve(clock.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(engine_.test_clocks().Retrieve(clock.id()), HttpStatusIs(404));
}

TEST_F(TestClocksTest, AdvanceAnswersAdvancingThenIsReady) {
  const TestClock clock = NewClock();
  const size_t first = events_.size();
  absl::StatusOr<TestClock> advancing = Advance(clock.id(), kJul1);
  ASSERT_THAT(advancing, IsOk());
  EXPECT_EQ(advancing->status(), "advancing");
  EXPECT_EQ(advancing->frozen_time(), kJun1);
  EXPECT_EQ(advancing->status_details().advancing().target_frozen_time(), kJul1);
  EXPECT_THAT(TypesSince(first), ElementsAre("test_helpers.test_clock.advancing",
                                             "test_helpers.test_clock.ready"));
  EXPECT_TRUE(events_[first].request().has_id());
  EXPECT_FALSE(events_[first + 1].request().has_id());  // Stripe's asynchronous part
  EXPECT_EQ(events_[first + 1].data().object().test_clock().frozen_time(), kJul1);

  const TestClock ready = Clock(clock.id());
  EXPECT_EQ(ready.status(), "ready");
  EXPECT_EQ(ready.frozen_time(), kJul1);
  EXPECT_FALSE(ready.status_details().has_advancing());
  EXPECT_EQ(engine_.Now(), absl::FromUnixSeconds(kStart));  // the engine's clock did not move
}

TEST_F(TestClocksTest, RefusalsChangeNothing) {
  const TestClock clock = NewClock();
  const auto before = engine_.StateSummary();
  EXPECT_THAT(engine_.test_clocks().Create(TestClockCreateParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "frozen_time"));
  EXPECT_THAT(engine_.test_clocks().Create(ParseParams<TestClockCreateParams>(absl::StrCat(
                  "frozen_time: 1 name: \"", std::string(kTestClockNameMaxLength + 1, 'x'), "\""))),
              StripeErrorWithParam("invalid_request_error", "", "name"));
  EXPECT_THAT(engine_.test_clocks().Advance(clock.id(), TestClockAdvanceParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "frozen_time"));
  EXPECT_THAT(Advance(clock.id(), kJun1),
              StripeErrorWithParam("invalid_request_error", "", "frozen_time"));
  EXPECT_THAT(Advance(clock.id(), kJun1 - 1),
              StripeErrorWithParam("invalid_request_error", "", "frozen_time"));
  // Without subscriptions: at most two years in one advance.
  const int64_t two_years = 1811808000;  // 2027-06-01T00:00:00Z
  EXPECT_THAT(Advance(clock.id(), two_years + 1),
              StripeErrorWithParam("invalid_request_error", "", "frozen_time"));
  EXPECT_THAT(Advance("clock_unknown", kJul1),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(Advance("clock_unknown", kJul1), HttpStatusIs(404));
  EXPECT_THAT(engine_.test_clocks().Delete("clock_unknown"),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(CustomerOn("clock_unknown"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "test_clock"));
  EXPECT_EQ(engine_.StateSummary(), before);

  // At most three customers on a clock.
  for (int i = 0; i < kTestClockMaxCustomers; ++i) ASSERT_THAT(CustomerOn(clock.id()), IsOk());
  const auto full = engine_.StateSummary();
  EXPECT_THAT(CustomerOn(clock.id()),
              StripeErrorWithParam("invalid_request_error", "", "test_clock"));
  EXPECT_EQ(engine_.StateSummary(), full);

  // A deleted clock takes no customers and no advance.
  ASSERT_THAT(engine_.test_clocks().Delete(clock.id()), IsOk());
  const auto gone = engine_.StateSummary();
  EXPECT_THAT(CustomerOn(clock.id()),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "test_clock"));
  EXPECT_THAT(Advance(clock.id(), two_years),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_EQ(engine_.StateSummary(), gone);
  EXPECT_THAT(Advance(NewClock().id(), two_years), IsOk());  // exactly two years is allowed
}

TEST_F(TestClocksTest, SubscriptionOnAClockRenewsAsTheClockAdvances) {
  const TestClock clock = NewClock();
  const std::string customer = ClockCustomer(clock.id());
  absl::StatusOr<Customer> stored = engine_.customers().Retrieve(customer);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->test_clock(), clock.id());
  EXPECT_EQ(stored->created(), kJun1);

  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice(2000));
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->status(), "active");
  EXPECT_EQ(sub->created(), kJun1);
  EXPECT_EQ(sub->start_date(), kJun1);
  EXPECT_EQ(sub->items().data(0).current_period_start(), kJun1);
  EXPECT_EQ(sub->items().data(0).current_period_end(), kJul1);
  const std::string first_invoice = sub->latest_invoice();
  EXPECT_EQ(Inv(first_invoice).status(), "paid");
  EXPECT_EQ(Inv(first_invoice).created(), kJun1);

  // The engine's clock moving a year renews nothing on the test clock.
  At(kStart + 365 * kDay);
  EXPECT_EQ(Sub(sub->id()).latest_invoice(), first_invoice);

  // First renewal: the period ends at Jul 1, the draft is finalized and paid an hour later.
  ASSERT_THAT(Advance(clock.id(), kJul1 - 1), IsOk());
  EXPECT_EQ(Sub(sub->id()).latest_invoice(), first_invoice);
  size_t first = events_.size();
  ASSERT_THAT(Advance(clock.id(), kJul1), IsOk());
  Subscription renewed = Sub(sub->id());
  EXPECT_EQ(renewed.items().data(0).current_period_start(), kJul1);
  EXPECT_EQ(renewed.items().data(0).current_period_end(), kAug1);
  EXPECT_THAT(TypesSince(first),
              ElementsAre("test_helpers.test_clock.advancing", "customer.subscription.updated",
                          "invoice.created", "test_helpers.test_clock.ready"));
  EXPECT_EQ(events_[first + 1].created(), kJul1);  // on the clock's time
  EXPECT_EQ(events_[first].created(), kStart + 365 * kDay);  // the clock's own: the engine's
  Invoice invoice = Inv(renewed.latest_invoice());
  EXPECT_EQ(invoice.status(), "draft");
  EXPECT_EQ(invoice.created(), kJul1);
  EXPECT_EQ(invoice.next_payment_attempt(), kJul1 + kHour);

  ASSERT_THAT(Advance(clock.id(), kJul1 + kHour - 1), IsOk());
  EXPECT_EQ(Inv(invoice.id()).status(), "draft");
  ASSERT_THAT(Advance(clock.id(), kJul1 + kHour), IsOk());
  invoice = Inv(invoice.id());
  EXPECT_EQ(invoice.status(), "paid");
  EXPECT_EQ(invoice.status_transitions().paid_at(), kJul1 + kHour);

  // Second renewal, in one advance past both of its boundaries: they fire in time order.
  ASSERT_THAT(Advance(clock.id(), kAug1 - 1), IsOk());
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);
  first = events_.size();
  ASSERT_THAT(Advance(clock.id(), kAug1 + kHour), IsOk());
  std::vector<Invoice> invoices = InvoicesOf(sub->id());
  ASSERT_EQ(invoices.size(), 3u);
  EXPECT_EQ(invoices[2].status(), "paid");
  EXPECT_EQ(invoices[2].period_start(), kAug1);
  EXPECT_EQ(invoices[2].status_transitions().paid_at(), kAug1 + kHour);
  EXPECT_EQ(Sub(sub->id()).items().data(0).current_period_end(), kSep1);
  EXPECT_THAT(TypesSince(first, "invoice."),
              ElementsAre("invoice.created", "invoice.finalized", "invoice.paid",
                          "invoice.payment_succeeded"));
  EXPECT_EQ(engine_.Now(), absl::FromUnixSeconds(kStart + 365 * kDay));
}

TEST_F(TestClocksTest, AdvanceLimitIsTwoIntervalsOfTheShortestSubscription) {
  const TestClock clock = NewClock();
  const std::string customer = ClockCustomer(clock.id());
  ASSERT_THAT(Subscribe(customer, NewPrice(1000, "month")), IsOk());
  ASSERT_THAT(Subscribe(customer, NewPrice(1000, "week")), IsOk());
  const int64_t two_weeks = kJun1 + 14 * kDay;
  const auto before = engine_.StateSummary();
  EXPECT_THAT(Advance(clock.id(), two_weeks + 1),
              StripeErrorWithParam("invalid_request_error", "", "frozen_time"));
  EXPECT_EQ(engine_.StateSummary(), before);
  EXPECT_THAT(Advance(clock.id(), two_weeks), IsOk());
}

TEST_F(TestClocksTest, ObjectsWithoutAClockFollowTheEngineClock) {
  const TestClock clock = NewClock();
  const std::string on_clock = ClockCustomer(clock.id());
  absl::StatusOr<Subscription> clocked = Subscribe(on_clock, NewPrice());
  const std::string plain = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(plain, NewPrice());
  ASSERT_THAT(clocked, IsOk());
  ASSERT_THAT(sub, IsOk());
  EXPECT_EQ(sub->created(), kStart);
  EXPECT_EQ(sub->items().data(0).current_period_end(), kFeb1);

  // Advancing the clock past Feb 1 2026's equivalent does nothing to the plain subscription.
  ASSERT_THAT(Advance(clock.id(), kJul1 + kHour), IsOk());
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 1u);
  EXPECT_EQ(InvoicesOf(clocked->id()).size(), 2u);
  // The engine's clock renews it, and leaves the clocked one alone.
  At(kFeb1 + kHour);
  EXPECT_EQ(InvoicesOf(sub->id()).size(), 2u);
  EXPECT_EQ(InvoicesOf(clocked->id()).size(), 2u);
  EXPECT_EQ(Clock(clock.id()).frozen_time(), kJul1 + kHour);
}

TEST_F(TestClocksTest, DeletingAClockDeletesItsCustomersAndEndsTheirSubscriptions) {
  const TestClock clock = NewClock();
  const std::string customer = ClockCustomer(clock.id());
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  const std::string plain = NewCustomer();
  const size_t first = events_.size();
  ASSERT_THAT(engine_.test_clocks().Delete(clock.id()), IsOk());
  EXPECT_THAT(TypesSince(first), ElementsAre("customer.subscription.deleted", "customer.deleted",
                                             "test_helpers.test_clock.deleted"));
  EXPECT_EQ(Sub(sub->id()).status(), "canceled");
  EXPECT_EQ(Sub(sub->id()).canceled_at(), kJun1);
  EXPECT_THAT(engine_.customers().Retrieve(customer),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(engine_.customers().Retrieve(plain), IsOk());
}

TEST_F(TestClocksTest, EachClockSeesOnlyItsCustomersAlsoAfterARestore) {
  const TestClock clock = NewClock();
  const TestClock other = NewClock();
  const std::string a = ClockCustomer(clock.id());
  const std::string b = ClockCustomer(clock.id());
  const std::string x = ClockCustomer(other.id());
  const std::string plain = NewCustomer();
  absl::StatusOr<Subscription> b1 = Subscribe(b, NewPrice(1000, "month"));
  absl::StatusOr<Subscription> a1 = Subscribe(a, NewPrice(1000, "week"));
  absl::StatusOr<Subscription> b2 = Subscribe(b, NewPrice(1000, "month"));
  ASSERT_THAT(Subscribe(x, NewPrice(1000, "day")), IsOk());  // other's: no limit on `clock`
  ASSERT_THAT(Subscribe(plain, NewPrice(1000, "day")), IsOk());
  ASSERT_THAT(b1, IsOk());
  ASSERT_THAT(a1, IsOk());
  ASSERT_THAT(b2, IsOk());
  const int64_t two_weeks = kJun1 + 14 * kDay;
  EXPECT_THAT(Advance(clock.id(), two_weeks + 1),
              StripeErrorWithParam("invalid_request_error", "", "frozen_time"));
  EXPECT_THAT(Advance(other.id(), kJun1 + 2 * kDay + 1),
              StripeErrorWithParam("invalid_request_error", "", "frozen_time"));

  // A restored engine counts the clock's customers from its store: one more fits, then none.
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  const std::string on_clock = absl::StrCat("test_clock: \"", clock.id(), "\"");
  EXPECT_THAT((*restored)->customers().Create(ParseParams<CustomerCreateParams>(on_clock)),
              IsOk());
  EXPECT_THAT((*restored)->customers().Create(ParseParams<CustomerCreateParams>(on_clock)),
              StripeErrorWithParam("invalid_request_error", "", "test_clock"));

  // Deleting the clock ends its customers' subscriptions in the order they were made, then
  // deletes its customers; the other clock's and the plain customer's stay.
  const size_t first = events_.size();
  ASSERT_THAT(engine_.test_clocks().Delete(clock.id()), IsOk());
  std::vector<std::string> ended;
  std::vector<std::string> deleted;
  for (size_t i = first; i < events_.size(); ++i) {
    const Event& event = events_[i];
    if (event.type() == "customer.subscription.deleted") {
      ended.push_back(event.data().object().subscription().id());
    } else if (event.type() == "customer.deleted") {
      deleted.push_back(event.data().object().customer().id());
    }
  }
  EXPECT_THAT(ended, ElementsAre(b1->id(), a1->id(), b2->id()));
  EXPECT_THAT(deleted, ElementsAre(a, b));
  EXPECT_EQ(events_.back().type(), "test_helpers.test_clock.deleted");
  EXPECT_THAT(engine_.customers().Retrieve(x), IsOk());
  EXPECT_THAT(engine_.customers().Retrieve(plain), IsOk());
  EXPECT_THAT(CustomerOn(other.id()), IsOk());
}

TEST_F(TestClocksTest, ASnapshotKeepsTheClocksTimers) {
  const TestClock clock = NewClock();
  absl::StatusOr<Subscription> sub = Subscribe(ClockCustomer(clock.id()), NewPrice());
  ASSERT_THAT(sub, IsOk());
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  EXPECT_EQ((*restored)->StateSummary(), engine_.StateSummary());
  for (Engine* engine : {&engine_, restored->get()}) {
    ASSERT_THAT(engine->test_clocks().Advance(
                    clock.id(), ParseParams<TestClockAdvanceParams>(
                                    absl::StrCat("frozen_time: ", kJul1 + kHour))),
                IsOk());
    absl::StatusOr<Subscription> renewed = engine->subscriptions().Retrieve(sub->id());
    ASSERT_THAT(renewed, IsOk());
    EXPECT_EQ(renewed->items().data(0).current_period_start(), kJul1);
  }
  EXPECT_EQ((*restored)->StateSummary(), engine_.StateSummary());
}

}  // namespace
}  // namespace paysim
