// Behaviour tests of subscription schedules: create (now, later, from a subscription),
// retrieve, list, update, cancel, release and their events; each boundary on the clock one
// second either side (the start, a phase change, the expiring notice, the completion with
// either end_behavior); a trial phase; a subscription canceled outside its schedule; a
// schedule on a test clock; Stripe's refusals, each changing nothing.
#include <algorithm>
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

class SubscriptionSchedulesTest : public BillingTest {
 protected:
  absl::StatusOr<SubscriptionSchedule> Schedule(const std::string& text) {
    return engine_.subscription_schedules().Create(
        ParseParams<SubscriptionScheduleCreateParams>(text));
  }

  // Two monthly phases from now: quantity 1, then 2.
  SubscriptionSchedule TwoPhases(const std::string& customer, const std::string& price,
                                 const std::string& more = "") {
    absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
        "customer: \"", customer, "\" start_date: \"now\" ", "phases { items { price: \"", price,
        "\" quantity: 1 } iterations: 1 } phases { items { price: \"", price,
        "\" quantity: 2 } iterations: 1 } ", more));
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *s : SubscriptionSchedule();
  }

  SubscriptionSchedule Sched(const std::string& id) {
    absl::StatusOr<SubscriptionSchedule> s = engine_.subscription_schedules().Retrieve(id);
    EXPECT_THAT(s, IsOk());
    return s.ok() ? *s : SubscriptionSchedule();
  }

  int ScheduleCount() {
    absl::StatusOr<ListResult<SubscriptionSchedule>> page =
        engine_.subscription_schedules().List(SubscriptionScheduleListParams());
    EXPECT_THAT(page, IsOk());
    return page.ok() ? static_cast<int>(page->data.size()) : -1;
  }
};

TEST_F(SubscriptionSchedulesTest, StartingNowCreatesItsSubscriptionActive) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice(1500);
  const size_t first = events_.size();
  const SubscriptionSchedule s =
      TwoPhases(customer, price, R"pb(metadata { key: "k" value: "v" })pb");
  EXPECT_TRUE(absl::StartsWith(s.id(), "sub_sched_"));
  EXPECT_EQ(s.object(), "subscription_schedule");
  EXPECT_EQ(s.status(), "active");
  EXPECT_EQ(s.created(), kStart);
  EXPECT_EQ(s.customer(), customer);
  EXPECT_EQ(s.end_behavior(), "release");
  EXPECT_EQ(s.metadata().at("k"), "v");
  EXPECT_EQ(s.current_phase().start_date(), kStart);
  EXPECT_EQ(s.current_phase().end_date(), kFeb1);
  ASSERT_EQ(s.phases_size(), 2);
  EXPECT_EQ(s.phases(0).start_date(), kStart);
  EXPECT_EQ(s.phases(0).end_date(), kFeb1);
  EXPECT_EQ(s.phases(1).start_date(), kFeb1);
  EXPECT_EQ(s.phases(1).end_date(), kMar1);
  EXPECT_EQ(s.phases(1).items(0).price(), price);
  EXPECT_EQ(s.phases(1).items(0).plan(), price);
  EXPECT_EQ(s.phases(1).items(0).quantity(), 2);
  EXPECT_EQ(s.phases(0).currency(), "usd");
  EXPECT_EQ(s.phases(0).proration_behavior(), "create_prorations");
  EXPECT_EQ(s.default_settings().collection_method(), "charge_automatically");
  EXPECT_FALSE(s.has_test_clock());
  ASSERT_TRUE(s.has_subscription());
  const Subscription sub = Sub(s.subscription());
  EXPECT_EQ(sub.status(), "active");
  EXPECT_EQ(sub.schedule(), s.id());
  EXPECT_EQ(sub.items().data(0).quantity(), 1);
  EXPECT_EQ(InvoicesOf(sub.id()).at(0).amount_paid(), 1500);
  const std::vector<std::string> types = TypesSince(first, "subscription_schedule.");
  EXPECT_THAT(types, ElementsAre("subscription_schedule.created"));
  EXPECT_EQ(events_.back().type(), "subscription_schedule.created");
  EXPECT_EQ(Sched(s.id()).subscription(), sub.id());
}

