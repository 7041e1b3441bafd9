// Behaviour of Events: list, filters, pagination, retrieve, subscribers, request ids, and
// the determinism of everything an engine renders.
#include <string>
#include <vector>

#include "engine/json_render.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::HttpStatusIs;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StatusIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;

constexpr int64_t kStart = 1767225600;  // FakeClock's default: 2026-01-01T00:00:00Z

class EventsTest : public ::testing::Test {
 protected:
  std::string NewCustomer(absl::string_view email = "a@example.com") {
    CustomerCreateParams params;
    params.set_email(std::string(email));
    absl::StatusOr<Customer> customer = engine_.customers().Create(params);
    EXPECT_THAT(customer, IsOk());
    return customer.ok() ? customer->id() : "";
  }

  void Rename(const std::string& customer, absl::string_view name) {
    CustomerUpdateParams params;
    params.set_name(std::string(name));
    ASSERT_THAT(engine_.customers().Update(customer, params), IsOk());
  }

  absl::StatusOr<paysim::Charge> MakeCharge(bool capture = true) {
    ChargeCreateParams params;
    params.set_amount(1000);
    params.set_currency("usd");
    params.set_source("tok_visa");
    params.set_capture(capture);
    return engine_.charges().Create(params);
  }

  std::vector<std::string> Types(EventListParams params = {}) {
    if (!params.has_limit()) params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> types;
    if (page.ok()) {
      for (const Event& e : page->data) types.push_back(e.type());
    }
    return types;
  }

  std::vector<Event> All() {
    EventListParams params;
    params.set_limit(100);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? page->data : std::vector<Event>();
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 5}};
};

// ---- the event object ----

TEST_F(EventsTest, EventCarriesTheObjectAsItWasThen) {
  std::string customer = NewCustomer("first@example.com");
  clock_.Advance(absl::Seconds(30));
  CustomerUpdateParams update;
  update.set_email("second@example.com");
  ASSERT_THAT(engine_.customers().Update(customer, update), IsOk());

  std::vector<Event> events = All();
  ASSERT_EQ(events.size(), 2u);
  const Event& created = events[1];
  EXPECT_THAT(created.id(), MatchesRegex("evt_[0-9A-Za-z]{24}"));
  EXPECT_EQ(created.object(), "event");
  EXPECT_EQ(created.api_version(), engine_.options().api_version);
  EXPECT_EQ(created.created(), kStart);
  EXPECT_FALSE(created.livemode());
  EXPECT_EQ(created.pending_webhooks(), 0);
  EXPECT_EQ(created.type(), "customer.created");
  EXPECT_EQ(created.data().object().customer().email(), "first@example.com");
  EXPECT_EQ(events[0].created(), kStart + 30);
  EXPECT_EQ(events[0].data().object().customer().email(), "second@example.com");
}

TEST_F(EventsTest, PreviousAttributesOnlyOnUpdatedEvents) {
  std::string customer = NewCustomer();
  Rename(customer, "Ann");
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  std::vector<Event> events = All();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type(), "customer.deleted");
  EXPECT_FALSE(events[0].data().has_previous_attributes());
  EXPECT_EQ(events[1].type(), "customer.updated");
  EXPECT_EQ(events[1].data().previous_attributes(), R"({"name":null})");
  EXPECT_EQ(events[2].type(), "customer.created");
  EXPECT_FALSE(events[2].data().has_previous_attributes());
}

// ---- list and retrieve ----

TEST_F(EventsTest, ListIsNewestFirst) {
  std::string customer = NewCustomer();
  Rename(customer, "Ann");
  ASSERT_THAT(MakeCharge(), IsOk());
  EXPECT_THAT(Types(), ElementsAre("charge.succeeded", "customer.updated", "customer.created"));
}

TEST_F(EventsTest, ListFiltersByExactType) {
  std::string first = NewCustomer();
  Rename(first, "Ann");
  NewCustomer();
  EventListParams params;
  params.set_type("customer.created");
  EXPECT_THAT(Types(params), ElementsAre("customer.created", "customer.created"));
  params.set_type("customer");
  EXPECT_THAT(Types(params), IsEmpty());
}

