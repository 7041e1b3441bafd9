// Operations on subscription schedules: create (one to three monthly phases starting now or
// later, the first sometimes ending on a date within a period; items by price or priced
// inline, add_invoice_items by price or inline (credits too), tax rates per item or per phase,
// the simulator's coupon on a phase, sometimes bad input), update (the phases again), cancel,
// release, retrieve. Invariants: a schedule's phases meet (each starts where the previous
// ends), an active schedule's current phase is one of them, and one that ended has none.
// Phase changes (prorated within a period), completions and the renewals that bill them happen
// as the clock operations move time.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/subscription_schedules.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kSchedules = "subscription_schedules";

// A new monthly usd price of a new product, made on both engines, or nothing.
absl::StatusOr<Price> NewSchedulePrice(Simulation& sim) {
  PriceCreateParams params;
  params.set_currency("usd");
  params.set_unit_amount(sim.Amount("usd"));
  params.mutable_product_data()->set_name("Scheduled");
  params.mutable_recurring()->set_interval("month");
  return sim.CallBothEngines([&](Engine& e) { return e.prices().Create(params); });
}

// One phase: an item by price or priced inline (its product's), sometimes a second item, a
// one-time fee or credit, tax rates; one or two months long.
void RandomPhase(Simulation& sim, SubscriptionSchedulePhaseParams& phase) {
  const int items = 1 + static_cast<int>(sim.Rand(2));
  for (int j = 0; j < items; ++j) {
    const absl::StatusOr<Price> price = NewSchedulePrice(sim);
    SubscriptionSchedulePhaseItemParams* item = phase.add_items();
    if (price.ok() && sim.Chance(35)) {
      SubscriptionItemPriceDataParams* data = item->mutable_price_data();
      data->set_currency("usd");
      data->set_product(price->product());
      data->set_unit_amount(sim.Amount("usd"));
      data->mutable_recurring()->set_interval("month");
    } else {
      item->set_price(price.ok() ? price->id() : "");
    }
    if (sim.Chance(40)) item->set_quantity(1 + static_cast<int64_t>(sim.Rand(3)));
    if (sim.Chance(15)) item->add_tax_rates(sim.NewTaxRate());
  }
  if (sim.Chance(25)) sim.RandomOneTimeItem(*phase.add_add_invoice_items(), "Scheduled fee");
  if (sim.Chance(15)) phase.add_default_tax_rates(sim.NewTaxRate());
  if (sim.Chance(20)) phase.add_discounts()->set_coupon(sim.QuarterCoupon());
  if (sim.Chance(60)) phase.set_iterations(1 + static_cast<int64_t>(sim.Rand(2)));
}

void CreateSchedule(Simulation& sim) {
  SubscriptionScheduleCreateParams params;
  params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  if (sim.Chance(70)) {
    params.set_start_date("now");
  } else {
    params.set_start_date(absl::StrCat(sim.Now() + 1 + static_cast<int64_t>(sim.Rand(20 * 86400))));
  }
  const int phases = 1 + static_cast<int>(sim.Rand(3));
  for (int i = 0; i < phases; ++i) RandomPhase(sim, *params.add_phases());
  if (params.start_date() == "now" && sim.Chance(30)) {
    // The first phase ends on a date, mostly within a billing period: the next phase's items
    // are prorated then.
    const int64_t end = sim.Now() + 1 + static_cast<int64_t>(sim.Rand(40 * 86400));
    params.mutable_phases(0)->clear_iterations();
    params.mutable_phases(0)->set_end_date(absl::StrCat(end));
    sim.model().deadlines.push_back(end);
  }
  if (sim.Chance(30)) params.set_end_behavior("cancel");
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(10)) {
    case 0: {
      SubscriptionItemPriceDataParams* data =
          params.mutable_phases(0)->mutable_items(0)->mutable_price_data();
      data->set_currency("usd");
      data->clear_recurring();
      sim.ExpectRefusal("a phase item's price_data without recurring (or beside price)");
      break;
    }
    case 1:
      params.mutable_phases(0)->add_add_invoice_items()->set_quantity(0);
      sim.ExpectRefusal("an add_invoice_items entry with neither price nor a quantity");
      break;
    case 2:
      params.mutable_phases(0)->add_default_tax_rates("txr_missing");
      sim.ExpectRefusal("an unknown tax rate");
      break;
    case 3:
      params.mutable_phases(phases - 1)->add_discounts()->set_coupon("coupon_missing");
      sim.ExpectRefusal("an unknown coupon (or two discounts) on a phase");
      break;
    default:
      break;
  }
  sim.RunCheckedCall("", [&](Engine& e) { return e.subscription_schedules().Create(params); });
}

