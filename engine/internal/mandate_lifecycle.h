// mandate_lifecycle.h (internal): the Mandate lifecycle, the only writer of Mandates
// (`mandate_...`): the customer's permission to debit a bank debit PaymentMethod.
//
//   from     trigger                                             to      events
//   (new)    a bank debit is confirmed with mandate_data, a      active  (none)
//              SetupIntent sets one up, or Checkout is paid
//              by bank debit
//
// A mandate is made when the customer accepts it: a PaymentIntent confirmed with a bank debit
// PaymentMethod and mandate_data (when its debit is submitted), a SetupIntent that succeeds
// with one, a Checkout Session paid by bank debit. It is `multi_use` when the PaymentMethod is
// saved for later (a SetupIntent, or a payment with setup_future_usage), else `single_use`
// for the payment's amount and currency. A multi-use mandate is recorded on its PaymentMethod
// (PaymentMethodLifecycle::SetMandate): later debits of it (off-session payments of a saved
// PaymentMethod) name it without new mandate_data.
//
// UNCERTAIN: Stripe marks a mandate `inactive` when it is revoked or (single use) used, and
// `pending` while some methods confirm it; paysim's mandates are made active and stay so.
// Stripe announces changes with mandate.updated; with no change of status there is none.
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

// Stripe's other statuses, inactive and pending, are never entered (see above).
enum class MandateState : uint8_t { kActive };
enum class MandateTrigger : uint8_t { kAccept };

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

  // The mandate `id` for a debit of PaymentMethod `payment_method` (the `mandate` parameter): resource_missing (404,
  // param "mandate") if there is none; invalid_request_error (param "mandate") if it is not
  // active or belongs to another PaymentMethod.
  static absl::StatusOr<const Mandate*> FindUsable(World& world, absl::string_view id,
                                                   absl::string_view payment_method);

 private:
  static WriteKey<MandateLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_MANDATE_LIFECYCLE_H_
