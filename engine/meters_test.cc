// Behaviour tests of billing meters, meter events and their adjustments: creation with its
// defaults and every refusal, rename, deactivate and reactivate with their events, list, and
// the usage a meter counts (formulas, time windows one second either side, identifiers,
// cancellation, event summaries).
#include <memory>
#include <string>
#include <vector>

#include "engine/billing_test_fixture.h"

namespace paysim {
namespace {

using ::paysim::testing::IsOk;
using ::paysim::testing::ParseParams;
using ::paysim::testing::StripeErrorWithParam;
using ::testing::ElementsAre;

class MetersTest : public BillingTest {
 protected:
  BillingMeter NewMeter(const std::string& event_name, const std::string& formula = "sum",
                        const std::string& more = "") {
    absl::StatusOr<BillingMeter> meter = engine_.meters().Create(
        ParseParams<BillingMeterCreateParams>(absl::StrCat(
            "display_name: \"Meter ", event_name, "\" event_name: \"", event_name,
            "\" default_aggregation { formula: \"", formula, "\" } ", more)));
    EXPECT_THAT(meter, IsOk());
    return meter.value_or(BillingMeter());
  }

  absl::StatusOr<BillingMeterEvent> Report(const std::string& event_name,
                                           const std::string& customer, const std::string& value,
                                           const std::string& more = "") {
    BillingMeterEventCreateParams params = ParseParams<BillingMeterEventCreateParams>(
        absl::StrCat("event_name: \"", event_name, "\" ", more));
    if (!customer.empty()) (*params.mutable_payload())["stripe_customer_id"] = customer;
    if (!value.empty()) (*params.mutable_payload())["value"] = value;
    return engine_.meter_events().Create(params);
  }

  // The meter's one summary of `customer` over [start, end).
  double Usage(const BillingMeter& meter, const std::string& customer, int64_t start,
               int64_t end) {
    BillingMeterEventSummaryListParams params;
    params.set_customer(customer);
    params.set_start_time(start);
    params.set_end_time(end);
    absl::StatusOr<ListResult<BillingMeterEventSummary>> page =
        engine_.meters().ListEventSummaries(meter.id(), params);
    EXPECT_THAT(page, IsOk());
    if (!page.ok() || page->data.size() != 1) return -1;
    return page->data[0].aggregated_value();
  }