TEST_F(SubscriptionSchedulesTest, PhaseChangeOneSecondEitherSide) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice(1500);
  const SubscriptionSchedule s = TwoPhases(customer, price);
  At(kFeb1 - 1);
  EXPECT_EQ(Sub(s.subscription()).items().data(0).quantity(), 1);
  EXPECT_EQ(Sched(s.id()).current_phase().end_date(), kFeb1);
  const size_t before = events_.size();
  At(kFeb1);
  EXPECT_EQ(Sub(s.subscription()).items().data(0).quantity(), 2);
  const SubscriptionSchedule moved = Sched(s.id());
  EXPECT_EQ(moved.status(), "active");
  EXPECT_EQ(moved.current_phase().start_date(), kFeb1);
  EXPECT_EQ(moved.current_phase().end_date(), kMar1);
  const std::vector<std::string> types = TypesSince(before);
  ASSERT_GE(types.size(), 3u);
  EXPECT_EQ(types[0], "customer.subscription.updated");  // the items
  EXPECT_EQ(types[1], "subscription_schedule.updated");
  // The renewal at the same instant bills the new phase.
  At(kFeb1 + kHour);
  EXPECT_EQ(InvoicesOf(s.subscription()).back().amount_due(), 3000);
}

TEST_F(SubscriptionSchedulesTest, ExpiringNoticeSevenDaysBeforeTheEnd) {
  const SubscriptionSchedule s = TwoPhases(NewCustomer(), NewPrice());
  const int64_t notice = kMar1 - 7 * kDay;
  At(notice - 1);
  EXPECT_TRUE(TypesSince(0, "subscription_schedule.expiring").empty());
  At(notice);
  EXPECT_THAT(TypesSince(0, "subscription_schedule.expiring"),
              ElementsAre("subscription_schedule.expiring"));
  // The subscription's invoice.upcoming comes at the same instant (its period ends then too).
  auto expiring = std::find_if(events_.rbegin(), events_.rend(), [](const Event& e) {
    return e.type() == "subscription_schedule.expiring";
  });
  ASSERT_NE(expiring, events_.rend());
  EXPECT_EQ(expiring->data().object().subscription_schedule().id(), s.id());
  At(kMar1 - 1);
  EXPECT_EQ(TypesSince(0, "subscription_schedule.expiring").size(), 1u);
}

TEST_F(SubscriptionSchedulesTest, CompletesAndReleasesItsSubscription) {
  const SubscriptionSchedule s = TwoPhases(NewCustomer(), NewPrice());
  At(kMar1 - 1);
  EXPECT_EQ(Sched(s.id()).status(), "active");
  const size_t before = events_.size();
  At(kMar1);
  const SubscriptionSchedule done = Sched(s.id());
  EXPECT_EQ(done.status(), "completed");
  EXPECT_EQ(done.completed_at(), kMar1);
  EXPECT_FALSE(done.has_current_phase());
  EXPECT_EQ(TypesSince(before, "subscription_schedule.").front(),
            "subscription_schedule.completed");
  const Subscription sub = Sub(s.subscription());
  EXPECT_EQ(sub.status(), "active");  // it renews on its own
  EXPECT_FALSE(sub.has_schedule());
  EXPECT_EQ(sub.items().data(0).quantity(), 2);
}

TEST_F(SubscriptionSchedulesTest, CompletesWithCancelEndingItsSubscription) {
  const SubscriptionSchedule s =
      TwoPhases(NewCustomer(), NewPrice(), R"pb(end_behavior: "cancel")pb");
  At(kMar1 - 1);
  EXPECT_EQ(Sub(s.subscription()).status(), "active");
  const size_t invoices = InvoicesOf(s.subscription()).size();
  const size_t before = events_.size();
  At(kMar1);
  EXPECT_EQ(Sched(s.id()).status(), "completed");
  EXPECT_EQ(Sub(s.subscription()).status(), "canceled");
  EXPECT_EQ(InvoicesOf(s.subscription()).size(), invoices);  // no renewal
  const std::vector<std::string> types = TypesSince(before);
  EXPECT_THAT(types, ElementsAre("subscription_schedule.completed",
                                 "customer.subscription.deleted"));
}

