// billing_portal_lifecycle.h (internal): the customer portal's configurations (`bpc_...`) and
// sessions (`bps_...`); the only writer of both. A configuration's state is its `active`:
//
//   from       trigger       to        events
//   (new)      created       active    billing_portal.configuration.created
//   active     updated       active    billing_portal.configuration.updated
//   inactive   updated       inactive  billing_portal.configuration.updated
//   active     deactivated   inactive  billing_portal.configuration.updated
//   inactive   reactivated   active    billing_portal.configuration.updated
//
// A session is created and never changes (billing_portal.session.created).
//
// The account's default configuration (`is_default`) stands for the portal settings a Stripe
// account saves in its Dashboard: paysim's account has them saved, so the default exists from
// the first session that needs it (one created without `configuration`), with Stripe's
// starting settings (UNCERTAIN: that a new account's defaults are these); it is never
// created by the API, emits no created event, and cannot be deactivated.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_BILLING_PORTAL_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_BILLING_PORTAL_LIFECYCLE_H_

#include <cstdint>

#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/billing_portal.obj.h"

namespace paysim {
namespace internal {

enum class PortalConfigurationState : uint8_t { kActive, kInactive };
enum class PortalConfigurationTrigger : uint8_t { kCreate, kUpdate, kDeactivate, kReactivate };

class BillingPortalLifecycle {
 public:
  using Machine = StateMachine<PortalConfigurationState, PortalConfigurationTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static PortalConfigurationState StateOf(const BillingPortalConfiguration& configuration);

  // A configuration with every feature off and Stripe's defaults (cancel at_period_end,
  // proration_behavior none, trial_update_behavior end_trial): what the service lays a
  // create's params over.
  static BillingPortalConfiguration Blank();

  // Stores `draft` (checked by BillingPortalService) as a new active configuration; emits
  // billing_portal.configuration.created.
  static const BillingPortalConfiguration& Create(World& world,
                                                  BillingPortalConfiguration draft);

  // Replaces `current` by `changed` (checked by BillingPortalService: the fields an update
  // may change), moving it as `trigger` says (kUpdate, kDeactivate or kReactivate); emits
  // billing_portal.configuration.updated with the previous values.
  // REQUIRES: machine().Allows(StateOf(current), trigger).
  static const BillingPortalConfiguration& Update(World& world,
                                                  const BillingPortalConfiguration& current,
                                                  BillingPortalConfiguration changed,
                                                  PortalConfigurationTrigger trigger);

  // The account's default configuration, made now if it does not exist yet (see above).
  static const BillingPortalConfiguration& Default(World& world);
  // The default configuration if it exists yet, else nullptr.
  static const BillingPortalConfiguration* FindDefault(World& world);
  // The features the default configuration starts with.
  static BillingPortalFeatures DefaultFeatures();

  // Stores `draft` (customer, configuration, locale, return_url checked by
  // BillingPortalService) as a new session with its portal URL; emits
  // billing_portal.session.created.
  static const BillingPortalSession& CreateSession(World& world, BillingPortalSession draft);

 private:
  static WriteKey<BillingPortalLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BILLING_PORTAL_LIFECYCLE_H_