  void ExpectCreateRejected(const std::string& text, const std::string& code,
                            const std::string& param) {
    const size_t events = events_.size();
    EXPECT_THAT(engine_.meters().Create(ParseParams<BillingMeterCreateParams>(text)),
                StripeErrorWithParam("invalid_request_error", code, param))
        << text;
    EXPECT_EQ(events_.size(), events);
  }
};

TEST_F(MetersTest, CreateFillsStripesDefaultsAndAnnouncesTheMeter) {
  const BillingMeter meter = NewMeter("api_call");
  EXPECT_EQ(meter.id().rfind("mtr_", 0), 0u);
  EXPECT_EQ(meter.object(), "billing.meter");
  EXPECT_EQ(meter.created(), kStart);
  EXPECT_EQ(meter.updated(), kStart);
  EXPECT_EQ(meter.status(), "active");
  EXPECT_FALSE(meter.status_transitions().has_deactivated_at());
  EXPECT_EQ(meter.customer_mapping().event_payload_key(), "stripe_customer_id");
  EXPECT_EQ(meter.customer_mapping().type(), "by_id");
  EXPECT_EQ(meter.value_settings().event_payload_key(), "value");
  EXPECT_EQ(meter.default_aggregation().formula(), "sum");
  EXPECT_FALSE(meter.has_event_time_window());
  EXPECT_THAT(TypesSince(0, "billing."), ElementsAre("billing.meter.created"));
  EXPECT_EQ(events_.back().data().object().billing_meter().id(), meter.id());

  const BillingMeter custom =
      NewMeter("tokens", "count",
               "customer_mapping { event_payload_key: \"account\" type: \"by_id\" } "
               "value_settings { event_payload_key: \"n\" } event_time_window: \"hour\"");
  EXPECT_EQ(custom.customer_mapping().event_payload_key(), "account");
  EXPECT_EQ(custom.value_settings().event_payload_key(), "n");
  EXPECT_EQ(custom.event_time_window(), "hour");
}

TEST_F(MetersTest, CreateRefusesWhatStripeRefuses) {
  ExpectCreateRejected(R"pb(event_name: "a" default_aggregation { formula: "sum" })pb",
                       "parameter_missing", "display_name");
  ExpectCreateRejected(R"pb(display_name: "A" default_aggregation { formula: "sum" })pb",
                       "parameter_missing", "event_name");
  ExpectCreateRejected(R"pb(display_name: "A" event_name: "a")pb", "parameter_missing",
                       "default_aggregation");
  ExpectCreateRejected(R"pb(display_name: "A" event_name: "a" default_aggregation {})pb",
                       "parameter_missing", "default_aggregation[formula]");
  ExpectCreateRejected(
      R"pb(display_name: "A" event_name: "a" default_aggregation { formula: "max" })pb", "",
      "default_aggregation[formula]");
  ExpectCreateRejected(R"pb(display_name: "A" event_name: "a"
                            default_aggregation { formula: "sum" }
                            customer_mapping { event_payload_key: "c" type: "by_email" })pb",
                       "", "customer_mapping[type]");
  ExpectCreateRejected(R"pb(display_name: "A" event_name: "a"
                            default_aggregation { formula: "sum" }
                            customer_mapping { type: "by_id" })pb",
                       "parameter_missing", "customer_mapping[event_payload_key]");
  ExpectCreateRejected(R"pb(display_name: "A" event_name: "a"
                            default_aggregation { formula: "sum" } value_settings {})pb",
                       "parameter_missing", "value_settings[event_payload_key]");
  ExpectCreateRejected(R"pb(display_name: "A" event_name: "a"
                            default_aggregation { formula: "sum" } event_time_window: "week")pb",
                       "", "event_time_window");
  ExpectCreateRejected(
      absl::StrCat("display_name: \"", std::string(kMeterDisplayNameMaxLength + 1, 'x'),
                   "\" event_name: \"a\" default_aggregation { formula: \"sum\" }"),
      "", "display_name");
  ExpectCreateRejected(absl::StrCat("display_name: \"A\" event_name: \"",
                                    std::string(kMeterEventNameMaxLength + 1, 'x'),
                                    "\" default_aggregation { formula: \"sum\" }"),
                       "", "event_name");
  // The limits themselves are fine.
  NewMeter(std::string(kMeterEventNameMaxLength, 'x'));
  // One active meter per event name.
  NewMeter("api_call");
  ExpectCreateRejected(
      R"pb(display_name: "B" event_name: "api_call" default_aggregation { formula: "sum" })pb",
      "", "event_name");
  EXPECT_EQ(engine_.meters().List(BillingMeterListParams())->data.size(), 2u);
}