void UpdateSchedule(Simulation& sim) {
  const std::string id = sim.PickId(kSchedules, "sub_sched_");
  SubscriptionScheduleUpdateParams params;
  if (sim.Chance(70)) {
    const int phases = 1 + static_cast<int>(sim.Rand(2));
    for (int i = 0; i < phases; ++i) RandomPhase(sim, *params.add_phases());
  }
  if (sim.Chance(30)) params.set_end_behavior(sim.Chance(50) ? "cancel" : "release");
  sim.RandomMetadata(params.mutable_metadata());
  sim.RunCheckedCall(id,
                     [&](Engine& e) { return e.subscription_schedules().Update(id, params); });
}

void CancelSchedule(Simulation& sim) {
  const std::string id = sim.PickId(kSchedules, "sub_sched_");
  sim.RunCheckedCall(id, [&](Engine& e) {
    return e.subscription_schedules().Cancel(id, SubscriptionScheduleCancelParams());
  });
}

void ReleaseSchedule(Simulation& sim) {
  const std::string id = sim.PickId(kSchedules, "sub_sched_");
  sim.RunCheckedCall(id, [&](Engine& e) {
    return e.subscription_schedules().Release(id, SubscriptionScheduleReleaseParams());
  });
}

void RetrieveSchedule(Simulation& sim) {
  const std::string id = sim.PickId(kSchedules, "sub_sched_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.subscription_schedules().Retrieve(id); });
}

void ObserveScheduleEvent(Simulation& sim, const Event& event) {
  const SubscriptionSchedule& schedule = event.data().object().subscription_schedule();
  sim.pool(kSchedules).Add(schedule.id(), sim.rng());
  ObserveObject(sim, schedule, /*current=*/false);
  for (int i = 1; i < schedule.phases_size(); ++i) {
    if (schedule.phases(i).start_date() != schedule.phases(i - 1).end_date()) {
      sim.ReportViolation(absl::StrCat(schedule.id(), ": phase ", i, " starts at ",
                                       schedule.phases(i).start_date(), ", not where phase ",
                                       i - 1, " ends (", schedule.phases(i - 1).end_date(), ")"));
    }
  }
  const bool active = schedule.status() == "active";
  if (active != schedule.has_current_phase()) {
    sim.ReportViolation(absl::StrCat(schedule.id(), ": ", schedule.status(),
                                     active ? " without" : " with", " a current phase"));
  }
  if (active) {
    bool found = false;
    for (const SubscriptionSchedulePhase& phase : schedule.phases()) {
      found = found || (phase.start_date() == schedule.current_phase().start_date() &&
                        phase.end_date() == schedule.current_phase().end_date());
    }
    if (!found) {
      sim.ReportViolation(absl::StrCat(schedule.id(), ": its current phase is none of its phases"));
    }
  }
  sim.Touch(schedule.id());
}

}  // namespace

void RegisterScheduleOperations(ResourceRegistry& registry) {
  registry.AddOperation("subscription_schedule_create", 2, CreateSchedule);
  registry.AddOperation("subscription_schedule_update", 1, UpdateSchedule);
  registry.AddOperation("subscription_schedule_cancel", 1, CancelSchedule);
  registry.AddOperation("subscription_schedule_release", 1, ReleaseSchedule);
  registry.AddOperation("subscription_schedule_retrieve", 1, RetrieveSchedule);
  registry.AddRetriever("sub_sched_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.subscription_schedules().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kSubscriptionSchedule, ObserveScheduleEvent);
  registry.AddLifecycle(SubscriptionSchedule::descriptor(),
                        StatusFromEngine("subscription_schedule"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