TEST_F(SubscriptionSchedulesTest, FutureStartOneSecondEitherSide) {
  const std::string price = NewPrice();
  const int64_t start = kStart + 10 * kDay;
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", NewCustomer(), "\" start_date: \"", start, "\" phases { items { price: \"",
      price, "\" } }"));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->status(), "not_started");
  EXPECT_FALSE(s->has_subscription());
  EXPECT_FALSE(s->has_current_phase());
  EXPECT_EQ(s->phases(0).start_date(), start);
  At(start - 1);
  EXPECT_EQ(Sched(s->id()).status(), "not_started");
  const size_t before = events_.size();
  At(start);
  const SubscriptionSchedule started = Sched(s->id());
  EXPECT_EQ(started.status(), "active");
  ASSERT_TRUE(started.has_subscription());
  EXPECT_EQ(Sub(started.subscription()).start_date(), start);
  EXPECT_EQ(started.current_phase().start_date(), start);
  EXPECT_EQ(TypesSince(before, "customer.subscription.").front(), "customer.subscription.created");
  EXPECT_THAT(TypesSince(before, "subscription_schedule."),
              ElementsAre("subscription_schedule.updated"));
}

TEST_F(SubscriptionSchedulesTest, CancelEndsTheScheduleAndItsSubscription) {
  const SubscriptionSchedule s = TwoPhases(NewCustomer(), NewPrice());
  const size_t before = events_.size();
  absl::StatusOr<SubscriptionSchedule> canceled =
      engine_.subscription_schedules().Cancel(s.id(), SubscriptionScheduleCancelParams());
  ASSERT_THAT(canceled, IsOk());
  EXPECT_EQ(canceled->status(), "canceled");
  EXPECT_EQ(canceled->canceled_at(), kStart);
  EXPECT_FALSE(canceled->has_current_phase());
  EXPECT_EQ(Sub(s.subscription()).status(), "canceled");
  EXPECT_THAT(TypesSince(before), ElementsAre("subscription_schedule.canceled",
                                              "customer.subscription.deleted"));
  // Ended: no second cancel, no release, no update; nothing fires later.
  EXPECT_THAT(engine_.subscription_schedules().Cancel(s.id(), SubscriptionScheduleCancelParams()),
              StripeErrorIs("invalid_request_error", ""));
  EXPECT_THAT(engine_.subscription_schedules().Release(s.id(), SubscriptionScheduleReleaseParams()),
              StripeErrorIs("invalid_request_error", ""));
  const size_t after = events_.size();
  At(kMar1 + kDay);
  EXPECT_TRUE(TypesSince(after, "subscription_schedule.").empty());
}

TEST_F(SubscriptionSchedulesTest, CancelBeforeItStartsAborts) {
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", NewCustomer(), "\" start_date: \"", kFeb1, "\" phases { items { price: \"",
      NewPrice(), "\" } }"));
  ASSERT_THAT(s, IsOk());
  const size_t before = events_.size();
  ASSERT_THAT(engine_.subscription_schedules().Cancel(s->id(), SubscriptionScheduleCancelParams()),
              IsOk());
  EXPECT_THAT(TypesSince(before), ElementsAre("subscription_schedule.canceled",
                                              "subscription_schedule.aborted"));
  At(kFeb1);
  EXPECT_FALSE(Sched(s->id()).has_subscription());  // never started
}

TEST_F(SubscriptionSchedulesTest, ReleaseLeavesTheSubscriptionRunning) {
  const SubscriptionSchedule s = TwoPhases(NewCustomer(), NewPrice());
  const size_t before = events_.size();
  absl::StatusOr<SubscriptionSchedule> released =
      engine_.subscription_schedules().Release(s.id(), SubscriptionScheduleReleaseParams());
  ASSERT_THAT(released, IsOk());
  EXPECT_EQ(released->status(), "released");
  EXPECT_EQ(released->released_at(), kStart);
  EXPECT_EQ(released->released_subscription(), s.subscription());
  EXPECT_FALSE(released->has_subscription());
  EXPECT_THAT(TypesSince(before), ElementsAre("subscription_schedule.released",
                                              "customer.subscription.updated"));
  At(kFeb1);  // no phase change: the subscription is on its own
  const Subscription sub = Sub(s.subscription());
  EXPECT_FALSE(sub.has_schedule());
  EXPECT_EQ(sub.items().data(0).quantity(), 1);
  EXPECT_EQ(sub.status(), "active");
}