TEST_F(EventsTest, ListFiltersByPrefixPattern) {
  NewCustomer();
  absl::StatusOr<paysim::Charge> held = MakeCharge(/*capture=*/false);
  ASSERT_THAT(held, IsOk());
  ASSERT_THAT(engine_.charges().Capture(held->id(), ChargeCaptureParams()), IsOk());
  EventListParams params;
  params.set_type("charge.*");
  EXPECT_THAT(Types(params), ElementsAre("charge.captured", "charge.succeeded"));
  params.set_type("customer.*");
  EXPECT_THAT(Types(params), ElementsAre("customer.created"));
  params.set_type("*");
  EXPECT_EQ(Types(params).size(), 3u);
}

TEST_F(EventsTest, ListFiltersByAnyOfTypes) {
  Rename(NewCustomer(), "Ann");
  absl::StatusOr<paysim::Charge> held = MakeCharge(/*capture=*/false);
  ASSERT_THAT(held, IsOk());
  ASSERT_THAT(engine_.charges().Capture(held->id(), ChargeCaptureParams()), IsOk());
  EventListParams params;
  params.add_types("customer.updated");
  params.add_types("charge.captured");
  EXPECT_THAT(Types(params), ElementsAre("charge.captured", "customer.updated"));
  params.add_types("customer.*");
  EXPECT_THAT(Types(params),
              ElementsAre("charge.captured", "customer.updated", "customer.created"));
}

TEST_F(EventsTest, TypeAndTypesTogetherOrOverTwentyTypesAreRefused) {
  NewCustomer();
  EventListParams params;
  params.set_type("customer.created");
  params.add_types("customer.updated");
  EXPECT_THAT(engine_.events().List(params),
              StripeErrorWithParam("invalid_request_error", "", "types"));
  params.clear_type();
  for (int i = 0; i < kMaxEventTypesFilter; ++i) params.add_types("customer.created");
  absl::StatusOr<ListResult<Event>> too_many = engine_.events().List(params);
  EXPECT_THAT(too_many, StripeErrorWithParam("invalid_request_error", "", "types"));
  EXPECT_THAT(too_many, HttpStatusIs(400));
  params.mutable_types()->RemoveLast();  // 20: taken
  EXPECT_THAT(Types(params), ElementsAre("customer.created"));
}

TEST_F(EventsTest, ListPaginates) {
  std::vector<std::string> customers;
  for (int i = 0; i < 5; ++i) customers.push_back(NewCustomer());
  std::vector<Event> all = All();
  ASSERT_EQ(all.size(), 5u);

  EventListParams params;
  params.set_limit(2);
  absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[0].id(), all[0].id());
  EXPECT_EQ(page->data[1].id(), all[1].id());
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->url, "/v1/events");

  params.set_starting_after(all[3].id());
  page = engine_.events().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].id(), all[4].id());
  EXPECT_FALSE(page->has_more);

  EventListParams before;
  before.set_limit(2);
  before.set_ending_before(all[3].id());
  page = engine_.events().List(before);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->data[0].id(), all[1].id());
  EXPECT_EQ(page->data[1].id(), all[2].id());
  EXPECT_TRUE(page->has_more);
}

TEST_F(EventsTest, ListPaginatesWithinAFilter) {
  for (int i = 0; i < 3; ++i) Rename(NewCustomer(), absl::StrCat("n", i));
  EventListParams params;
  params.set_type("customer.updated");
  params.set_limit(2);
  absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_TRUE(page->has_more);
  params.set_starting_after(page->data[1].id());
  page = engine_.events().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].type(), "customer.updated");
  EXPECT_EQ(page->data[0].data().object().customer().name(), "n0");
  EXPECT_FALSE(page->has_more);
}

TEST_F(EventsTest, RetrieveReturnsTheListedEvent) {
  NewCustomer();
  std::vector<Event> events = All();
  ASSERT_EQ(events.size(), 1u);
  absl::StatusOr<Event> event = engine_.events().Retrieve(events[0].id());
  ASSERT_THAT(event, IsOk());
  EXPECT_EQ(event->SerializeAsString(), events[0].SerializeAsString());
}

