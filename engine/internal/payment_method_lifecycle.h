// payment_method_lifecycle.h (internal): the PaymentMethod lifecycle, the only writer of
// PaymentMethods (and of the bank account details behind `us_bank_account` ones).
//
//   from        trigger                                          to          events
//   (new)       create (card details, a token, a pm_card_* name,  unattached  -
//               a Checkout customer's card or bank account)
//   unattached  attach to a customer (directly, or saved by a     attached    payment_method.attached
//               succeeded PaymentIntent or SetupIntent)
//   attached    detach                                            detached    payment_method.detached
//
// A detached PaymentMethod may not be used again (FindUsable refuses it) and is never
// re-attached: SaveForCustomer is the one way a payment or a setup saves a PaymentMethod, and
// it leaves a detached one detached. Updates (billing details, expiry, metadata,
// allow_redisplay) change no state (payment_method.updated).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_METHOD_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_METHOD_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/card_catalog.h"
#include "engine/internal/card_details.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

enum class PaymentMethodState : uint8_t { kUnattached, kAttached, kDetached };
enum class PaymentMethodTrigger : uint8_t { kCreate, kAttach, kDetach };

class PaymentMethodLifecycle {
 public:
  using Machine = StateMachine<PaymentMethodState, PaymentMethodTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static PaymentMethodState StateOf(const PaymentMethod& pm);

  // A new card PaymentMethod for `checked` (not yet stored): id, card, empty billing details.
  static PaymentMethod NewCard(World& world, const CheckedCard& checked);

  // Stores a new PaymentMethod (built by NewCard or the caller), unattached.
  static const PaymentMethod& Create(World& world, PaymentMethod pm);

  // A new PaymentMethod for a test card, as a `pm_card_*` name mints one.
  static const PaymentMethod& Mint(World& world, const TestCard& card);

  // Stores a new bank debit PaymentMethod, unattached: `pm` carries its type (`us_bank_account`
  // or `sepa_debit`), that type's section and billing details; the account behind it (account
  // number or IBAN, routing number) is kept apart, never rendered.
  static const PaymentMethod& CreateBankAccount(World& world, PaymentMethod pm,
                                                absl::string_view account_number,
                                                absl::string_view routing_number);

  // The account number (or IBAN) behind a bank debit PaymentMethod ("" if none).
  static absl::string_view BankAccountNumberOf(World& world, const PaymentMethod& pm);

  // The PaymentMethod `id` if it can pay (not detached), else resource_missing / a 400
  // naming `param`. A `pm_card_*` name is not resolved here.
  static absl::StatusOr<const PaymentMethod*> FindUsable(World& world, absl::string_view id,
                                                         absl::string_view param);

  // The error for a PaymentMethod that was detached (or used without a customer) and may not
  // be used again, about `param`.
  static absl::Status NotReusable(absl::string_view param);

  // The 402 error if `card` cannot be attached to a customer, else OK.
  static absl::Status CheckAttachable(const TestCard& card);

  // unattached -> attached to `customer_id` (the CVC check runs). REQUIRES: checks done.
  static void Attach(World& world, const PaymentMethod& pm, const std::string& customer_id);

  // After a payment or setup succeeded with `pm` for `customer_id`: marks it set up for
  // off-session use when asked, and attaches it unless it is attached or was detached
  // meanwhile (a detached PaymentMethod stays detached); with no `customer_id` nothing is
  // attached. Returns false if it was detached.
  static bool SaveForCustomer(World& world, const PaymentMethod& pm,
                              const std::string& customer_id, bool off_session);

  // Records `mandate_id`, a multi-use Mandate of `pm`, as the one later debits of it name
  // (MandateLifecycle calls it). Emits nothing: the field is internal.
  static void SetMandate(World& world, const PaymentMethod& pm, const std::string& mandate_id);

  // attached -> detached. The customer's default is cleared first (customers' module).
  static void Detach(World& world, const PaymentMethod& pm);

  // Applies an update (fields already checked) and emits payment_method.updated.
  static const PaymentMethod& Update(World& world, const PaymentMethod& pm,
                                     const PaymentMethod& updated);

  // Calls `visit` on each PaymentMethod attached to `customer_id`, oldest first: an index
  // lookup (ordinal_index.h), not a walk over every PaymentMethod. `visit` must not attach or
  // detach PaymentMethods.
  static void ForEachOf(World& world, absl::string_view customer_id,
                        absl::FunctionRef<void(const PaymentMethod&)> visit);
  // The index of attached PaymentMethods by customer (for Store::ListAt), built first if this
  // world has not built it.
  static const OrdinalIndex& ByCustomer(World& world);

 private:
  static WriteKey<PaymentMethodLifecycle> Key() { return {}; }
  static void Enter(World& world, PaymentMethod& pm, PaymentMethodTrigger trigger);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_METHOD_LIFECYCLE_H_
