// Operations on billing meters and the usage reported to them: create a meter (a formula, one
// of a few event names, so that a name already taken is refused), deactivate, reactivate,
// report usage (a customer of the pool or an unknown one, a whole, bad or missing value,
// sometimes dated back or out of Stripe's window, sometimes a reused identifier), cancel an
// event; and the usage invariant: a report that succeeds moves its meter's summary of the
// customer's minute by exactly what it counts (its value for `sum`, one for `count`; nothing
// when the meter is inactive, the customer unknown or the value not a whole number).
// Subscriptions bill these meters through metered prices (billing_operations.cc).
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/meter_events.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kMeters = "meters";
constexpr absl::string_view kIdentifiers = "meter_event_identifiers";
constexpr absl::string_view kEventNames[] = {"api_call", "seat_used", "gigabyte"};

void CreateMeter(Simulation& sim) {
  BillingMeterCreateParams params;
  params.set_display_name("simulated meter");
  params.set_event_name(std::string(kEventNames[sim.Rand(3)]));
  static constexpr absl::string_view kFormulas[] = {"sum", "sum", "count", "last"};
  params.mutable_default_aggregation()->set_formula(std::string(kFormulas[sim.Rand(4)]));
  if (sim.Chance(10)) {
    params.mutable_default_aggregation()->set_formula("max");
    sim.ExpectRefusal("a formula Stripe does not have");
  }
  sim.RunCheckedCall("", [&](Engine& e) { return e.meters().Create(params); });
}

void MoveMeter(Simulation& sim) {
  const std::string id = sim.PickId(kMeters, "mtr_");
  const absl::StatusOr<BillingMeter> before =
      sim.CallBothEngines([&](Engine& e) { return e.meters().Retrieve(id); });
  if (before.ok() && before->status() == "active") {
    sim.ExpectSuccess("deactivating an active meter");
    sim.RunCheckedCall(id, [&](Engine& e) {
      return e.meters().Deactivate(id, BillingMeterDeactivateParams());
    });
    return;
  }
  if (!before.ok()) sim.ExpectRefusal("an unknown meter");
  sim.RunCheckedCall(id, [&](Engine& e) {
    return e.meters().Reactivate(id, BillingMeterReactivateParams());
  });
}

// The meter's summary of `customer` over the minute containing `timestamp`, or -1 if it
// cannot be read.
double MinuteUsage(Simulation& sim, const std::string& meter, const std::string& customer,
                   int64_t timestamp) {
  BillingMeterEventSummaryListParams params;
  params.set_customer(customer);
  params.set_start_time(timestamp - ((timestamp % 60) + 60) % 60);
  params.set_end_time(params.start_time() + 60);
  const absl::StatusOr<ListResult<BillingMeterEventSummary>> page = sim.CallBothEngines(
      [&](Engine& e) { return e.meters().ListEventSummaries(meter, params); });
  if (!page.ok() || page->data.size() != 1) return -1;
  return page->data[0].aggregated_value();
}

