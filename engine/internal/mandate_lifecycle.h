// mandate_lifecycle.h (internal): the Mandate lifecycle, the only writer of Mandates
// (`mandate_...`): the customer's permission to debit a bank debit PaymentMethod.
//
//   from     trigger                                             to        events
//   (new)    a bank debit is confirmed with mandate_data, a      active    (none)
//              SetupIntent sets one up, or Checkout is paid
//              by bank debit
//   active   revoked: its PaymentMethod is detached, or the      inactive  mandate.updated
//              bank returns a debit under it as unauthorized
//              or from a closed or missing account
//   active   used: the one payment of a single-use mandate       inactive  mandate.updated
//              succeeds or fails
//
// A mandate is made when the customer accepts it: a PaymentIntent confirmed with a bank debit
// PaymentMethod and mandate_data (when its debit is submitted), a SetupIntent that succeeds
// with one, a Checkout Session paid by bank debit. It is `multi_use` when the PaymentMethod is
// saved for later (a SetupIntent, or a payment with setup_future_usage), else `single_use`
// for the payment's amount and currency. A multi-use mandate is recorded on its PaymentMethod
// (PaymentMethodLifecycle::SetMandate): later debits of it (off-session payments of a saved
// PaymentMethod) name it without new mandate_data.
//
// An inactive mandate cannot be used again: a later debit of its PaymentMethod needs new
// mandate_data (FindUsable refuses it by id). UNCERTAIN: which returns revoke a mandate (paysim:
// debit_not_authorized, account_closed, no_account, as Stripe's ACH docs describe them) and
// that a single-use mandate turns inactive once its payment settles either way; Stripe's
// `pending` status (methods that confirm a mandate later) is never entered here.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_MANDATE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_MANDATE_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/mandate.obj.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

// Stripe's other status, pending, is never entered (see above).
enum class MandateState : uint8_t { kActive, kInactive };
enum class MandateTrigger : uint8_t { kAccept, kRevoke, kUse };

class MandateLifecycle {
 public:
  using Machine = StateMachine<MandateState, MandateTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static MandateState StateOf(const Mandate& mandate);

  // A single-use mandate's amount and currency.
  struct SingleUse {
    int64_t amount = 0;
    std::string currency;
  };

  // Stores a new active mandate for `pm` (a bank debit PaymentMethod), accepted as
  // `acceptance` says: multi-use when `single_use` is null (and then recorded on `pm`), else
  // single-use for its amount.
  static const Mandate& Create(World& world, const PaymentMethod& pm,
                               MandateCustomerAcceptance acceptance,
                               const SingleUse* single_use);

  // The active multi-use mandate recorded on `pm`, or nullptr.
  static const Mandate* ActiveFor(World& world, const PaymentMethod& pm);

  // `pm` was detached: its multi-use mandate (if active) is revoked.
  static void OnPaymentMethodDetached(World& world, const PaymentMethod& pm);

  // A debit made under mandate `id` settled (`return_code` empty) or was returned with
  // `return_code`: a single-use mandate is used; a return that revokes it (see above) makes
  // any mandate inactive. An unknown or inactive mandate: nothing.
  static void OnDebitOutcome(World& world, absl::string_view id, absl::string_view return_code);

  // The mandate `id` for a debit of PaymentMethod `payment_method` (the `mandate` parameter): resource_missing (404,
  // param "mandate") if there is none; invalid_request_error (param "mandate") if it is not
  // active or belongs to another PaymentMethod.
  static absl::StatusOr<const Mandate*> FindUsable(World& world, absl::string_view id,
                                                   absl::string_view payment_method);

 private:
  static void Enter(World& world, const Mandate& current, MandateTrigger trigger);
  static WriteKey<MandateLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_MANDATE_LIFECYCLE_H_
