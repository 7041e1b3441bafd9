#include "engine/internal/subscription_schedule_lifecycle.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "engine/internal/event_log.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/meter_usage.h"
#include "engine/internal/renewals.h"
#include "engine/internal/subscription_automatic_tax.h"
#include "engine/internal/subscription_changes.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/internal/subscription_request.h"
#include "engine/internal/subscription_schedule_request.h"

namespace paysim {
namespace internal {
namespace {

constexpr char kUpdated[] = "subscription_schedule.updated";

// The subscription `schedule` manages, if it can still change.
const Subscription* LiveSubscription(World& world, const SubscriptionSchedule& schedule) {
  if (!schedule.has_subscription()) return nullptr;
  const Subscription* subscription = world.subscriptions().Find(schedule.subscription());
  if (subscription == nullptr ||
      !SubscriptionLifecycle::machine().Allows(SubscriptionLifecycle::StateOf(*subscription),
                                               SubscriptionTrigger::kUpdate)) {
    return nullptr;
  }
  return subscription;
}

void SetCurrentPhase(SubscriptionSchedule& schedule) {
  const SubscriptionSchedulePhase& phase = schedule.phases(schedule.phase_index());
  schedule.mutable_current_phase()->set_start_date(phase.start_date());
  schedule.mutable_current_phase()->set_end_date(phase.end_date());
}

// Ends `schedule` as `status` (canceled | released | completed) now.
void End(World& world, SubscriptionSchedule& schedule, absl::string_view status) {
  schedule.set_status(Interned(status));
  schedule.clear_current_phase();
  if (status == "canceled") schedule.set_canceled_at(world.created());
  if (status == "completed") schedule.set_completed_at(world.created());
  if (status == "released") schedule.set_released_at(world.created());
}

// Entering its current phase, the add_invoice_items of that phase become pending items of
// the subscription, which its next invoice takes (the renewal's at the phase's start). One that
// can no longer be billed (its price archived since) is left out.
void AddPhaseInvoiceItems(World& world, const SubscriptionSchedule& schedule) {
  const Subscription* subscription = LiveSubscription(world, schedule);
  const SubscriptionSchedulePhase& phase = schedule.phases(schedule.phase_index());
  if (subscription == nullptr || phase.add_invoice_items_size() == 0) return;
  const auto given = AddInvoiceItemsOf(world, phase);
  for (int i = 0; i < given.size(); ++i) {
    google::protobuf::RepeatedPtrField<SubscriptionAddInvoiceItemParams> one;
    *one.Add() = given.Get(i);
    absl::StatusOr<std::vector<InvoiceItem>> checked =
        CheckAddInvoiceItems(world, one, *subscription);
    if (!checked.ok()) continue;  // UNCERTAIN: what Stripe does then
    for (InvoiceItem& item : *checked) {
      item.set_subscription(subscription->id_shared());
      CommitNewItem(world, std::move(item), nullptr);
    }
  }
}

}  // namespace

Lifecycle SubscriptionScheduleLifecycle::Published() {
  Lifecycle out;
  out.resource = "subscription_schedule";
  out.field = "status";
  out.states = {"not_started", "active", "completed", "released", "canceled"};
  out.rendered_status = out.states;
  out.transitions = {
      {"", "create starting now (or from_subscription)", "active",
       "subscription_schedule.created"},
      {"", "create with a future start_date", "not_started", "subscription_schedule.created"},
      {"not_started", "start_date comes: its subscription starts", "active", kUpdated},
      {"active", "a phase ends and the next starts: the subscription's items change", "active",
       kUpdated},
      {"not_started", "7 days before the last phase ends", "not_started",
       "subscription_schedule.expiring"},
      {"active", "7 days before the last phase ends", "active",
       "subscription_schedule.expiring"},
      {"active", "the last phase ends (end_behavior cancel: the subscription is canceled)",
       "completed", "subscription_schedule.completed"},
      {"not_started", "update (phases, end_behavior, metadata)", "not_started", kUpdated},
      {"active", "update (phases, end_behavior, metadata)", "active", kUpdated},
      {"not_started", "release", "released", "subscription_schedule.released"},
      {"active", "release: the subscription runs on without it", "released",
       "subscription_schedule.released"},
      {"active", "cancel: the subscription is canceled", "canceled",
       "subscription_schedule.canceled"},
      {"not_started", "cancel", "canceled",
       "subscription_schedule.canceled, subscription_schedule.aborted"},
      {"active", "its subscription is canceled outside the schedule", "canceled",
       "subscription_schedule.aborted"},
  };
  return out;
}

void SubscriptionScheduleLifecycle::ScheduleTimers(World& world, SubscriptionSchedule& schedule) {
  if (schedule.status() == "not_started") {
    world.timers().Schedule(absl::FromUnixSeconds(schedule.phases(0).start_date()),
                            TimerKind::kSubscriptionSchedulePhaseEnd, schedule.id());
  } else if (schedule.status() == "active") {
    world.timers().Schedule(
        absl::FromUnixSeconds(schedule.phases(schedule.phase_index()).end_date()),
        TimerKind::kSubscriptionSchedulePhaseEnd, schedule.id());
  } else {
    return;
  }
  const absl::Time notice =
      absl::FromUnixSeconds(schedule.phases(schedule.phases_size() - 1).end_date()) -
      kScheduleExpiringNotice;
  const int64_t notice_at = absl::ToUnixSeconds(notice);
  if (notice_at == schedule.expiring_at()) return;  // its timer is already set
  schedule.set_expiring_at(notice_at);
  schedule.set_expiring_sent(false);
  // UNCERTAIN: with fewer than 7 days left when the end is set, no notice is sent.
  if (notice > world.now()) {
    world.timers().Schedule(notice, TimerKind::kSubscriptionScheduleExpiring, schedule.id());
  }
}

void SubscriptionScheduleLifecycle::StartSubscription(World& world,
                                                      SubscriptionSchedule& schedule) {
  const SubscriptionSchedulePhase& phase = schedule.phases(schedule.phase_index());
  absl::StatusOr<SubscriptionRequest> request =
      CheckSubscriptionCreate(world, SubscriptionParamsFor(world, schedule, phase));
  if (!request.ok()) {
    // A price archived (or a payment method detached) since the schedule was made.
    // UNCERTAIN: what Stripe does then; paysim ends the schedule (aborted).
    End(world, schedule, "canceled");
    world.Emit("subscription_schedule.aborted", schedule);
    return;
  }
  request->draft.set_schedule(schedule.id_shared());
  // The items bill the phase's own prices: a price made inline is not made again.
  for (int i = 0; i < phase.items_size() && i < request->draft.items().data_size(); ++i) {
    const Price* price = world.prices().Find(phase.items(i).price());
    if (price != nullptr && price->ad_hoc()) {
      *request->draft.mutable_items()->mutable_data(i)->mutable_price() = *price;
    }
  }
  absl::Status decline;
  const std::string id = Renewals::Start(world, std::move(*request), &decline);
  schedule.set_subscription(id);
  schedule.set_status(PAYSIM_INTERNED("active"));
  SetCurrentPhase(schedule);
}

void SubscriptionScheduleLifecycle::ApplyCurrentPhase(World& world,
                                                      const SubscriptionSchedule& schedule,
                                                      const std::string& proration_behavior) {
  const Subscription* subscription = LiveSubscription(world, schedule);
  if (subscription == nullptr) return;
  std::vector<SubscriptionItem> items;
  for (const SubscriptionSchedulePhaseItem& wanted :
       schedule.phases(schedule.phase_index()).items()) {
    const Price* price = world.prices().Find(wanted.price());
    if (price == nullptr) continue;
    SubscriptionItem item;
    *item.mutable_price() = *price;
    if (!BillsUsage(*price)) item.set_quantity(wanted.quantity());
    *item.mutable_metadata() = wanted.metadata();
    for (const TaxRate& rate : wanted.tax_rates()) *item.add_tax_rates() = rate;
    items.push_back(std::move(item));
  }
  if (subscription->automatic_tax().enabled()) {
    // UNCERTAIN (a simplification): the phase keeps the subscription's automatic tax (paysim's
    // phases have no automatic_tax of their own): its items take the rate of the customer's
    // place (subscription_automatic_tax.h).
    Subscription taxed;
    taxed.set_customer(subscription->customer());
    for (SubscriptionItem& item : items) *taxed.mutable_items()->add_data() = std::move(item);
    SetAutomaticTax(world, /*enabled=*/true, /*only_new=*/true, taxed);
    items.assign(taxed.items().data().begin(), taxed.items().data().end());
  }
  const SubscriptionSchedulePhase& phase = schedule.phases(schedule.phase_index());
  const PhaseTerms terms = PhaseTermsOf(world, schedule, phase);
  const int64_t now = world.created();
  const std::string behavior =
      proration_behavior.empty() ? phase.proration_behavior() : proration_behavior;
  if (behavior != "none" && now > subscription->period_start() &&
      now < subscription->period_end()) {
    // Within a period (a phase ending on an end_date, or the current phase updated): the
    // change of items is prorated as a subscription update's is, by `behavior` (the update's
    // proration_behavior, else the phase's; create_prorations: on the next invoice;
    // always_invoice: now).
    SubscriptionChange change;
    change.updated = SubscriptionLifecycle::PhaseShaped(world, *subscription, items, terms);
    change.proration_behavior = behavior;
    absl::Status decline;  // allow_incomplete: a failed payment leaves the invoice open
    SubscriptionChanges::Apply(world, *subscription, std::move(change), &decline);
    return;
  }
  // At a period boundary (phases counted in iterations) there is nothing to prorate: the
  // renewal due at the same second bills the new items.
  SubscriptionLifecycle::ReplaceItems(world, *subscription, items, terms);
}

const SubscriptionSchedule& SubscriptionScheduleLifecycle::Create(World& world,
                                                                  SubscriptionSchedule draft) {
  draft.set_id(world.ids().NewId("sub_sched_"));
  draft.set_object(PAYSIM_INTERNED("subscription_schedule"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  if (const Customer* customer = world.customers().Find(draft.customer())) {
    if (customer->has_test_clock()) draft.set_test_clock(customer->test_clock());
  }
  draft.set_phase_index(0);
  const bool start_now = draft.phases(0).start_date() <= world.created();
  draft.set_status(start_now ? PAYSIM_INTERNED("active") : PAYSIM_INTERNED("not_started"));
  const std::string id = world.subscription_schedules().Insert(Key(), std::move(draft)).id();
  SubscriptionSchedule* schedule = world.subscription_schedules().Mutable(Key(), id);
  // The schedule's timers first: at a shared instant its phase change comes before the
  // subscription's renewal, which then bills the new phase.
  ScheduleTimers(world, *schedule);
  if (start_now) StartSubscription(world, *schedule);
  world.Emit("subscription_schedule.created", *schedule);
  return *schedule;
}

const SubscriptionSchedule& SubscriptionScheduleLifecycle::CreateFromSubscription(
    World& world, SubscriptionSchedule draft, const Subscription& subscription) {
  draft.set_id(world.ids().NewId("sub_sched_"));
  draft.set_object(PAYSIM_INTERNED("subscription_schedule"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  if (const Customer* customer = world.customers().Find(draft.customer())) {
    if (customer->has_test_clock()) draft.set_test_clock(customer->test_clock());
  }
  draft.set_phase_index(0);
  draft.set_status(PAYSIM_INTERNED("active"));
  draft.set_subscription(subscription.id_shared());
  SetCurrentPhase(draft);
  const std::string id = world.subscription_schedules().Insert(Key(), std::move(draft)).id();
  SubscriptionSchedule* schedule = world.subscription_schedules().Mutable(Key(), id);
  ScheduleTimers(world, *schedule);
  Subscription managed = subscription;
  managed.set_schedule(id);
  SubscriptionLifecycle::Update(world, subscription, managed);
  world.Emit("subscription_schedule.created", *schedule);
  return *schedule;
}

const SubscriptionSchedule& SubscriptionScheduleLifecycle::Update(
    World& world, const SubscriptionSchedule& current, SubscriptionSchedule updated,
    const std::string& proration_behavior) {
  SubscriptionSchedule& schedule = *world.subscription_schedules().Mutable(Key(), current.id());
  const SubscriptionSchedule before = schedule;
  const bool phases_changed =
      before.phases_size() != updated.phases_size() ||
      [&] {
        for (int i = 0; i < before.phases_size(); ++i) {
          if (!(before.phases(i) == updated.phases(i))) return true;
        }
        return false;
      }();
  schedule = std::move(updated);
  if (phases_changed) {
    if (schedule.status() == "active") SetCurrentPhase(schedule);
    ScheduleTimers(world, schedule);
    if (schedule.status() == "not_started" &&
        schedule.phases(0).start_date() <= world.created()) {
      StartSubscription(world, schedule);  // `start_date=now`
    } else if (schedule.status() == "active") {
      ApplyCurrentPhase(world, schedule, proration_behavior);
    }
  }
  if (schedule == before) return schedule;
  world.EmitChange(kUpdated, schedule, before);
  return schedule;
}

const SubscriptionSchedule& SubscriptionScheduleLifecycle::Cancel(
    World& world, const SubscriptionSchedule& current) {
  SubscriptionSchedule& schedule = *world.subscription_schedules().Mutable(Key(), current.id());
  const bool started = schedule.status() == "active";
  End(world, schedule, "canceled");
  world.Emit("subscription_schedule.canceled", schedule);
  if (!started) world.Emit("subscription_schedule.aborted", schedule);
  if (const Subscription* subscription = LiveSubscription(world, schedule)) {
    SubscriptionLifecycle::Cancel(world, *subscription);
  }
  return schedule;
}

const SubscriptionSchedule& SubscriptionScheduleLifecycle::Release(
    World& world, const SubscriptionSchedule& current) {
  SubscriptionSchedule& schedule = *world.subscription_schedules().Mutable(Key(), current.id());
  End(world, schedule, "released");
  const Subscription* subscription = nullptr;
  if (schedule.has_subscription()) {
    subscription = world.subscriptions().Find(schedule.subscription());
    schedule.set_released_subscription(schedule.subscription());
    schedule.clear_subscription();
  }
  world.Emit("subscription_schedule.released", schedule);
  if (subscription != nullptr && subscription->has_schedule()) {
    Subscription released = *subscription;
    released.clear_schedule();
    SubscriptionLifecycle::Update(world, *subscription, released);
  }
  return schedule;
}

void SubscriptionScheduleLifecycle::Complete(World& world, SubscriptionSchedule& schedule) {
  End(world, schedule, "completed");
  world.Emit("subscription_schedule.completed", schedule);
  const Subscription* subscription = LiveSubscription(world, schedule);
  if (subscription == nullptr) return;
  if (schedule.end_behavior() == "cancel") {
    SubscriptionLifecycle::Cancel(world, *subscription);
  } else {
    // Released from the schedule: it renews on its own, as before the schedule.
    Subscription released = *subscription;
    released.clear_schedule();
    SubscriptionLifecycle::Update(world, *subscription, released);
  }
}

void SubscriptionScheduleLifecycle::OnSubscriptionCanceled(World& world,
                                                           absl::string_view schedule_id) {
  SubscriptionSchedule* schedule = world.subscription_schedules().Mutable(Key(), schedule_id);
  if (schedule == nullptr || schedule->status() != "active") return;
  End(world, *schedule, "canceled");
  world.Emit("subscription_schedule.aborted", *schedule);
}

void SubscriptionScheduleLifecycle::OnPhaseEnd(World& world, absl::string_view schedule_id) {
  SubscriptionSchedule* schedule = world.subscription_schedules().Mutable(Key(), schedule_id);
  if (schedule == nullptr) return;
  const int64_t now = world.created();
  if (schedule->status() == "not_started") {
    if (schedule->phases(0).start_date() != now) return;  // moved by an update
    const SubscriptionSchedule before = *schedule;
    schedule->set_status(PAYSIM_INTERNED("active"));
    SetCurrentPhase(*schedule);
    ScheduleTimers(world, *schedule);
    StartSubscription(world, *schedule);
    if (schedule->status() == "active") {
      world.EmitChange(kUpdated, *schedule, before);
    }
    return;
  }
  if (schedule->status() != "active" ||
      schedule->phases(schedule->phase_index()).end_date() != now) {
    return;  // ended, or a boundary an update moved
  }
  if (schedule->phase_index() + 1 >= schedule->phases_size()) {
    Complete(world, *schedule);
    return;
  }
  const SubscriptionSchedule before = *schedule;
  schedule->set_phase_index(schedule->phase_index() + 1);
  SetCurrentPhase(*schedule);
  ScheduleTimers(world, *schedule);
  AddPhaseInvoiceItems(world, *schedule);
  ApplyCurrentPhase(world, *schedule);
  world.EmitChange(kUpdated, *schedule, before);
}

void SubscriptionScheduleLifecycle::OnExpiring(World& world, absl::string_view schedule_id) {
  SubscriptionSchedule* schedule = world.subscription_schedules().Mutable(Key(), schedule_id);
  if (schedule == nullptr ||
      (schedule->status() != "active" && schedule->status() != "not_started") ||
      schedule->expiring_sent() || schedule->expiring_at() != world.created()) {
    return;
  }
  schedule->set_expiring_sent(true);
  world.Emit("subscription_schedule.expiring", *schedule);
}

}  // namespace internal
}  // namespace paysim