TEST_F(EventsTest, RetrieveUnknownIsResourceMissing) {
  absl::StatusOr<Event> event = engine_.events().Retrieve("evt_nope");
  EXPECT_THAT(event, StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
  EXPECT_THAT(event, HttpStatusIs(404));
  EXPECT_THAT(event, StatusIs(absl::StatusCode::kNotFound, "No such event: 'evt_nope'"));
}

TEST_F(EventsTest, SizeCountsEveryEvent) {
  EXPECT_EQ(engine_.events().size(), 0u);
  Rename(NewCustomer(), "Ann");
  EXPECT_EQ(engine_.events().size(), 2u);
}

// ---- request ----

TEST_F(EventsTest, EventsOfAnApiCallNameTheRequest) {
  NewCustomer();
  std::vector<Event> events = All();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].request().id(), MatchesRegex("req_[0-9A-Za-z]+"));
  EXPECT_FALSE(events[0].request().has_idempotency_key());
}

TEST_F(EventsTest, EventsOfOneCallShareItsRequestId) {
  CustomerCreateParams params;
  params.set_payment_method("pm_card_visa");
  ASSERT_THAT(engine_.customers().Create(params), IsOk());
  NewCustomer();
  std::vector<Event> events = All();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].request().id(), events[1].request().id());
  EXPECT_NE(events[0].request().id(), events[1].request().id());
}

TEST_F(EventsTest, RequestIdsNumberTheCallsUnlessTheCallerGivesOne) {
  NewCustomer();  // the engine's first call
  CustomerCreateParams params;
  RequestOptions keyed;
  keyed.idempotency_key = "k-1";
  ASSERT_THAT(engine_.customers().Create(params, keyed), IsOk());
  RequestOptions given;
  given.request_id = "req_fromTheServer";
  ASSERT_THAT(engine_.customers().Create(params, given), IsOk());
  std::vector<Event> events = All();  // newest first
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].request().id(), "req_00000000000001");
  EXPECT_FALSE(events[2].request().has_idempotency_key());
  EXPECT_EQ(events[1].request().id(), "req_00000000000002");
  EXPECT_EQ(events[1].request().idempotency_key(), "k-1");
  EXPECT_EQ(events[0].request().id(), "req_fromTheServer");
  EXPECT_FALSE(events[0].request().has_idempotency_key());
  absl::StatusOr<Event> first = engine_.events().Retrieve(events[2].id());
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->request().SerializeAsString(), events[2].request().SerializeAsString());
}

TEST_F(EventsTest, AGivenRequestIdOfTheEnginesOwnFormIsShownAsGiven) {
  CustomerCreateParams params;
  RequestOptions given;
  given.request_id = "req_0000000000zZ9a";  // as a Checkout page's follow-up calls pass theirs
  given.idempotency_key = "k-2";
  ASSERT_THAT(engine_.customers().Create(params, given), IsOk());
  std::vector<Event> events = All();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].request().id(), "req_0000000000zZ9a");
  EXPECT_EQ(events[0].request().idempotency_key(), "k-2");
  NewCustomer();  // the engine's own numbering goes on (call 2 was the listing above)
  EXPECT_EQ(All()[0].request().id(), "req_00000000000003");
}

TEST_F(EventsTest, EventsOfTimersHaveNoRequest) {
  absl::StatusOr<paysim::Charge> held = MakeCharge(/*capture=*/false);
  ASSERT_THAT(held, IsOk());
  clock_.Advance(kAuthorizationWindow);
  engine_.FireDueTimers();
  EventListParams params;
  params.set_type("charge.expired");
  absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  const Event& expired = page->data[0];
  EXPECT_EQ(expired.created(), kStart + 7 * 24 * 3600);
  EXPECT_TRUE(expired.has_request());
  EXPECT_FALSE(expired.request().has_id());
  EXPECT_FALSE(expired.request().has_idempotency_key());
}

