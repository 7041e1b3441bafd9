// setup_intent_lifecycle.h (internal): the SetupIntent lifecycle, the only writer of
// SetupIntents. The SetupIntents API and Checkout's setup mode move intents through it.
//
//   from                  trigger                                  to                  events
//   (new)                 create                                   req_payment_method  setup_intent.created
//   (new)                 create with a payment_method             req_confirmation    setup_intent.created
//   req_payment_method,   confirm: the card asks for 3D Secure,    req_action          setup_intent.requires_action
//   req_confirmation,       or the ACH account awaits microdeposits
//   req_action            confirm (3D Secure completed, or         succeeded           setup_intent.succeeded
//                           microdeposits verified): the card or
//                           bank account is saved
//                         confirm: the card declines, 3D Secure    req_payment_method  setup_intent.setup_failed
//                           fails, the bank account cannot be
//                           verified or is blocked, microdeposit
//                           attempts are exceeded or time out, or
//                           the PaymentMethod was detached meanwhile
//                         cancel, or its Checkout Session expires  canceled            setup_intent.canceled
//                         update with a new payment_method         req_confirmation    -
//
// (req_ abbreviates requires_.) A success saves the PaymentMethod through
// PaymentMethodLifecycle::SaveForCustomer (attached to the intent's customer, set up for
// off-session use with usage=off_session); a failure keeps last_setup_error and clears
// payment_method. A bank debit (sepa_debit, us_bank_account: test accounts are verified at
// once) succeeds with the customer's mandate: a new multi-use Mandate from the acceptance the
// confirmation carries (MandateLifecycle), or the PaymentMethod's active one; the intent's
// `mandate` names it.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SETUP_INTENT_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_SETUP_INTENT_LIFECYCLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "engine/setup_intents.h"
#include "proto/mandate.obj.h"
#include "proto/payment_intent.obj.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

enum class SetupIntentState : uint8_t {
  kRequiresPaymentMethod,
  kRequiresConfirmation,
  kRequiresAction,
  kSucceeded,
  kCanceled,
};
enum class SetupIntentTrigger : uint8_t {
  kCreate,
  kCreateWithPaymentMethod,
  kRequireAction,
  kSucceed,
  kFail,
  kCancel,
  kNewPaymentMethod,
};

class SetupIntentLifecycle {
 public:
  using Machine = StateMachine<SetupIntentState, SetupIntentTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static SetupIntentState StateOf(const SetupIntent& si);

  // Stores `si` (every field but status set by the caller): requires_confirmation when it has a
  // payment_method, else requires_payment_method. Emits setup_intent.created.
  static const SetupIntent& Create(World& world, SetupIntent si);

  // A bank debit's mandate: an existing one (`mandate_...`), or the customer's acceptance of
  // a new one, made when the setup succeeds. Neither: the PaymentMethod's saved mandate.
  struct MandateChoice {
    std::string existing;
    absl::optional<MandateCustomerAcceptance> acceptance;
  };

  // Confirms with `payment_method` (committed by the caller) and `return_url` (null: none):
  // 3D Secure if the card asks, else saves it (a bank debit under `mandate`). Returns the 402
  // of a decline, the 400 of a bank account that cannot be set up (the intent changed as the
  // table says).
  // `verification_method` (null: keep the intent's) is
  // payment_method_options[us_bank_account][verification_method]. With microdeposits, an ACH
  // account is not saved at once: the intent waits in requires_action
  // with next_action verify_with_microdeposits until VerifyMicrodeposits, for at most
  // kMicrodepositVerificationWindow (then it fails with
  // payment_method_microdeposit_verification_timeout).
  static absl::Status Confirm(World& world, const SetupIntent& si,
                              const std::string& payment_method, const std::string* return_url,
                              const MandateChoice& mandate = {},
                              const std::string* verification_method = nullptr,
                              const std::string* request_three_d_secure = nullptr);

  // The customer's answer to the microdeposits: `amounts` (cents) or `descriptor_code`.
  // REQUIRES: requires_action with next_action verify_with_microdeposits. Stripe's test values:
  // 32 and 45 or SM11AA verify (the setup succeeds, with its mandate); 10 and 11 or SM33CC
  // exceed the attempts; 40 and 41 or SM44DD time out. Any other answer is a mismatch (400,
  // nothing else changes) until the kMicrodepositAttempts-th, which exceeds the attempts. The
  // attempts exceeded and the timeout fail the setup (requires_payment_method, 400 with
  // last_setup_error).
  static absl::Status VerifyMicrodeposits(World& world, const SetupIntent& si,
                                          const std::vector<int64_t>& amounts,
                                          const std::string* descriptor_code);

  // The kSetupIntentMicrodepositTimeout timer: the microdeposits were not verified in time.
  static void OnMicrodepositTimeout(World& world, absl::string_view id);

  // The customer answers the 3D Secure challenge (REQUIRES: requires_action).
  static void CompleteThreeDSecure(World& world, const SetupIntent& si);
  static void FailThreeDSecure(World& world, const SetupIntent& si);

  // The SetupIntents API's update (REQUIRES: an open intent): `updated`, the intent with the
  // fields asked changed (a new payment_method committed by the caller), replaces it, its
  // status kept; with `new_payment_method` -> requires_confirmation (next_action, the
  // microdeposits awaited and last_setup_error cleared). Stripe has no setup_intent.updated
  // event: emits nothing.
  static const SetupIntent& Update(World& world, const SetupIntent& si,
                                   const SetupIntent& updated, bool new_payment_method);

  // Checkout made a customer for the payer: the intent is the customer's.
  static void SetCustomer(World& world, const SetupIntent& si, const std::string& customer_id);

  // The index of SetupIntents by customer (for Store::ListAt; ordinal_index.h), built first
  // if this world has not built it (payment_indexes.cc).
  static const OrdinalIndex& ByCustomer(World& world);

  // -> canceled with `reason` (may be empty). Also when its Checkout Session expires.
  static void Cancel(World& world, const SetupIntent& si, absl::string_view reason);

 private:
  static WriteKey<SetupIntentLifecycle> Key() { return {}; }
  static void Enter(World& world, SetupIntent& si, SetupIntentTrigger trigger);
  static absl::Status Attempt(World& world, SetupIntent& si, bool authenticated);
  static absl::Status Finish(World& world, SetupIntent& si);
  static absl::Status SetUpBankAccount(World& world, SetupIntent& si, const PaymentMethod& pm,
                                       const MandateChoice& mandate, bool microdeposits);
  static absl::Status Fail(World& world, SetupIntent& si, StripeError error);
  static void AwaitMicrodeposits(World& world, SetupIntent& si, const MandateChoice& mandate);
  static absl::Status SaveBankAccount(World& world, SetupIntent& si, const PaymentMethod& pm,
                                      const MandateChoice& mandate);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SETUP_INTENT_LIFECYCLE_H_
