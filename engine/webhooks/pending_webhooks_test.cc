// An event's `pending_webhooks` follows its deliveries to webhook endpoints (queued, each 2xx
// one less, refused and abandoned ones kept), and GET /v1/events' `delivery_success` filter
// lists by it.
#include <string>
#include <vector>

#include "engine/json_render.h"
#include "engine/webhooks/fake_transport.h"
#include "engine/webhooks/webhook_endpoints.h"
#include "testing/paysim_testing.h"

namespace paysim {
namespace webhooks {
namespace {

using ::paysim::testing::FakeClock;
using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PendingWebhooksTest : public ::testing::Test {
 protected:
  void MakeEndpoint(std::vector<std::string> enabled_events) {
    WebhookEndpointCreateParams params;
    params.set_url("http://127.0.0.1:4242/hook");
    for (const std::string& e : enabled_events) params.add_enabled_events(e);
    ASSERT_THAT(webhooks_.Create(params), IsOk());
  }

  // Creates a customer; returns the id of its customer.created event.
  std::string NewCustomerEvent() {
    EXPECT_THAT(engine_.customers().Create(CustomerCreateParams()), IsOk());
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(
        ParseParams<EventListParams>(R"pb(type: "customer.created" limit: 1)pb"));
    EXPECT_THAT(page, IsOk());
    return page.ok() && !page->data.empty() ? page->data[0].id() : "";
  }

  int64_t Pending(const std::string& event_id) {
    absl::StatusOr<Event> event = engine_.events().Retrieve(event_id);
    EXPECT_THAT(event, IsOk());
    return event.ok() ? event->pending_webhooks() : -1;
  }

  std::vector<std::string> Listed(bool delivery_success) {
    EventListParams params;
    params.set_delivery_success(delivery_success);
    absl::StatusOr<ListResult<Event>> page = engine_.events().List(params);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> ids;
    if (page.ok()) {
      for (const Event& e : page->data) ids.push_back(e.id());
    }
    return ids;
  }

  int64_t PayloadPending(size_t request) {
    return Json::parse(transport_.requests().at(request).body)["pending_webhooks"].get<int64_t>();
  }

  FakeClock clock_;
  Engine engine_{{.clock = &clock_, .seed = 7}};
  FakeTransport transport_;
  WebhookEndpoints webhooks_{&engine_, &transport_};
};

TEST_F(PendingWebhooksTest, NoEndpointMeansNothingPending) {
  const std::string id = NewCustomerEvent();
  EXPECT_EQ(Pending(id), 0);
  EXPECT_THAT(Listed(/*delivery_success=*/true), ElementsAre(id));
  EXPECT_THAT(Listed(/*delivery_success=*/false), IsEmpty());
}

TEST_F(PendingWebhooksTest, EachSuccessfulDeliveryCountsDown) {
  MakeEndpoint({"*"});
  MakeEndpoint({"customer.created"});
  MakeEndpoint({"charge.succeeded"});  // does not want it: not counted
  const std::string id = NewCustomerEvent();
  EXPECT_EQ(Pending(id), 2);
  EXPECT_THAT(Listed(/*delivery_success=*/false), ElementsAre(id));
  EXPECT_THAT(Listed(/*delivery_success=*/true), IsEmpty());

  EXPECT_EQ(webhooks_.DeliverDue(), 2u);
  EXPECT_EQ(PayloadPending(0), 2);  // the body counts every delivery, this one included
  EXPECT_EQ(PayloadPending(1), 2);
  EXPECT_EQ(Pending(id), 0);
  EXPECT_THAT(Listed(/*delivery_success=*/true), ElementsAre(id));
  EXPECT_THAT(Listed(/*delivery_success=*/false), IsEmpty());
}

TEST_F(PendingWebhooksTest, ARefusedDeliveryStaysPendingUntilARetrySucceeds) {
  MakeEndpoint({"*"});
  transport_.set_status(500);
  const std::string id = NewCustomerEvent();
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  EXPECT_EQ(Pending(id), 1);
  EXPECT_THAT(Listed(/*delivery_success=*/false), ElementsAre(id));

  // The first retry is due one minute after the failed attempt: not one second before.
  transport_.set_status(200);
  clock_.Advance(kSandboxRetryDelays[0] - absl::Seconds(1));
  EXPECT_EQ(webhooks_.DeliverDue(), 0u);
  EXPECT_EQ(Pending(id), 1);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(webhooks_.DeliverDue(), 1u);
  EXPECT_EQ(Pending(id), 0);
  EXPECT_THAT(Listed(/*delivery_success=*/false), IsEmpty());
}

TEST_F(PendingWebhooksTest, AnAbandonedDeliveryStaysPending) {
  MakeEndpoint({"*"});
  transport_.set_status(0);
  const std::string id = NewCustomerEvent();
  for (int i = 0; i < 10; ++i) {
    webhooks_.DeliverDue();
    clock_.Advance(absl::Hours(4));
  }
  EXPECT_EQ(transport_.requests().size(), 1u + std::size(kSandboxRetryDelays));
  EXPECT_EQ(Pending(id), 1);
  EXPECT_THAT(Listed(/*delivery_success=*/false), ElementsAre(id));
}

TEST_F(PendingWebhooksTest, InProcessSubscribersAreNotPendingOnceTheCallReturns) {
  std::vector<int64_t> seen;
  engine_.events().Subscribe({"*"}, [&](const Event& e) { seen.push_back(e.pending_webhooks()); });
  const std::string id = NewCustomerEvent();
  // The handler's copy counts the in-process subscribers that want it: this one (the
  // endpoints' registry, with no endpoint, wants nothing); the event as read afterwards counts
  // endpoint deliveries only: none.
  EXPECT_THAT(seen, ElementsAre(1));
  EXPECT_EQ(Pending(id), 0);
  MakeEndpoint({"*"});
  const std::string queued = NewCustomerEvent();
  EXPECT_THAT(seen, ElementsAre(1, 2));  // this one and the endpoints' own
  EXPECT_EQ(Pending(queued), 1);         // the endpoint's delivery, not yet made
}

TEST_F(PendingWebhooksTest, AdjustingAnUnknownEventChangesNothing) {
  engine_.events().AdjustPendingWebhooks("evt_missing", 3);
  const std::string id = NewCustomerEvent();
  EXPECT_EQ(Pending(id), 0);
  engine_.events().AdjustPendingWebhooks(id, -1);  // never shown below zero
  EXPECT_EQ(Pending(id), 0);
  engine_.events().AdjustPendingWebhooks(id, 1);
  EXPECT_EQ(Pending(id), 0);  // back to zero: -1 + 1
}

}  // namespace
}  // namespace webhooks
}  // namespace paysim
