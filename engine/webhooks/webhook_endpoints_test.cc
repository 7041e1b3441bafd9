// WebhookEndpoints over a FakeTransport: the endpoint object, ids and secrets, validation,
// event order, enabled_events, signatures, the retry schedule to the second, and that
// deleting or disabling an endpoint stops its deliveries.
#include "engine/webhooks/webhook_endpoints.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "engine/json_render.h"
#include "engine/webhooks/fake_transport.h"
#include "testing/paysim_testing.h"
#include "testing/webhook_signature.h"

namespace paysim {
namespace webhooks {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StatusIs;
using ::paysim::testing::StripeErrorIs;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::string Header(const WebhookRequest& request, absl::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "<absent>";
}

// The `t=` of a request's Stripe-Signature.
int64_t SignedAt(const WebhookRequest& request) {
  for (absl::string_view item : absl::StrSplit(Header(request, "Stripe-Signature"), ',')) {
    int64_t t;
    if (absl::ConsumePrefix(&item, "t=") && absl::SimpleAtoi(item, &t)) return t;
  }
  return -1;
}

std::string EventType(const WebhookRequest& request) {
  return Json::parse(request.body)["type"].get<std::string>();
}

class WebhookEndpointsTest : public ::testing::Test {
 protected:
  WebhookEndpoint MakeEndpoint(std::vector<std::string> enabled_events = {"*"},
                               std::string url = "http://127.0.0.1:4242/hook") {
    WebhookEndpointCreateParams params;
    params.set_url(url);
    for (const std::string& e : enabled_events) params.add_enabled_events(e);
    absl::StatusOr<WebhookEndpoint> endpoint = webhooks_.Create(params);
    EXPECT_THAT(endpoint, IsOk());
    return endpoint.value_or(WebhookEndpoint());
  }