TEST_F(MetersTest, RenameDeactivateAndReactivate) {
  const BillingMeter meter = NewMeter("api_call");
  clock_.Advance(absl::Seconds(10));
  BillingMeterUpdateParams rename;
  rename.set_display_name("API requests");
  absl::StatusOr<BillingMeter> renamed = engine_.meters().Update(meter.id(), rename);
  ASSERT_THAT(renamed, IsOk());
  EXPECT_EQ(renamed->display_name(), "API requests");
  EXPECT_EQ(renamed->updated(), kStart + 10);
  ASSERT_EQ(events_.back().type(), "billing.meter.updated");
  EXPECT_EQ(events_.back().data().previous_attributes(),
            R"({"display_name":"Meter api_call","updated":)" + std::to_string(kStart) + "}");

  absl::StatusOr<BillingMeter> inactive =
      engine_.meters().Deactivate(meter.id(), BillingMeterDeactivateParams());
  ASSERT_THAT(inactive, IsOk());
  EXPECT_EQ(inactive->status(), "inactive");
  EXPECT_EQ(inactive->status_transitions().deactivated_at(), kStart + 10);
  EXPECT_EQ(events_.back().type(), "billing.meter.deactivated");
  EXPECT_THAT(engine_.meters().Deactivate(meter.id(), BillingMeterDeactivateParams()),
              StripeErrorWithParam("invalid_request_error", "", "id"));

  // Filtered lists.
  BillingMeterListParams active_only;
  active_only.set_status("active");
  EXPECT_TRUE(engine_.meters().List(active_only)->data.empty());
  BillingMeterListParams inactive_only;
  inactive_only.set_status("inactive");
  EXPECT_EQ(engine_.meters().List(inactive_only)->data.size(), 1u);
  BillingMeterListParams bad;
  bad.set_status("gone");
  EXPECT_THAT(engine_.meters().List(bad),
              StripeErrorWithParam("invalid_request_error", "", "status"));

  // A new meter may take the inactive one's event name; the old one then cannot come back.
  const BillingMeter successor = NewMeter("api_call");
  EXPECT_THAT(engine_.meters().Reactivate(meter.id(), BillingMeterReactivateParams()),
              StripeErrorWithParam("invalid_request_error", "", "id"));
  ASSERT_THAT(engine_.meters().Deactivate(successor.id(), BillingMeterDeactivateParams()),
              IsOk());
  absl::StatusOr<BillingMeter> back =
      engine_.meters().Reactivate(meter.id(), BillingMeterReactivateParams());
  ASSERT_THAT(back, IsOk());
  EXPECT_EQ(back->status(), "active");
  EXPECT_FALSE(back->status_transitions().has_deactivated_at());
  EXPECT_EQ(events_.back().type(), "billing.meter.reactivated");

  EXPECT_THAT(engine_.meters().Retrieve("mtr_missing"),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(MetersTest, FormulasAggregateTheEventsOfEachCustomer) {
  const std::string alice = NewCustomer("");
  const std::string bob = NewCustomer("");
  const BillingMeter sum = NewMeter("api_call", "sum");
  const BillingMeter count = NewMeter("login", "count");
  const BillingMeter last = NewMeter("seats", "last");
  ASSERT_THAT(Report("api_call", alice, "25"), IsOk());
  ASSERT_THAT(Report("api_call", alice, "5"), IsOk());
  ASSERT_THAT(Report("api_call", bob, "7"), IsOk());
  ASSERT_THAT(Report("login", alice, ""), IsOk());
  ASSERT_THAT(Report("login", alice, ""), IsOk());
  ASSERT_THAT(Report("seats", alice, "4", "timestamp: " + std::to_string(kStart - 100)), IsOk());
  ASSERT_THAT(Report("seats", alice, "9", "timestamp: " + std::to_string(kStart - 50)), IsOk());
  ASSERT_THAT(Report("seats", alice, "6", "timestamp: " + std::to_string(kStart - 200)), IsOk());
  const int64_t from = kStart - kDay;
  const int64_t to = kStart + kHour;
  EXPECT_EQ(Usage(sum, alice, from, to), 30);
  EXPECT_EQ(Usage(sum, bob, from, to), 7);
  EXPECT_EQ(Usage(count, alice, from, to), 2);
  EXPECT_EQ(Usage(count, bob, from, to), 0);
  EXPECT_EQ(Usage(last, alice, from, to), 9);  // the latest timestamp, not the latest report

  // Events Stripe drops after answering: no meter, an unknown customer, a bad value.
  ASSERT_THAT(Report("nobody_meters_this", alice, "3"), IsOk());
  ASSERT_THAT(Report("api_call", "cus_unknown", "3"), IsOk());
  ASSERT_THAT(Report("api_call", alice, "2.5"), IsOk());
  ASSERT_THAT(Report("api_call", alice, "-1"), IsOk());
  ASSERT_THAT(Report("api_call", alice, ""), IsOk());
  EXPECT_EQ(Usage(sum, alice, from, to), 30);

  // An inactive meter takes no events.
  ASSERT_THAT(engine_.meters().Deactivate(sum.id(), BillingMeterDeactivateParams()), IsOk());
  ASSERT_THAT(Report("api_call", alice, "100"), IsOk());
  EXPECT_EQ(Usage(sum, alice, from, to), 30);
}

TEST_F(MetersTest, AnEventCountsInTheWindowOfItsTimestamp) {
  const std::string customer = NewCustomer("");
  const BillingMeter meter = NewMeter("api_call");
  clock_.SetTime(absl::FromUnixSeconds(kStart + 10 * kDay));
  const int64_t now = kStart + 10 * kDay;
  absl::StatusOr<BillingMeterEvent> event = Report("api_call", customer, "3");
  ASSERT_THAT(event, IsOk());
  EXPECT_EQ(event->object(), "billing.meter_event");
  EXPECT_EQ(event->timestamp(), now);
  EXPECT_EQ(event->created(), now);
  EXPECT_FALSE(event->identifier().empty());
  EXPECT_EQ(event->payload().at("value"), "3");
  // [start, end): the end is exclusive, the start inclusive.
  EXPECT_EQ(Usage(meter, customer, now - 60, now), 0);
  EXPECT_EQ(Usage(meter, customer, now, now + 60), 3);

  // Stripe's window: 35 days back, 5 minutes ahead, each limit one second either side.
  const int64_t oldest = now - 35 * kDay;
  const int64_t latest = now + 5 * 60;
  EXPECT_THAT(Report("api_call", customer, "1", "timestamp: " + std::to_string(oldest - 1)),
              StripeErrorWithParam("invalid_request_error", "", "timestamp"));
  EXPECT_THAT(Report("api_call", customer, "1", "timestamp: " + std::to_string(oldest)), IsOk());
  EXPECT_THAT(Report("api_call", customer, "1", "timestamp: " + std::to_string(latest)), IsOk());
  EXPECT_THAT(Report("api_call", customer, "1", "timestamp: " + std::to_string(latest + 1)),
              StripeErrorWithParam("invalid_request_error", "", "timestamp"));
  EXPECT_EQ(Usage(meter, customer, oldest - 60, latest + 60), 5);

  // Missing fields.
  EXPECT_THAT(engine_.meter_events().Create(BillingMeterEventCreateParams()),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "event_name"));
  EXPECT_THAT(Report("api_call", "", ""),
              StripeErrorWithParam("invalid_request_error", "parameter_missing", "payload"));
}

TEST_F(MetersTest, IdentifiersAreUniqueForADayAndCancelWithinIt) {
  const std::string customer = NewCustomer("");
  const BillingMeter meter = NewMeter("api_call");
  ASSERT_THAT(Report("api_call", customer, "10", R"(identifier: "req_1")"), IsOk());
  EXPECT_THAT(Report("api_call", customer, "10", R"(identifier: "req_1")"),
              StripeErrorWithParam("invalid_request_error", "", "identifier"));
  clock_.SetTime(absl::FromUnixSeconds(kStart + kDay - 1));
  EXPECT_THAT(Report("api_call", customer, "10", R"(identifier: "req_1")"),
              StripeErrorWithParam("invalid_request_error", "", "identifier"));
  clock_.SetTime(absl::FromUnixSeconds(kStart + kDay));
  ASSERT_THAT(Report("api_call", customer, "20", R"(identifier: "req_1")"), IsOk());
  EXPECT_EQ(Usage(meter, customer, kStart, kStart + 2 * kDay), 30);

  // Cancelling names the latest event of the identifier.
  BillingMeterEventAdjustmentCreateParams cancel =
      ParseParams<BillingMeterEventAdjustmentCreateParams>(
          R"pb(event_name: "api_call" type: "cancel" cancel { identifier: "req_1" })pb");
  absl::StatusOr<BillingMeterEventAdjustment> adjustment =
      engine_.meter_events().CreateAdjustment(cancel);
  ASSERT_THAT(adjustment, IsOk());
  EXPECT_EQ(adjustment->object(), "billing.meter_event_adjustment");
  EXPECT_EQ(adjustment->status(), "pending");
  EXPECT_EQ(adjustment->type(), "cancel");
  EXPECT_EQ(adjustment->cancel().identifier(), "req_1");
  EXPECT_EQ(Usage(meter, customer, kStart, kStart + 2 * kDay), 10);

  // An event older than a day can no longer be cancelled.
  ASSERT_THAT(Report("api_call", customer, "4", R"(identifier: "req_2")"), IsOk());
  clock_.SetTime(absl::FromUnixSeconds(kStart + 2 * kDay));
  cancel.mutable_cancel()->set_identifier("req_2");
  ASSERT_THAT(engine_.meter_events().CreateAdjustment(cancel), IsOk());
  EXPECT_EQ(Usage(meter, customer, kStart, kStart + 3 * kDay), 14);

  EXPECT_THAT(engine_.meter_events().CreateAdjustment(
                  ParseParams<BillingMeterEventAdjustmentCreateParams>(
                      R"pb(event_name: "api_call" type: "cancel")pb")),
              StripeErrorWithParam("invalid_request_error", "parameter_missing",
                                   "cancel[identifier]"));
  EXPECT_THAT(engine_.meter_events().CreateAdjustment(
                  ParseParams<BillingMeterEventAdjustmentCreateParams>(
                      R"pb(event_name: "api_call" type: "undo" cancel { identifier: "x" })pb")),
              StripeErrorWithParam("invalid_request_error", "", "type"));
}

TEST_F(MetersTest, EventSummariesGroupByHourOrDay) {
  const std::string customer = NewCustomer("");
  const BillingMeter meter = NewMeter("api_call");
  clock_.SetTime(absl::FromUnixSeconds(kStart + 3 * kDay));
  ASSERT_THAT(Report("api_call", customer, "1", "timestamp: " + std::to_string(kStart)), IsOk());
  ASSERT_THAT(Report("api_call", customer, "2",
                     "timestamp: " + std::to_string(kStart + kDay - 1)),
              IsOk());
  ASSERT_THAT(Report("api_call", customer, "4", "timestamp: " + std::to_string(kStart + kDay)),
              IsOk());
  BillingMeterEventSummaryListParams params;
  params.set_customer(customer);
  params.set_start_time(kStart);
  params.set_end_time(kStart + 2 * kDay);
  params.set_value_grouping_window("day");
  absl::StatusOr<ListResult<BillingMeterEventSummary>> page =
      engine_.meters().ListEventSummaries(meter.id(), params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 2u);
  EXPECT_EQ(page->url, absl::StrCat("/v1/billing/meters/", meter.id(), "/event_summaries"));
  EXPECT_EQ(page->data[0].start_time(), kStart + kDay);  // the latest first
  EXPECT_EQ(page->data[0].aggregated_value(), 4);
  EXPECT_EQ(page->data[1].start_time(), kStart);
  EXPECT_EQ(page->data[1].end_time(), kStart + kDay);
  EXPECT_EQ(page->data[1].aggregated_value(), 3);
  EXPECT_EQ(page->data[1].meter(), meter.id());
  EXPECT_EQ(page->data[1].object(), "billing.meter_event_summary");
  // Pages follow the ids.
  params.set_limit(1);
  params.set_starting_after(page->data[0].id());
  absl::StatusOr<ListResult<BillingMeterEventSummary>> next =
      engine_.meters().ListEventSummaries(meter.id(), params);
  ASSERT_THAT(next, IsOk());
  ASSERT_EQ(next->data.size(), 1u);
  EXPECT_EQ(next->data[0].start_time(), kStart);
  EXPECT_FALSE(next->has_more);
  params.clear_starting_after();
  params.clear_limit();

  params.set_value_grouping_window("hour");
  params.set_end_time(kStart + 2 * kHour);
  page = engine_.meters().ListEventSummaries(meter.id(), params);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->data.size(), 2u);

  // Refusals.
  auto refused = [&](BillingMeterEventSummaryListParams p, const std::string& code,
                     const std::string& param) {
    EXPECT_THAT(engine_.meters().ListEventSummaries(meter.id(), p),
                StripeErrorWithParam("invalid_request_error", code, param))
        << param;
  };
  BillingMeterEventSummaryListParams base;
  base.set_customer(customer);
  base.set_start_time(kStart);
  base.set_end_time(kStart + kDay);
  BillingMeterEventSummaryListParams p = base;
  p.clear_customer();
  refused(p, "parameter_missing", "customer");
  p = base;
  p.set_customer("cus_unknown");
  refused(p, "resource_missing", "customer");
  p = base;
  p.clear_start_time();
  refused(p, "parameter_missing", "start_time");
  p = base;
  p.set_start_time(kStart + 1);
  refused(p, "", "start_time");
  p = base;
  p.set_end_time(kStart);
  refused(p, "", "end_time");
  p = base;
  p.set_end_time(kStart + 90 * 60);
  p.set_value_grouping_window("day");
  refused(p, "", "end_time");
  p.set_value_grouping_window("week");
  refused(p, "", "value_grouping_window");
  EXPECT_THAT(engine_.meters().ListEventSummaries("mtr_missing", base),
              StripeErrorWithParam("invalid_request_error", "resource_missing", "id"));
}

