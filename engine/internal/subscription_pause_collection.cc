#include "engine/internal/subscription_pause_collection.h"

#include <string>

#include "absl/time/time.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_lifecycle.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::StatusOr<SubscriptionPauseCollection> CheckPauseCollection(
    World& world, const SubscriptionPauseCollectionParams& params) {
  SubscriptionPauseCollection pause;
  if (!params.has_behavior() && !params.has_resumes_at()) return pause;  // unset it
  if (!params.has_behavior()) return ParameterMissing("pause_collection[behavior]");
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.behavior(),
                                      {"keep_as_draft", "mark_uncollectible", "void"},
                                      "pause_collection[behavior]"));
  pause.set_behavior(Interned(params.behavior()));
  if (params.has_resumes_at()) {
    const int64_t now = absl::ToUnixSeconds(world.now());
    if (params.resumes_at() <= now) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "pause_collection[resumes_at]",
                                 "pause_collection[resumes_at] must be in the future.");
    }
    pause.set_resumes_at(params.resumes_at());
  }
  return pause;
}

absl::string_view PausedCollectionBehavior(const Subscription& subscription, int64_t at) {
  if (!subscription.has_pause_collection()) return "";
  const SubscriptionPauseCollection& pause = subscription.pause_collection();
  if (pause.has_resumes_at() && at >= pause.resumes_at()) return "";
  return pause.behavior();
}

void SchedulePauseCollectionEnd(World& world, const Subscription& before,
                                const Subscription& after) {
  if (!after.has_pause_collection() || !after.pause_collection().has_resumes_at()) return;
  if (before.has_pause_collection() && before.pause_collection().has_resumes_at() &&
      before.pause_collection().resumes_at() == after.pause_collection().resumes_at()) {
    return;  // already scheduled
  }
  world.timers().Schedule(absl::FromUnixSeconds(after.pause_collection().resumes_at()),
                          TimerKind::kSubscriptionPauseCollectionEnd, after.id());
}

void SubscriptionLifecycle::OnPauseCollectionEnds(World& world,
                                                  absl::string_view subscription_id) {
  Subscription* subscription = world.subscriptions().Mutable(Key(), subscription_id);
  if (subscription == nullptr || !subscription->has_pause_collection() ||
      !subscription->pause_collection().has_resumes_at() ||
      subscription->pause_collection().resumes_at() != absl::ToUnixSeconds(world.now())) {
    return;  // unset or moved meanwhile
  }
  if (!machine().Allows(StateOf(*subscription), SubscriptionTrigger::kUpdate)) {
    return;  // ended meanwhile: it keeps what it had
  }
  const Subscription before = *subscription;
  subscription->clear_pause_collection();
  Enter(world, *subscription, SubscriptionTrigger::kUpdate, before);
}

}  // namespace internal
}  // namespace paysim