TEST_F(SubscriptionSchedulesTest, SubscriptionCanceledOutsideAbortsTheSchedule) {
  const SubscriptionSchedule s = TwoPhases(NewCustomer(), NewPrice());
  const size_t before = events_.size();
  ASSERT_THAT(engine_.subscriptions().Cancel(s.subscription()), IsOk());
  EXPECT_THAT(TypesSince(before), ElementsAre("customer.subscription.deleted",
                                              "subscription_schedule.aborted"));
  EXPECT_EQ(Sched(s.id()).status(), "canceled");
}

TEST_F(SubscriptionSchedulesTest, FromSubscription) {
  const std::string customer = NewCustomer();
  absl::StatusOr<Subscription> sub = Subscribe(customer, NewPrice());
  ASSERT_THAT(sub, IsOk());
  absl::StatusOr<SubscriptionSchedule> s =
      Schedule(absl::StrCat("from_subscription: \"", sub->id(), "\""));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->status(), "active");
  EXPECT_EQ(s->customer(), customer);
  EXPECT_EQ(s->subscription(), sub->id());
  ASSERT_EQ(s->phases_size(), 1);
  EXPECT_EQ(s->phases(0).start_date(), kStart);
  EXPECT_EQ(s->phases(0).end_date(), kFeb1);
  EXPECT_EQ(s->phases(0).items(0).price(), sub->items().data(0).price().id());
  EXPECT_EQ(Sub(sub->id()).schedule(), s->id());
  EXPECT_THAT(Schedule(absl::StrCat("from_subscription: \"", sub->id(), "\"")),
              StripeErrorWithParam("invalid_request_error", "", "from_subscription"));
  EXPECT_THAT(Schedule(absl::StrCat("from_subscription: \"", sub->id(), "\" customer: \"",
                                    customer, "\"")),
              StripeErrorWithParam("invalid_request_error", "", "customer"));
}

TEST_F(SubscriptionSchedulesTest, UpdateMetadataAndTheCurrentPhase) {
  const std::string price = NewPrice();
  const SubscriptionSchedule s = TwoPhases(NewCustomer(), price);
  const size_t before = events_.size();
  absl::StatusOr<SubscriptionSchedule> updated = engine_.subscription_schedules().Update(
      s.id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                  "metadata { key: \"a\" value: \"b\" } end_behavior: \"cancel\" ",
                  "phases { items { price: \"", price, "\" quantity: 5 } iterations: 2 }")));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->metadata().at("a"), "b");
  EXPECT_EQ(updated->end_behavior(), "cancel");
  ASSERT_EQ(updated->phases_size(), 1);
  EXPECT_EQ(updated->current_phase().end_date(), kMar1);
  EXPECT_EQ(Sub(s.subscription()).items().data(0).quantity(), 5);
  EXPECT_THAT(TypesSince(before), ElementsAre("customer.subscription.updated",
                                              "subscription_schedule.updated"));
  EXPECT_NE(events_.back().data().previous_attributes().find("metadata"), std::string::npos);
  At(kFeb1);  // the old boundary does nothing now
  EXPECT_EQ(Sched(s.id()).status(), "active");
  EXPECT_EQ(Sub(s.subscription()).items().data(0).quantity(), 5);
  At(kMar1);
  EXPECT_EQ(Sched(s.id()).status(), "completed");
  EXPECT_EQ(Sub(s.subscription()).status(), "canceled");
}