TEST_F(MetersTest, TheCustomersTestClockDatesItsEvents) {
  absl::StatusOr<TestClock> test_clock = engine_.test_clocks().Create(
      ParseParams<TestClockCreateParams>("frozen_time: " + std::to_string(kStart - 40 * kDay)));
  ASSERT_THAT(test_clock, IsOk());
  absl::StatusOr<Customer> customer = engine_.customers().Create(
      ParseParams<CustomerCreateParams>("test_clock: \"" + test_clock->id() + "\""));
  ASSERT_THAT(customer, IsOk());
  const BillingMeter meter = NewMeter("api_call");
  absl::StatusOr<BillingMeterEvent> event = Report("api_call", customer->id(), "8");
  ASSERT_THAT(event, IsOk());
  EXPECT_EQ(event->timestamp(), kStart - 40 * kDay);
  EXPECT_EQ(Usage(meter, customer->id(), kStart - 41 * kDay, kStart - 39 * kDay), 8);
}

TEST_F(MetersTest, ARestoredEngineKeepsTheUsageAndTheIdentifiers) {
  const std::string customer = NewCustomer("");
  const BillingMeter meter = NewMeter("api_call");
  ASSERT_THAT(Report("api_call", customer, "11", R"(identifier: "req_1")"), IsOk());
  ASSERT_THAT(Report("api_call", customer, "4"), IsOk());
  absl::StatusOr<std::unique_ptr<Engine>> restored =
      testing::RestoredCopy(engine_, {.clock = &clock_});
  ASSERT_THAT(restored, IsOk());
  BillingMeterEventSummaryListParams params;
  params.set_customer(customer);
  params.set_start_time(kStart);
  params.set_end_time(kStart + 60);
  absl::StatusOr<ListResult<BillingMeterEventSummary>> page =
      (*restored)->meters().ListEventSummaries(meter.id(), params);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->data.size(), 1u);
  EXPECT_EQ(page->data[0].aggregated_value(), 15);
  BillingMeterEventCreateParams again;
  again.set_event_name("api_call");
  again.set_identifier("req_1");
  (*again.mutable_payload())["stripe_customer_id"] = customer;
  (*again.mutable_payload())["value"] = "1";
  EXPECT_THAT((*restored)->meter_events().Create(again),
              StripeErrorWithParam("invalid_request_error", "", "identifier"));
}


}  // namespace
}  // namespace paysim