  absl::StatusOr<paysim::Charge> MakeCharge(absl::string_view source = "tok_visa", bool capture = true) {
    ChargeCreateParams params = ParseParams<ChargeCreateParams>(
        R"pb(amount: 999 currency: "usd")pb");
    params.set_source(std::string(source));
    params.set_capture(capture);
    return engine_.charges().Create(params);
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 42}};
  FakeTransport transport_;
  WebhookEndpoints webhooks_{&engine_, &transport_};
  const int64_t t0_ = absl::ToUnixSeconds(clock_.Now());
};

// ---- the object ----

TEST_F(WebhookEndpointsTest, CreateReturnsTheObjectAndItsSecretOnce) {
  WebhookEndpointCreateParams params = ParseParams<WebhookEndpointCreateParams>(R"pb(
    url: "https://example.com/hooks?x=1"
    enabled_events: [ "charge.succeeded", "charge.refunded" ]
    description: "orders"
    metadata { key: "team" value: "billing" })pb");
  absl::StatusOr<WebhookEndpoint> created = webhooks_.Create(params);
  ASSERT_THAT(created, IsOk());
  Json json = ToJson(*created);
  EXPECT_EQ(json["object"], "webhook_endpoint");
  EXPECT_TRUE(absl::StartsWith(created->id(), "we_"));
  EXPECT_EQ(created->id().size(), 3u + 24u);
  EXPECT_TRUE(absl::StartsWith(created->secret(), "whsec_"));
  EXPECT_EQ(created->secret().size(), 6u + 32u);
  EXPECT_EQ(json["status"], "enabled");
  EXPECT_EQ(json["url"], "https://example.com/hooks?x=1");
  EXPECT_EQ(json["enabled_events"], Json::parse(R"(["charge.succeeded", "charge.refunded"])"));
  EXPECT_EQ(json["api_version"], engine_.options().api_version);
  EXPECT_EQ(json["created"], t0_);
  EXPECT_EQ(json["livemode"], false);
  EXPECT_EQ(json["description"], "orders");
  EXPECT_EQ(json["metadata"]["team"], "billing");
  EXPECT_TRUE(json["application"].is_null());

  absl::StatusOr<WebhookEndpoint> retrieved = webhooks_.Retrieve(created->id());
  ASSERT_THAT(retrieved, IsOk());
  EXPECT_FALSE(retrieved->has_secret());
  absl::StatusOr<ListResult<WebhookEndpoint>> list = webhooks_.List({});
  ASSERT_THAT(list, IsOk());
  ASSERT_THAT(list->data, SizeIs(1));
  EXPECT_FALSE(list->data[0].has_secret());
  EXPECT_EQ(list->url, "/v1/webhook_endpoints");
}

TEST_F(WebhookEndpointsTest, IdsAndSecretsFollowTheSeedAndLeaveEngineIdsAlone) {
  FakeClock clock;
  Engine twin({.clock = &clock, .seed = 42});
  Engine other({.clock = &clock, .seed = 43});
  FakeTransport transport;
  WebhookEndpoints twin_webhooks(&twin, &transport);
  WebhookEndpoints other_webhooks(&other, &transport);
  WebhookEndpointCreateParams params =
      ParseParams<WebhookEndpointCreateParams>(R"pb(url: "http://a.test" enabled_events: "*")pb");
  WebhookEndpoint mine = MakeEndpoint();
  absl::StatusOr<WebhookEndpoint> twins = twin_webhooks.Create(params);
  absl::StatusOr<WebhookEndpoint> others = other_webhooks.Create(params);
  ASSERT_THAT(twins, IsOk());
  ASSERT_THAT(others, IsOk());
  EXPECT_EQ(twins->id(), mine.id());
  EXPECT_EQ(twins->secret(), mine.secret());
  EXPECT_NE(others->id(), mine.id());
  EXPECT_NE(others->secret(), mine.secret());

  // An engine with no endpoints at all mints the same charge ids.
  Engine bare({.clock = &clock, .seed = 42});
  absl::StatusOr<paysim::Charge> a = MakeCharge();
  absl::StatusOr<paysim::Charge> b = bare.charges().Create(
      ParseParams<ChargeCreateParams>(R"pb(amount: 999 currency: "usd" source: "tok_visa")pb"));
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(a->id(), b->id());
}

TEST_F(WebhookEndpointsTest, ValidationErrors) {
  auto create = [&](absl::string_view text) {
    return webhooks_.Create(ParseParams<WebhookEndpointCreateParams>(text));
  };
  EXPECT_THAT(create(R"pb(enabled_events: "*")pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "url"));
  EXPECT_THAT(create(R"pb(url: "http://a.test")pb"),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "enabled_events"));
  for (absl::string_view url : {"ftp://a.test", "a.test/hook", "http://", "http:///x",
                                "http://a b.test/", "http://:80/"}) {
    WebhookEndpointCreateParams params;
    params.set_url(std::string(url));
    params.add_enabled_events("*");
    EXPECT_THAT(webhooks_.Create(params),
                StripeErrorWithParam("invalid_request_error", "url_invalid", "url"))
        << url;
  }
  EXPECT_THAT(create(R"pb(url: "http://a.test" enabled_events: [ "*", "Charge.Succeeded" ])pb"),
              StripeErrorWithParam("invalid_request_error", "", "enabled_events[1]"));
  EXPECT_THAT(create(R"pb(url: "http://a.test" enabled_events: "charge")pb"),
              StripeErrorWithParam("invalid_request_error", "", "enabled_events[0]"));
  EXPECT_THAT(webhooks_.Retrieve("we_nope"), StripeErrorIs("invalid_request_error",
                                                           "resource_missing"));
  EXPECT_THAT(webhooks_.List({}), IsOk());
  EXPECT_THAT(webhooks_.List({})->data, IsEmpty());  // nothing was created
}

TEST_F(WebhookEndpointsTest, AtMostSixteenEndpoints) {
  std::string last;
  for (int i = 0; i < kMaxWebhookEndpoints; ++i) last = MakeEndpoint().id();
  WebhookEndpointCreateParams params =
      ParseParams<WebhookEndpointCreateParams>(R"pb(url: "http://a.test" enabled_events: "*")pb");
  EXPECT_THAT(webhooks_.Create(params), StripeErrorIs("invalid_request_error", ""));
  ASSERT_THAT(webhooks_.Delete(last), IsOk());
  EXPECT_THAT(webhooks_.Create(params), IsOk());
}

TEST_F(WebhookEndpointsTest, UpdateAndDelete) {
  WebhookEndpoint endpoint = MakeEndpoint({"charge.succeeded"});
  absl::StatusOr<WebhookEndpoint> updated =
      webhooks_.Update(endpoint.id(), ParseParams<WebhookEndpointUpdateParams>(R"pb(
        url: "http://127.0.0.1:9/other"
        enabled_events: "customer.created"
        description: "x"
        metadata { key: "a" value: "1" })pb"));
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->url(), "http://127.0.0.1:9/other");
  EXPECT_THAT(updated->enabled_events(), ElementsAre("customer.created"));
  EXPECT_EQ(updated->description(), "x");
  EXPECT_EQ(updated->metadata().at("a"), "1");
  EXPECT_FALSE(updated->has_secret());
  // A bad update changes nothing.
  EXPECT_THAT(webhooks_.Update(endpoint.id(),
                               ParseParams<WebhookEndpointUpdateParams>(R"pb(url: "nope")pb")),
              StripeErrorWithParam("invalid_request_error", "url_invalid", "url"));
  EXPECT_EQ(webhooks_.Retrieve(endpoint.id())->url(), "http://127.0.0.1:9/other");

  absl::StatusOr<DeletedObject> deleted = webhooks_.Delete(endpoint.id());
  ASSERT_THAT(deleted, IsOk());
  EXPECT_EQ(ToJson(*deleted),
            Json::parse(absl::StrCat(R"({"id": ")", endpoint.id(),
                                     R"(", "object": "webhook_endpoint", "deleted": true})")));
  EXPECT_THAT(webhooks_.Retrieve(endpoint.id()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
  EXPECT_THAT(webhooks_.Delete(endpoint.id()),
              StripeErrorIs("invalid_request_error", "resource_missing"));
}

// ---- deliveries ----

TEST_F(WebhookEndpointsTest, DeliversEveryEventInOrderWithTheEventJson) {
  MakeEndpoint({"*"});
  ASSERT_THAT(MakeCharge("tok_visa", /*capture=*/false), IsOk());
  ASSERT_THAT(MakeCharge("tok_chargeDeclined"), StripeErrorIs("card_error", "card_declined"));
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  EXPECT_EQ(webhooks_.pending(), engine_.events().size());
  EXPECT_EQ(webhooks_.DeliverDue(), engine_.events().size());
  EXPECT_EQ(webhooks_.pending(), 0u);

  // Oldest first, exactly as the event log has them, except that each body counts its own
  // delivery as pending (the log, read after the deliveries, counts none).
  EventListParams all;
  all.set_limit(100);
  absl::StatusOr<ListResult<Event>> events = engine_.events().List(all);
  ASSERT_THAT(events, IsOk());
  const std::vector<WebhookRequest> requests = transport_.requests();
  ASSERT_EQ(requests.size(), events->data.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    Event event = events->data[events->data.size() - 1 - i];
    EXPECT_EQ(event.pending_webhooks(), 0);
    event.set_pending_webhooks(1);
    EXPECT_EQ(requests[i].body, RenderJson(event));
    EXPECT_EQ(requests[i].url, "http://127.0.0.1:4242/hook");
    EXPECT_EQ(Header(requests[i], "Content-Type"), "application/json");
  }
  EXPECT_EQ(EventType(requests.back()), "customer.created");
}

TEST_F(WebhookEndpointsTest, OnlyEventsEmittedWhileAnEndpointExistsAreDelivered) {
  ASSERT_THAT(engine_.customers().Create({}), IsOk());  // no endpoint yet: never delivered
  const std::string first = MakeEndpoint({"*"}).id();
  ASSERT_THAT(MakeCharge(), IsOk());                     // charge.succeeded
  ASSERT_THAT(webhooks_.Delete(first), IsOk());          // the queued delivery goes with it
  ASSERT_THAT(engine_.customers().Create({}), IsOk());  // no endpoint: never delivered
  EXPECT_EQ(webhooks_.pending(), 0u);
  MakeEndpoint({"*"}, "http://127.0.0.1:4242/again");
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  ASSERT_EQ(transport_.requests().size(), 1u);
  EXPECT_EQ(transport_.requests()[0].url, "http://127.0.0.1:4242/again");
  EXPECT_EQ(EventType(transport_.requests()[0]), "customer.created");
}

TEST_F(WebhookEndpointsTest, EnabledEventsFilter) {
  MakeEndpoint({"charge.refunded", "customer.created"}, "http://a.test/1");
  MakeEndpoint({"charge.succeeded"}, "http://a.test/2");
  absl::StatusOr<paysim::Charge> charge = MakeCharge();
  ASSERT_THAT(charge, IsOk());
  RefundCreateParams refund;
  refund.set_charge(charge->id());
  ASSERT_THAT(engine_.refunds().Create(refund), IsOk());
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  webhooks_.DeliverDue();
  std::vector<std::string> got;
  for (const WebhookRequest& r : transport_.requests()) {
    got.push_back(r.url + " " + EventType(r));
  }
  EXPECT_THAT(got, ElementsAre("http://a.test/2 charge.succeeded", "http://a.test/1 charge.refunded",
                               "http://a.test/1 customer.created"));
}

TEST_F(WebhookEndpointsTest, EventsBeforeTheEndpointExistedAreNotSent) {
  ASSERT_THAT(MakeCharge(), IsOk());
  MakeEndpoint();
  EXPECT_EQ(webhooks_.DeliverDue(), 0u);
  EXPECT_THAT(transport_.requests(), IsEmpty());
}

TEST_F(WebhookEndpointsTest, SignatureVerifiesWithTheEndpointSecret) {
  WebhookEndpoint endpoint = MakeEndpoint({"charge.succeeded"});
  clock_.Advance(absl::Seconds(17));
  ASSERT_THAT(MakeCharge(), IsOk());
  ASSERT_EQ(webhooks_.DeliverDue(), 1u);
  const WebhookRequest request = transport_.requests()[0];
  const std::string header = Header(request, "Stripe-Signature");
  EXPECT_EQ(SignedAt(request), t0_ + 17);
  EXPECT_THAT(testing::VerifySignature(request.body, header, endpoint.secret(), clock_.Now()),
              IsOk());
  EXPECT_THAT(testing::VerifySignature(request.body, header, "whsec_wrong", clock_.Now()),
              StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(header, testing::SignPayload(endpoint.secret(), t0_ + 17, request.body));
}

TEST_F(WebhookEndpointsTest, RetriesAtOneMinuteOneHourThreeHoursThenGivesUp) {
  std::vector<DeliveryAttempt> attempts;
  WebhookEndpoints webhooks(&engine_, &transport_,
                            {.on_attempt = [&](const DeliveryAttempt& a) { attempts.push_back(a); }});
  WebhookEndpointCreateParams params = ParseParams<WebhookEndpointCreateParams>(
      R"pb(url: "http://a.test" enabled_events: "charge.succeeded")pb");
  ASSERT_THAT(webhooks.Create(params), IsOk());
  transport_.set_status(500);
  ASSERT_THAT(MakeCharge(), IsOk());

  EXPECT_EQ(webhooks.DeliverDue(), 1u);  // the first attempt, at t0
  // Each retry: nothing one second early, the attempt exactly on time.
  int64_t expected_at = t0_;
  for (absl::Duration delay : {absl::Minutes(1), absl::Hours(1), absl::Hours(3)}) {
    expected_at += absl::ToInt64Seconds(delay);
    EXPECT_EQ(webhooks.NextDue(), absl::FromUnixSeconds(expected_at));
    clock_.SetTime(absl::FromUnixSeconds(expected_at - 1));
    EXPECT_EQ(webhooks.DeliverDue(), 0u) << "early at " << expected_at - 1;
    clock_.SetTime(absl::FromUnixSeconds(expected_at));
    EXPECT_EQ(webhooks.DeliverDue(), 1u) << "not retried at " << expected_at;
    clock_.SetTime(absl::FromUnixSeconds(expected_at + 1));
    EXPECT_EQ(webhooks.DeliverDue(), 0u) << "twice by " << expected_at + 1;
  }
  // Given up after 4 attempts.
  EXPECT_EQ(webhooks.NextDue(), absl::nullopt);
  clock_.Advance(absl::Hours(24 * 30));
  EXPECT_EQ(webhooks.DeliverDue(), 0u);

  const std::vector<WebhookRequest> requests = transport_.requests();
  ASSERT_THAT(requests, SizeIs(4));
  std::vector<int64_t> signed_at;
  for (const WebhookRequest& r : requests) signed_at.push_back(SignedAt(r));
  EXPECT_THAT(signed_at, ElementsAre(t0_, t0_ + 60, t0_ + 60 + 3600, t0_ + 60 + 3600 + 3 * 3600));
  for (const WebhookRequest& r : requests) EXPECT_EQ(r.body, requests[0].body);  // same event
  ASSERT_THAT(attempts, SizeIs(4));
  EXPECT_EQ(attempts[0].attempt, 1);
  EXPECT_EQ(attempts[0].response.status, 500);
  EXPECT_EQ(attempts[0].next_attempt, absl::FromUnixSeconds(t0_ + 60));
  EXPECT_EQ(attempts[3].attempt, 4);
  EXPECT_EQ(attempts[3].next_attempt, absl::nullopt);
}

TEST_F(WebhookEndpointsTest, ARetryThatSucceedsIsTheLast) {
  MakeEndpoint({"charge.succeeded"});
  transport_.set_status(0);  // no answer at all
  ASSERT_THAT(MakeCharge(), IsOk());
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  transport_.set_status(204);
  clock_.Advance(absl::Minutes(1));
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  EXPECT_EQ(webhooks_.pending(), 0u);
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(webhooks_.DeliverDue(), 0u);
  EXPECT_THAT(transport_.requests(), SizeIs(2));
}

TEST_F(WebhookEndpointsTest, AFailingDeliveryDoesNotHoldBackLaterEvents) {
  MakeEndpoint({"*"});
  transport_.set_status(500);
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  webhooks_.DeliverDue();
  transport_.set_status(200);
  clock_.Advance(absl::Seconds(10));
  ASSERT_THAT(MakeCharge(), IsOk());
  webhooks_.DeliverDue();
  clock_.Advance(absl::Seconds(50));
  webhooks_.DeliverDue();
  std::vector<std::string> types;
  for (const WebhookRequest& r : transport_.requests()) types.push_back(EventType(r));
  EXPECT_THAT(types, ElementsAre("customer.created", "charge.succeeded", "customer.created"));
}

TEST_F(WebhookEndpointsTest, DeleteStopsDelivery) {
  WebhookEndpoint endpoint = MakeEndpoint({"*"});
  transport_.set_status(500);
  ASSERT_THAT(MakeCharge(), IsOk());
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  ASSERT_THAT(engine_.customers().Create({}), IsOk());  // queued, not yet sent
  ASSERT_THAT(webhooks_.Delete(endpoint.id()), IsOk());
  EXPECT_EQ(webhooks_.pending(), 0u);
  ASSERT_THAT(MakeCharge(), IsOk());
  clock_.Advance(absl::Hours(24));
  EXPECT_EQ(webhooks_.DeliverDue(), 0u);
  EXPECT_THAT(transport_.requests(), SizeIs(1));
}

TEST_F(WebhookEndpointsTest, DisabledEndpointsGetNothingUntilEnabled) {
  WebhookEndpoint endpoint = MakeEndpoint({"*"});
  transport_.set_status(500);
  ASSERT_THAT(MakeCharge(), IsOk());
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  absl::StatusOr<WebhookEndpoint> disabled = webhooks_.Update(
      endpoint.id(), ParseParams<WebhookEndpointUpdateParams>(R"pb(disabled: true)pb"));
  ASSERT_THAT(disabled, IsOk());
  EXPECT_EQ(disabled->status(), "disabled");
  EXPECT_EQ(webhooks_.pending(), 0u);  // the retry is dropped
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  clock_.Advance(absl::Hours(1));
  EXPECT_EQ(webhooks_.DeliverDue(), 0u);

  transport_.set_status(200);
  ASSERT_THAT(webhooks_.Update(endpoint.id(),
                               ParseParams<WebhookEndpointUpdateParams>(R"pb(disabled: false)pb")),
              IsOk());
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  EXPECT_EQ(EventType(transport_.requests().back()), "customer.created");
}

TEST_F(WebhookEndpointsTest, TimerEventsAreDeliveredAtTheirTime) {
  MakeEndpoint({"charge.expired"});
  ASSERT_THAT(MakeCharge("tok_visa", /*capture=*/false), IsOk());
  clock_.Advance(absl::Hours(24 * 7));
  engine_.FireDueTimers();
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  ASSERT_THAT(transport_.requests(), SizeIs(1));
  EXPECT_EQ(EventType(transport_.requests()[0]), "charge.expired");
  EXPECT_EQ(SignedAt(transport_.requests()[0]), t0_ + 7 * 24 * 3600);
}

TEST_F(WebhookEndpointsTest, OnQueuedSaysWhenDeliveriesWereQueued) {
  int queued = 0;
  WebhookEndpointsOptions options;
  options.on_queued = [&queued] { ++queued; };
  WebhookEndpoints webhooks(&engine_, &transport_, options);
  ASSERT_THAT(webhooks.Create(ParseParams<WebhookEndpointCreateParams>(
                  R"pb(url: "http://a.test" enabled_events: "customer.created")pb")),
              IsOk());
  ASSERT_THAT(MakeCharge(), IsOk());  // no endpoint wants charge events
  EXPECT_EQ(queued, 0);
  ASSERT_THAT(engine_.customers().Create({}), IsOk());
  EXPECT_EQ(queued, 1);
  EXPECT_EQ(webhooks.pending(), 1u);
}

TEST_F(WebhookEndpointsTest, ListPaginates) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(MakeEndpoint().id());
  absl::StatusOr<ListResult<WebhookEndpoint>> page =
      webhooks_.List(ParseParams<WebhookEndpointListParams>("limit: 2"));
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(2));
  EXPECT_TRUE(page->has_more);
  EXPECT_EQ(page->data[0].id(), ids[2]);
  WebhookEndpointListParams next;
  next.set_starting_after(page->data[1].id());
  page = webhooks_.List(next);
  ASSERT_THAT(page, IsOk());
  ASSERT_THAT(page->data, SizeIs(1));
  EXPECT_EQ(page->data[0].id(), ids[0]);
  EXPECT_FALSE(page->has_more);
  EXPECT_THAT(webhooks_.List(ParseParams<WebhookEndpointListParams>("limit: 0")),
              StripeErrorWithParam("invalid_request_error", "", "limit"));
}

}  // namespace
}  // namespace webhooks
}  // namespace paysim
