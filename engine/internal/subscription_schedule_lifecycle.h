// subscription_schedule_lifecycle.h (internal): the SubscriptionSchedule lifecycle, the only
// writer of subscription schedules. What a schedule does to its subscription (start it, move
// its items, cancel or release it) it asks of the subscription lifecycle (and renewals.h for
// a start with its first invoice).
//
//   from         trigger                                to           events
//   (new)        create starting now (or from an        active       (the subscription's
//                  existing subscription)                              customer.subscription.created
//                                                                      and first invoice, for a new
//                                                                      one), subscription_schedule.created
//   (new)        create with a future start_date        not_started  subscription_schedule.created
//   not_started  start_date comes: its subscription     active       customer.subscription.created, ...,
//                  starts with the first phase                         subscription_schedule.updated
//   active       a phase ends, another follows: the     active       customer.subscription.updated,
//                  subscription's items become its                     subscription_schedule.updated
//   not_started, 7 days before the last phase ends      (same)       subscription_schedule.expiring
//     active
//   active       the last phase ends                     completed    subscription_schedule.completed
//                                                                      (end_behavior cancel: then
//                                                                      customer.subscription.deleted)
//   not_started, update (phases, end_behavior, metadata) (same)      subscription_schedule.updated
//     active
//   not_started, release                                released     subscription_schedule.released
//     active                                                           (customer.subscription.updated)
//   active       cancel                                 canceled     subscription_schedule.canceled,
//                                                                      customer.subscription.deleted
//   not_started  cancel                                 canceled     subscription_schedule.canceled,
//                                                                      subscription_schedule.aborted
//   active       its subscription is canceled outside   canceled     subscription_schedule.aborted
//                  the schedule (DELETE, failed retries)
//
// UNCERTAIN (Stripe documents neither): the last phase ending makes the schedule `completed`
// whatever its end_behavior (Stripe: "a subscription schedule is completed after the last phase
// is finished"); a schedule canceled before it started also announces .aborted (the Stripe
// CLI's subscription_schedule.aborted fixture cancels a not-started schedule); a not-started
// schedule's start is announced as an update.
//
// The timers (on the customer's test clock, if any): kSubscriptionSchedulePhaseEnd at the start
// and at each phase's end, kSubscriptionScheduleExpiring kScheduleExpiringNotice before the
// last phase ends. A boundary moved by an update leaves its old timer, which then does nothing.
//
// REQUIRES (every function taking a World): the world's lock held; the caller checked the
// request (subscription_schedule_request.h).
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_LIFECYCLE_H_

#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/checkout.obj.h"
#include "proto/subscription_schedule.obj.h"

namespace paysim {
namespace internal {

class SubscriptionScheduleLifecycle {
 public:
  static Lifecycle Published();

  // Stores `draft` (customer, phases with their dates, settings, metadata set): not_started
  // when its first phase starts later, else active with its subscription started now. Emits
  // the events of the table.
  static const SubscriptionSchedule& Create(World& world, SubscriptionSchedule draft);

  // Stores `draft` (one phase: `subscription`'s items and current period) as the schedule of
  // that running subscription: active at once.
  static const SubscriptionSchedule& CreateFromSubscription(World& world,
                                                            SubscriptionSchedule draft,
                                                            const Subscription& subscription);

  // Applies an update (`updated`: new metadata, end_behavior or phases, the current phase
  // first). The subscription takes the current phase's items when they changed, prorated by
  // `proration_behavior` (the update's; empty: the phase's own); the timers follow the new
  // dates (a not_started schedule whose start is now starts). .updated, or nothing when nothing
  // changed. REQUIRES: not_started or active.
  static const SubscriptionSchedule& Update(World& world, const SubscriptionSchedule& current,
                                            SubscriptionSchedule updated,
                                            const std::string& proration_behavior = "");

  // -> canceled, its subscription canceled. REQUIRES: not_started or active.
  static const SubscriptionSchedule& Cancel(World& world, const SubscriptionSchedule& current);

  // -> released, its subscription left running on its own. REQUIRES: not_started or active.
  static const SubscriptionSchedule& Release(World& world, const SubscriptionSchedule& current);

  // The subscription of `schedule_id` was canceled outside it: -> canceled, .aborted.
  static void OnSubscriptionCanceled(World& world, absl::string_view schedule_id);

  // ---- timers ----
  static void OnPhaseEnd(World& world, absl::string_view schedule_id);
  static void OnExpiring(World& world, absl::string_view schedule_id);

 private:
  static WriteKey<SubscriptionScheduleLifecycle> Key() { return {}; }
  // Starts the subscription of the first phase (now).
  static void StartSubscription(World& world, SubscriptionSchedule& schedule);
  // Makes the subscription's items those of the current phase; within a period, the change
  // prorated by `proration_behavior` (empty: the phase's own).
  static void ApplyCurrentPhase(World& world, const SubscriptionSchedule& schedule,
                                const std::string& proration_behavior = "");
  // The next boundary's timer and the expiring notice's, as the dates now say.
  static void ScheduleTimers(World& world, SubscriptionSchedule& schedule);
  // The last phase ended.
  static void Complete(World& world, SubscriptionSchedule& schedule);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_SCHEDULE_LIFECYCLE_H_
