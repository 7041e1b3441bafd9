// Behaviour of event retention (Stripe: events are retrievable for 30 days): an event is
// retrieved and listed until the engine's time is 30 days past it (one second either side),
// then answers 404 and leaves the list and the count; a dropped event is no cursor; emitted()
// keeps counting every event; EngineOptions::event_retention shortens or lifts the limit; a
// test clock's events are kept 30 days of the engine's time whatever their `created`; a
// snapshot's events keep their recording time.
#include <memory>
#include <string>
#include <vector>

#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kDay = 24 * 3600;
constexpr absl::Duration kThirtyDays = absl::Hours(24 * 30);

std::string NewCustomer(Engine& engine, absl::string_view email) {
  absl::StatusOr<Customer> customer =
      engine.customers().Create(ParseParams<CustomerCreateParams>(
          absl::StrCat("email: \"", email, "\"")));
  EXPECT_THAT(customer, IsOk());
  return customer.ok() ? customer->id() : "";
}

// Every event listed, newest first, as "type:email" of the customer each carries.
std::vector<std::string> Listed(Engine& engine) {
  EventListParams params;
  params.set_limit(100);
  absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
  EXPECT_THAT(page, IsOk());
  std::vector<std::string> out;
  if (!page.ok()) return out;
  for (const Event& e : page->data) {
    out.push_back(absl::StrCat(e.type(), ":", e.data().object().customer().email()));
  }
  return out;
}

std::string NewestEventId(Engine& engine) {
  EventListParams params;
  params.set_limit(1);
  absl::StatusOr<ListResult<Event>> page = engine.events().List(params);
  EXPECT_THAT(page, IsOk());
  return page.ok() && !page->data.empty() ? page->data[0].id() : "";
}

class EventRetentionTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 8}};
};

TEST_F(EventRetentionTest, AnEventIsKeptThirtyDaysToTheSecond) {
  NewCustomer(engine_, "a@example.com");
  const std::string first = NewestEventId(engine_);
  clock_.Advance(absl::Hours(1));
  NewCustomer(engine_, "b@example.com");
  const std::string second = NewestEventId(engine_);

  clock_.Advance(kThirtyDays - absl::Hours(1) - absl::Seconds(1));  // 30 days less 1 s
  EXPECT_THAT(engine_.events().Retrieve(first), IsOk());
  EXPECT_THAT(Listed(engine_),
              ElementsAre("customer.created:b@example.com", "customer.created:a@example.com"));
  EXPECT_EQ(engine_.events().size(), 2u);

  clock_.Advance(absl::Seconds(1));  // 30 days to the second: the first goes
  absl::StatusOr<Event> gone = engine_.events().Retrieve(first);
  EXPECT_THAT(gone, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(gone, HttpStatusIs(404));
  EXPECT_THAT(engine_.events().Retrieve(second), IsOk());
  EXPECT_THAT(Listed(engine_), ElementsAre("customer.created:b@example.com"));
  EXPECT_EQ(engine_.events().size(), 1u);
  EXPECT_EQ(engine_.events().emitted(), 2u);

  clock_.Advance(absl::Hours(1) - absl::Seconds(1));
  EXPECT_THAT(engine_.events().Retrieve(second), IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(engine_.events().Retrieve(second), HttpStatusIs(404));
  EXPECT_THAT(Listed(engine_), IsEmpty());
  EXPECT_EQ(engine_.events().size(), 0u);
  EXPECT_EQ(engine_.events().emitted(), 2u);

  // New events are kept as before.
  NewCustomer(engine_, "c@example.com");
  EXPECT_THAT(Listed(engine_), ElementsAre("customer.created:c@example.com"));
  EXPECT_EQ(engine_.events().emitted(), 3u);
}

TEST_F(EventRetentionTest, ADroppedEventIsNoCursor) {
  NewCustomer(engine_, "a@example.com");
  const std::string old = NewestEventId(engine_);
  clock_.Advance(absl::Hours(24 * 20));
  NewCustomer(engine_, "b@example.com");
  clock_.Advance(absl::Hours(24 * 10));

  EventListParams params;
  params.set_starting_after(old);
  absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
  EXPECT_THAT(page, StripeErrorWithParam("invalid_request_error", "resource_missing",
                                         "starting_after"));
  params.clear_starting_after();
  params.set_ending_before(old);
  EXPECT_THAT(engine_.events().List(params),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "ending_before"));
}

TEST_F(EventRetentionTest, EventsOfTimersFiredLongAgoInOneAdvanceAreAlreadyGone) {
  // An uncaptured charge's hold expires after 7 days; seen 40 days later in one advance, the
  // expiry's event (day 7) is already past retention, while the charge stays expired.
  ChargeCreateParams params;
  params.set_amount(1000);
  params.set_currency("usd");
  params.set_source("tok_visa");
  params.set_capture(false);
  absl::StatusOr<Charge> charge = engine_.charges().Create(params);
  ASSERT_THAT(charge, IsOk());
  clock_.Advance(absl::Hours(24 * 40));
  EXPECT_THAT(engine_.charges().Capture(charge->id(), {}),
              StripeErrorWithParam("invalid_request_error", "charge_expired_for_capture", ""));
  EXPECT_EQ(engine_.events().size(), 0u);
  EXPECT_EQ(engine_.events().emitted(), 2u);  // charge.succeeded, charge.expired
}

TEST(EventRetentionOptionTest, AShorterRetentionIsHonoured) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 8, .event_retention = absl::Hours(1)});
  NewCustomer(engine, "a@example.com");
  clock.Advance(absl::Hours(1) - absl::Seconds(1));
  EXPECT_EQ(engine.events().size(), 1u);
  NewCustomer(engine, "b@example.com");
  clock.Advance(absl::Seconds(1));
  EXPECT_THAT(Listed(engine), ElementsAre("customer.created:b@example.com"));
}

TEST(EventRetentionOptionTest, InfiniteRetentionKeepsEveryEvent) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = 8, .event_retention = absl::InfiniteDuration()});
  NewCustomer(engine, "a@example.com");
  clock.Advance(absl::Hours(24 * 3650));
  NewCustomer(engine, "b@example.com");
  EXPECT_THAT(Listed(engine),
              ElementsAre("customer.created:b@example.com", "customer.created:a@example.com"));
}

TEST_F(EventRetentionTest, ATestClocksEventsAreKeptThirtyDaysOfTheEnginesTime) {
  // A clock frozen a year back: its customer's event is created then, yet recorded now.
  const int64_t now = absl::ToUnixSeconds(engine_.Now());
  absl::StatusOr<TestClock> test_clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>(absl::StrCat("frozen_time: ", now - 365 * kDay)));
  ASSERT_THAT(test_clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(ParseParams<CustomerCreateParams>(
      absl::StrCat("email: \"t@example.com\" test_clock: \"", test_clock->id(), "\"")));
  ASSERT_THAT(customer, IsOk());
  const std::string event = NewestEventId(engine_);
  absl::StatusOr<Event> created = engine_.events().Retrieve(event);
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(created->created(), now - 365 * kDay);

  // Kept through a snapshot, with its recording time.
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());

  clock_.Advance(kThirtyDays - absl::Seconds(1));
  EXPECT_THAT(engine_.events().Retrieve(event), IsOk());
  EXPECT_THAT((*restored)->events().Retrieve(event), IsOk());
  clock_.Advance(absl::Seconds(1));
  EXPECT_THAT(engine_.events().Retrieve(event), HttpStatusIs(404));
  EXPECT_THAT((*restored)->events().Retrieve(event), HttpStatusIs(404));
}

}  // namespace
}  // namespace paysim