TEST_F(SubscriptionSchedulesTest, OnATestClock) {
  constexpr int64_t kJun1 = 1748736000;  // 2025-06-01T00:00:00Z
  constexpr int64_t kJul1 = 1751328000;  // 2025-07-01T00:00:00Z
  absl::StatusOr<TestClock> clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", kJun1)));
  ASSERT_THAT(clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>(absl::StrCat("test_clock: \"", clock->id(), "\"")));
  ASSERT_THAT(customer, IsOk());
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer->id(), "\" start_date: \"", kJun1,
      "\" end_behavior: \"release\" phases { items { price: \"", NewPrice(),
      "\" } iterations: 1 }"));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->test_clock(), clock->id());
  EXPECT_EQ(s->created(), kJun1);
  EXPECT_EQ(s->status(), "active");
  EXPECT_EQ(s->current_phase().end_date(), kJul1);
  EXPECT_EQ(Sub(s->subscription()).status(), "incomplete");  // nothing to pay with
  At(kStart + 400 * kDay);  // the engine's clock does not move the customer's
  EXPECT_EQ(Sched(s->id()).status(), "active");
  auto advance = [&](int64_t to) {
    return engine_.test_clocks().Advance(
        clock->id(), ParseParams<TestClockAdvanceParams>(absl::StrCat("frozen_time: ", to)));
  };
  ASSERT_THAT(advance(kJul1 - 7 * kDay - 1), IsOk());
  EXPECT_TRUE(TypesSince(0, "subscription_schedule.expiring").empty());
  ASSERT_THAT(advance(kJul1 - 7 * kDay), IsOk());
  EXPECT_EQ(TypesSince(0, "subscription_schedule.expiring").size(), 1u);
  ASSERT_THAT(advance(kJul1 - 1), IsOk());
  EXPECT_EQ(Sched(s->id()).status(), "active");
  ASSERT_THAT(advance(kJul1), IsOk());
  EXPECT_EQ(Sched(s->id()).status(), "completed");
  EXPECT_EQ(Sched(s->id()).completed_at(), kJul1);
}

TEST_F(SubscriptionSchedulesTest, BadInputIsRefusedAndChangesNothing) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice();
  const size_t before = events_.size();
  const std::string phase = absl::StrCat("phases { items { price: \"", price, "\" } }");
  EXPECT_THAT(Schedule(phase),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "customer"));
  EXPECT_THAT(Schedule(absl::StrCat("customer: \"cus_nope\" ", phase)),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "customer"));
  const std::string who = absl::StrCat("customer: \"", customer, "\" ");
  EXPECT_THAT(Schedule(who),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "phases"));
  EXPECT_THAT(Schedule(who + "phases { items { price: \"price_nope\" } }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "phases[0][items][0][price]"));
  // Stripe's legacy `plan` names the item's price too: an unknown plan, or both given.
  EXPECT_THAT(Schedule(who + "phases { items { plan: \"plan_nope\" } }"),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "phases[0][items][0][plan]"));
  EXPECT_THAT(Schedule(who + absl::StrCat("phases { items { plan: \"", price, "\" price: \"",
                                          price, "\" } }")),
              StripeErrorWithParam("invalid_request_error", "", "phases[0][items][0][plan]"));
  EXPECT_THAT(Schedule(who + "phases { iterations: 1 }"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "phases[0][items]"));
  EXPECT_THAT(Schedule(who + absl::StrCat("phases { items { price: \"", price,
                                          "\" } iterations: 1 end_date: \"", kMar1, "\" }")),
              StripeErrorWithParam("invalid_request_error", "", "phases[0][end_date]"));
  EXPECT_THAT(Schedule(who + absl::StrCat("phases { items { price: \"", price,
                                          "\" } iterations: 0 }")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "phases[0][iterations]"));
  EXPECT_THAT(Schedule(who + absl::StrCat("phases { items { price: \"", price,
                                          "\" quantity: -1 } }")),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "phases[0][items][0][quantity]"));
  EXPECT_THAT(Schedule(who + "end_behavior: \"renew\" " + phase),
              StripeErrorWithParam("invalid_request_error", "", "end_behavior"));
  EXPECT_THAT(Schedule(who + absl::StrCat("start_date: \"", kStart - 1, "\" ") + phase),
              StripeErrorWithParam("invalid_request_error", "", "start_date"));
  EXPECT_THAT(Schedule(who + "start_date: \"soon\" " + phase),
              StripeErrorWithParam("invalid_request_error", "parameter_invalid_integer",
                                   "start_date"));
  EXPECT_THAT(Schedule(absl::StrCat("from_subscription: \"sub_nope\"")),
              StripeErrorWithParam("invalid_request_error", "resource_missing",
                                   "from_subscription"));
  EXPECT_THAT(engine_.subscription_schedules().Retrieve("sub_sched_nope"), HttpStatusIs(404));
  EXPECT_EQ(ScheduleCount(), 0);
  EXPECT_EQ(events_.size(), before);
  // An update refused leaves the schedule as it was.
  const SubscriptionSchedule s = TwoPhases(customer, price);
  const size_t after = events_.size();
  EXPECT_THAT(engine_.subscription_schedules().Update(
                  s.id(), ParseParams<SubscriptionScheduleUpdateParams>(absl::StrCat(
                              "metadata { key: \"a\" value: \"b\" } phases { start_date: \"",
                              kStart + 1, "\" items { price: \"", price, "\" } }"))),
              StripeErrorWithParam("invalid_request_error", "", "phases[0][start_date]"));
  EXPECT_TRUE(Sched(s.id()).metadata().empty());
  EXPECT_EQ(events_.size(), after);
}

