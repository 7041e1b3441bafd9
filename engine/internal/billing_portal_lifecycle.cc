// The customer portal's configurations and sessions (billing_portal_lifecycle.h).
#include "engine/internal/billing_portal_lifecycle.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"

namespace paysim {
namespace internal {
namespace {

using Machine = BillingPortalLifecycle::Machine;
using S = PortalConfigurationState;
using T = PortalConfigurationTrigger;

constexpr absl::string_view kUpdated = "billing_portal.configuration.updated";

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kActive, "billing_portal.configuration.created"},
    {Machine::From({S::kActive}), T::kUpdate, S::kActive, kUpdated},
    {Machine::From({S::kInactive}), T::kUpdate, S::kInactive, kUpdated},
    {Machine::From({S::kActive}), T::kDeactivate, S::kInactive, kUpdated},
    {Machine::From({S::kInactive}), T::kReactivate, S::kActive, kUpdated},
};
constexpr absl::string_view kStates[] = {"active", "inactive"};
constexpr absl::string_view kRendered[] = {"true", "false"};
constexpr absl::string_view kTriggers[] = {"created", "updated", "deactivated", "reactivated"};

// A new configuration's identity and times.
void StampNew(World& world, BillingPortalConfiguration& configuration) {
  configuration.set_object(PAYSIM_INTERNED("billing_portal.configuration"));
  configuration.set_created(world.created());
  configuration.set_updated(world.created());
  configuration.set_livemode(false);
}

}  // namespace

BillingPortalConfiguration BillingPortalLifecycle::Blank() {
  BillingPortalConfiguration configuration;
  configuration.mutable_business_profile();
  configuration.mutable_login_page();
  BillingPortalFeatures* features = configuration.mutable_features();
  features->mutable_customer_update();
  features->mutable_invoice_history();
  features->mutable_payment_method_update();
  features->mutable_subscription_cancel()->mutable_cancellation_reason();
  features->mutable_subscription_update()->mutable_schedule_at_period_end();
  features->mutable_subscription_cancel()->set_mode(PAYSIM_INTERNED("at_period_end"));
  features->mutable_subscription_cancel()->set_proration_behavior(PAYSIM_INTERNED("none"));
  features->mutable_subscription_update()->set_proration_behavior(PAYSIM_INTERNED("none"));
  features->mutable_subscription_update()->set_trial_update_behavior(
      PAYSIM_INTERNED("end_trial"));
  return configuration;
}

const Machine& BillingPortalLifecycle::machine() {
  static constexpr Machine kMachine(
      kRows, {"billing_portal.configuration", "active", kStates, kRendered, kTriggers});
  return kMachine;
}

PortalConfigurationState BillingPortalLifecycle::StateOf(
    const BillingPortalConfiguration& configuration) {
  return configuration.active() ? S::kActive : S::kInactive;
}

const BillingPortalConfiguration& BillingPortalLifecycle::Create(
    World& world, BillingPortalConfiguration draft) {
  const Machine::Row* row = machine().FindCreate(T::kCreate);
  BillingPortalConfiguration configuration = std::move(draft);
  configuration.set_id(world.ids().NewId("bpc_"));
  StampNew(world, configuration);
  configuration.set_active(row->to == S::kActive);
  if (configuration.login_page().enabled()) {
    configuration.mutable_login_page()->set_url(
        absl::StrCat("https://billing.stripe.com/p/login/test_", world.ids().RandomString(24)));
  }
  const BillingPortalConfiguration& stored =
      world.billing_portal_configurations().Insert(Key(), std::move(configuration));
  ForEachEvent(row->events, [&](absl::string_view type) { world.Emit(type, stored); });
  return stored;
}

const BillingPortalConfiguration& BillingPortalLifecycle::Update(
    World& world, const BillingPortalConfiguration& current, BillingPortalConfiguration changed,
    PortalConfigurationTrigger trigger) {
  const Machine::Row& row = *machine().Find(StateOf(current), trigger);
  BillingPortalConfiguration& configuration =
      *world.billing_portal_configurations().Mutable(Key(), current.id());
  const BillingPortalConfiguration before = configuration;
  if (changed.login_page().enabled() && !before.login_page().enabled()) {
    changed.mutable_login_page()->set_url(
        absl::StrCat("https://billing.stripe.com/p/login/test_", world.ids().RandomString(24)));
  } else if (!changed.login_page().enabled()) {
    changed.mutable_login_page()->clear_url();
  }
  configuration = std::move(changed);
  configuration.set_active(row.to == S::kActive);
  configuration.set_updated(world.created());
  ForEachEvent(row.events, [&](absl::string_view type) {
    world.EmitChange(type, configuration, before);
  });
  return configuration;
}

const BillingPortalConfiguration* BillingPortalLifecycle::FindDefault(World& world) {
  const BillingPortalConfiguration* found = nullptr;
  world.billing_portal_configurations().ForEach([&](const BillingPortalConfiguration& c) {
    if (c.is_default()) found = &c;
  });
  return found;
}

BillingPortalFeatures BillingPortalLifecycle::DefaultFeatures() {
  BillingPortalFeatures features = Blank().features();
  features.mutable_customer_update()->set_enabled(true);
  features.mutable_customer_update()->add_allowed_updates(PAYSIM_INTERNED("email"));
  features.mutable_customer_update()->add_allowed_updates(PAYSIM_INTERNED("address"));
  features.mutable_invoice_history()->set_enabled(true);
  features.mutable_payment_method_update()->set_enabled(true);
  features.mutable_subscription_cancel()->set_enabled(true);
  return features;
}

const BillingPortalConfiguration& BillingPortalLifecycle::Default(World& world) {
  if (const BillingPortalConfiguration* found = FindDefault(world)) return *found;
  BillingPortalConfiguration configuration = Blank();
  configuration.set_id(world.ids().NewId("bpc_"));
  StampNew(world, configuration);
  configuration.set_active(true);
  configuration.set_is_default(true);
  *configuration.mutable_features() = DefaultFeatures();
  return world.billing_portal_configurations().Insert(Key(), std::move(configuration));
}

const BillingPortalSession& BillingPortalLifecycle::CreateSession(World& world,
                                                                  BillingPortalSession draft) {
  draft.set_id(world.ids().NewId("bps_"));
  draft.set_object(PAYSIM_INTERNED("billing_portal.session"));
  draft.set_created(world.created());
  draft.set_livemode(false);
  draft.set_url(
      absl::StrCat("https://billing.stripe.com/p/session/test_", world.ids().RandomString(40)));
  const BillingPortalSession& stored =
      world.billing_portal_sessions().Insert(Key(), std::move(draft));
  world.Emit("billing_portal.session.created", stored);
  return stored;
}

}  // namespace internal
}  // namespace paysim