void ReportUsage(Simulation& sim) {
  const std::string meter_id = sim.PickId(kMeters, "mtr_");
  const absl::StatusOr<BillingMeter> meter =
      sim.CallBothEngines([&](Engine& e) { return e.meters().Retrieve(meter_id); });
  BillingMeterEventCreateParams params;
  params.set_event_name(meter.ok() ? meter->event_name() : std::string(kEventNames[0]));
  const std::string customer = sim.PickId(pool::kCustomers, "cus_");
  (*params.mutable_payload())["stripe_customer_id"] = customer;
  std::string value = absl::StrCat(sim.Rand(20));
  if (sim.Chance(5)) value = "1.5";
  if (sim.Chance(5)) value = "-2";
  if (!sim.Chance(5)) (*params.mutable_payload())["value"] = value;
  const int64_t now = sim.Now();
  int64_t timestamp = now;
  if (sim.Chance(30)) {
    timestamp = now - static_cast<int64_t>(sim.Rand(3 * 86400));
    params.set_timestamp(timestamp);
  }
  if (sim.Chance(3)) {
    params.set_timestamp(now - absl::ToInt64Seconds(kMeterEventMaxAge) - 1);
    sim.ExpectRefusal("a timestamp older than 35 days");
  } else if (sim.Chance(3)) {
    params.set_timestamp(now + absl::ToInt64Seconds(kMeterEventMaxAhead) + 1);
    sim.ExpectRefusal("a timestamp more than 5 minutes ahead");
  }
  if (sim.Chance(20) && !sim.pool(kIdentifiers).empty()) {
    params.set_identifier(sim.pool(kIdentifiers).Pick(sim.rng()));
  } else {
    params.set_identifier(absl::StrCat("sim_", sim.rng()()));
  }
  const absl::StatusOr<Customer> payer =
      sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(customer); });
  const bool counted_customer = payer.ok();
  const double before =
      meter.ok() && counted_customer ? MinuteUsage(sim, meter_id, customer, timestamp) : -1;
  const absl::StatusOr<BillingMeterEvent> event =
      sim.CheckedCall("", [&](Engine& e) { return e.meter_events().Create(params); });
  if (!event.ok()) return;
  sim.pool(kIdentifiers).Add(params.identifier(), sim.rng());
  if (before < 0) return;
  // What it must count: by the meter's formula, if the meter was active and the value whole.
  int64_t whole = 0;
  const bool has_value = params.payload().count("value") > 0;
  const bool whole_value = has_value && absl::SimpleAtoi(value, &whole) && whole >= 0;
  const std::string& formula = meter->default_aggregation().formula();
  double counts = 0;
  if (meter->status() == "active" && formula == "sum" && whole_value) counts = whole;
  if (meter->status() == "active" && formula == "count") counts = 1;
  if (formula == "last") return;  // the minute's last value depends on the others' timestamps
  const double after = MinuteUsage(sim, meter_id, customer, timestamp);
  if (after != before + counts) {
    sim.ReportViolation(absl::StrCat("meter ", meter_id, " (", formula, ", ", meter->status(),
                                     "): a report of '", has_value ? value : "(none)",
                                     "' for ", customer, " moved its minute from ", before,
                                     " to ", after, ", expected +", counts));
  }
}

void CancelUsage(Simulation& sim) {
  BillingMeterEventAdjustmentCreateParams params;
  params.set_event_name(std::string(kEventNames[sim.Rand(3)]));
  params.set_type("cancel");
  params.mutable_cancel()->set_identifier(sim.pool(kIdentifiers).empty()
                                              ? "sim_none"
                                              : sim.pool(kIdentifiers).Pick(sim.rng()));
  if (sim.Chance(5)) {
    params.clear_cancel();
    sim.ExpectRefusal("a cancel without an identifier");
  }
  sim.RunCheckedCall("", [&](Engine& e) { return e.meter_events().CreateAdjustment(params); });
}

void ObserveMeterEvent(Simulation& sim, const Event& event) {
  const BillingMeter& meter = event.data().object().billing_meter();
  sim.pool(kMeters).Add(meter.id(), sim.rng());
  ObserveObject(sim, meter, /*current=*/false);
  if ((meter.status() == "inactive") != meter.status_transitions().has_deactivated_at()) {
    sim.ReportViolation(absl::StrCat(meter.id(), ": ", meter.status(), " and deactivated_at ",
                                     meter.status_transitions().has_deactivated_at() ? "set"
                                                                                     : "null"));
  }
  sim.Touch(meter.id());
}

}  // namespace

void RegisterMeterOperations(ResourceRegistry& registry) {
  registry.AddOperation("meter_create", 1, CreateMeter);
  registry.AddOperation("meter_deactivate_or_reactivate", 1, MoveMeter);
  registry.AddOperation("meter_event_report", 4, ReportUsage);
  registry.AddOperation("meter_event_cancel", 1, CancelUsage);
  registry.AddRetriever("mtr_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.meters().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kBillingMeter, ObserveMeterEvent);
  registry.AddLifecycle(BillingMeter::descriptor(), StatusFromEngine("billing.meter"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