TEST_F(EventsTest, TimerEventsFiredBeforeACallKeepNoRequest) {
  absl::StatusOr<paysim::Charge> held = MakeCharge(/*capture=*/false);
  ASSERT_THAT(held, IsOk());
  clock_.Advance(kAuthorizationWindow + absl::Hours(1));
  // The call fires the expiry first (at its own due time), then runs with its own request.
  CustomerCreateParams params;
  ASSERT_THAT(engine_.customers().Create(params, {.idempotency_key = "later"}), IsOk());
  std::vector<Event> events = All();
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[0].type(), "customer.created");
  EXPECT_EQ(events[0].request().idempotency_key(), "later");
  EXPECT_EQ(events[0].created(), kStart + 7 * 24 * 3600 + 3600);
  EXPECT_EQ(events[1].type(), "charge.expired");
  EXPECT_EQ(events[1].created(), kStart + 7 * 24 * 3600);
  EXPECT_FALSE(events[1].request().has_id());
  EXPECT_FALSE(events[1].request().has_idempotency_key());
}

// ---- subscribers ----

TEST_F(EventsTest, SubscriberReceivesEnabledTypesInOrder) {
  std::vector<std::string> received;
  engine_.events().Subscribe({"customer.created", "customer.deleted"},
                             [&](const Event& e) { received.push_back(e.type()); });
  std::string customer = NewCustomer();
  Rename(customer, "Ann");
  ASSERT_THAT(engine_.customers().Delete(customer), IsOk());
  EXPECT_THAT(received, ElementsAre("customer.created", "customer.deleted"));
}

TEST_F(EventsTest, SubscriberWithPatternAndWildcard) {
  std::vector<std::string> charges;
  std::vector<std::string> everything;
  engine_.events().Subscribe({"charge.*"}, [&](const Event& e) { charges.push_back(e.type()); });
  engine_.events().Subscribe({"*"}, [&](const Event& e) { everything.push_back(e.type()); });
  NewCustomer();
  absl::StatusOr<paysim::Charge> held = MakeCharge(/*capture=*/false);
  ASSERT_THAT(held, IsOk());
  ASSERT_THAT(engine_.charges().Capture(held->id(), ChargeCaptureParams()), IsOk());
  EXPECT_THAT(charges, ElementsAre("charge.succeeded", "charge.captured"));
  EXPECT_THAT(everything, ElementsAre("customer.created", "charge.succeeded", "charge.captured"));
}

TEST_F(EventsTest, SubscriberSeesTheSameEventAsTheLog) {
  std::vector<Event> received;
  engine_.events().Subscribe({"*"}, [&](const Event& e) { received.push_back(e); });
  NewCustomer();
  ASSERT_EQ(received.size(), 1u);
  absl::StatusOr<Event> logged = engine_.events().Retrieve(received[0].id());
  ASSERT_THAT(logged, IsOk());
  EXPECT_EQ(received[0].type(), "customer.created");
  EXPECT_EQ(received[0].data().SerializeAsString(), logged->data().SerializeAsString());
  EXPECT_EQ(received[0].request().SerializeAsString(), logged->request().SerializeAsString());
  EXPECT_EQ(received[0].pending_webhooks(), 1);
}

TEST_F(EventsTest, SubscriberWithAnEmptyPatternReceivesNothing) {
  int calls = 0;
  engine_.events().Subscribe({""}, [&](const Event&) { ++calls; });
  engine_.events().Subscribe({}, [&](const Event&) { ++calls; });
  NewCustomer();
  EXPECT_EQ(calls, 0);
}

TEST_F(EventsTest, HandlerMayCallBackIntoTheEngine) {
  std::vector<std::string> names;
  engine_.events().Subscribe({"customer.created"}, [&](const Event& e) {
    const std::string& id = e.data().object().customer().id();
    CustomerUpdateParams update;
    update.set_name("welcomed");
    absl::StatusOr<Customer> updated = engine_.customers().Update(id, update);
    ASSERT_THAT(updated, IsOk());
    names.push_back(updated->name());
    EXPECT_EQ(engine_.events().size(), 2u);
  });
  std::string customer = NewCustomer();
  EXPECT_THAT(names, ElementsAre("welcomed"));
  EXPECT_EQ(engine_.customers().Retrieve(customer)->name(), "welcomed");
  EXPECT_THAT(Types(), ElementsAre("customer.updated", "customer.created"));
}