TEST_F(SubscriptionSchedulesTest, TrialPhaseThenPaidPhase) {
  const std::string price = NewPrice(1500);
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", NewCustomer(), "\" phases { items { price: \"", price,
      "\" } iterations: 1 trial: true } phases { items { price: \"", price,
      "\" quantity: 3 } iterations: 1 }"));
  ASSERT_THAT(s, IsOk());
  EXPECT_EQ(s->phases(0).trial_end(), kFeb1);
  EXPECT_FALSE(s->phases(1).has_trial_end());
  Subscription sub = Sub(s->subscription());
  EXPECT_EQ(sub.status(), "trialing");
  EXPECT_EQ(sub.trial_end(), kFeb1);
  At(kFeb1 - 1);
  EXPECT_EQ(Sub(sub.id()).status(), "trialing");
  At(kFeb1);
  sub = Sub(sub.id());
  EXPECT_EQ(sub.status(), "active");
  EXPECT_EQ(sub.items().data(0).quantity(), 3);
  At(kFeb1 + kHour);
  EXPECT_EQ(InvoicesOf(sub.id()).back().amount_paid(), 4500);
  SubscriptionScheduleListParams scheduled;
  scheduled.set_scheduled(true);
  absl::StatusOr<ListResult<SubscriptionSchedule>> page =
      engine_.subscription_schedules().List(scheduled);
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->data.empty());
}

TEST_F(SubscriptionSchedulesTest, ListFiltersByCustomer) {
  const std::string a = NewCustomer();
  const std::string b = NewCustomer();
  const std::string price = NewPrice();
  TwoPhases(a, price);
  const SubscriptionSchedule mine = TwoPhases(b, price);
  SubscriptionScheduleListParams params;
  params.set_customer(b);
  absl::StatusOr<ListResult<SubscriptionSchedule>> page =
      engine_.subscription_schedules().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), mine.id());
  EXPECT_EQ(ScheduleCount(), 2);
}

TEST_F(SubscriptionSchedulesTest, ANextPhasesCollectionSettingsApplyFromItsStart) {
  const std::string customer = NewCustomer();
  const std::string price = NewPrice(1500);
  absl::StatusOr<SubscriptionSchedule> s = Schedule(absl::StrCat(
      "customer: \"", customer, "\" start_date: \"now\" phases { items { price: \"", price,
      "\" } iterations: 1 } phases { items { price: \"", price, "\" } iterations: 1 ",
      "collection_method: \"send_invoice\" invoice_settings { days_until_due: 10 } ",
      "description: \"Invoiced\" }"));
  ASSERT_THAT(s, IsOk());
  At(kFeb1 - 1);
  EXPECT_EQ(Sub(s->subscription()).collection_method(), "charge_automatically");
  At(kFeb1);
  const Subscription sub = Sub(s->subscription());
  EXPECT_EQ(sub.collection_method(), "send_invoice");
  EXPECT_EQ(sub.days_until_due(), 10);
  EXPECT_EQ(sub.description(), "Invoiced");
  At(kFeb1 + kHour);  // the renewal invoice, finalized: sent, not charged
  const Invoice renewal = InvoicesOf(sub.id()).back();
  EXPECT_EQ(renewal.collection_method(), "send_invoice");
  EXPECT_EQ(renewal.due_date(), renewal.status_transitions().finalized_at() + 10 * kDay);
  EXPECT_EQ(renewal.status(), "open");
}

}  // namespace
}  // namespace paysim