TEST_F(EventsTest, HandlerMaySubscribeAndUnsubscribe) {
  int later = 0;
  int id = 0;
  id = engine_.events().Subscribe({"customer.created"}, [&](const Event&) {
    engine_.events().Unsubscribe(id);
    engine_.events().Subscribe({"customer.created"}, [&](const Event&) { ++later; });
  });
  NewCustomer();
  NewCustomer();
  NewCustomer();
  EXPECT_EQ(later, 2);
}

TEST_F(EventsTest, UnsubscribedHandlerReceivesNoMore) {
  int calls = 0;
  int subscription = engine_.events().Subscribe({"*"}, [&](const Event&) { ++calls; });
  NewCustomer();
  engine_.events().Unsubscribe(subscription);
  NewCustomer();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(engine_.events().size(), 2u);
}

TEST_F(EventsTest, TimerEventsReachSubscribersThroughFireDueTimers) {
  std::vector<int64_t> expired_at;
  engine_.events().Subscribe({"charge.expired"},
                             [&](const Event& e) { expired_at.push_back(e.created()); });
  ASSERT_THAT(MakeCharge(/*capture=*/false), IsOk());
  clock_.Advance(kAuthorizationWindow - absl::Seconds(1));
  engine_.FireDueTimers();
  EXPECT_THAT(expired_at, IsEmpty());
  clock_.Advance(absl::Seconds(1));
  engine_.FireDueTimers();
  EXPECT_THAT(expired_at, ElementsAre(kStart + 7 * 24 * 3600));
}

TEST_F(EventsTest, RejectedCallDeliversNothing) {
  int calls = 0;
  engine_.events().Subscribe({"*"}, [&](const Event&) { ++calls; });
  CustomerCreateParams params;
  params.set_email("broken");
  ASSERT_THAT(engine_.customers().Create(params),
              StripeErrorWithParam("invalid_request_error", "email_invalid", "email"));
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(engine_.events().size(), 0u);
}

// ---- determinism ----

// Runs the same calls on a fresh engine and renders everything it made.
std::string Scenario(uint64_t seed) {
  FakeClock clock;
  Engine engine({.clock = &clock, .seed = seed});
  std::string out;
  CustomerCreateParams create = ParseParams<CustomerCreateParams>(R"pb(
    email: "jenny@example.com" name: "Jenny"
    metadata { key: "z" value: "1" } metadata { key: "a" value: "2" }
    source: "tok_visa"
  )pb");
  absl::StatusOr<Customer> customer = engine.customers().Create(create);
  EXPECT_THAT(customer, IsOk());
  PaymentMethodAttachParams attach;
  attach.set_customer(customer->id());
  absl::StatusOr<PaymentMethod> pm = engine.payment_methods().Attach("pm_card_visa", attach);
  EXPECT_THAT(pm, IsOk());
  clock.Advance(absl::Minutes(3));
  CustomerUpdateParams update;
  update.mutable_invoice_settings()->set_default_payment_method(pm->id());
  (*update.mutable_metadata())["z"] = "";
  EXPECT_THAT(engine.customers().Update(customer->id(), update), IsOk());
  EXPECT_THAT(engine.tokens().Create(ParseParams<TokenCreateParams>(
                  R"pb(card { number: "4242424242424242" exp_month: 1 exp_year: 2030 })pb")),
              IsOk());
  clock.Advance(absl::Hours(1));
  EXPECT_THAT(engine.payment_methods().Detach(pm->id()), IsOk());

  out += RenderJson(*engine.customers().Retrieve(customer->id()));
  out += RenderJson(*engine.payment_methods().Retrieve(pm->id()));
  EventListParams all;
  all.set_limit(100);
  absl::StatusOr<ListResult<Event>> events = engine.events().List(all);
  EXPECT_THAT(events, IsOk());
  for (const Event& event : events->data) out += RenderJson(event);
  return out;
}

TEST(DeterminismTest, SameSeedAndCallsRenderTheSameBytes) {
  std::string first = Scenario(42);
  EXPECT_EQ(Scenario(42), first);
  EXPECT_NE(first.find("\"customer.updated\""), std::string::npos);
}

TEST(DeterminismTest, OtherSeedGivesOtherIds) { EXPECT_NE(Scenario(42), Scenario(43)); }

}  // namespace
}  // namespace paysim
