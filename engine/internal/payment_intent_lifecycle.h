// payment_intent_lifecycle.h (internal): the PaymentIntent lifecycle, the only writer of
// PaymentIntents. The PaymentIntents API (payment_intents.cc), Checkout (checkout sessions
// and the customer's page) and the timers all move an intent through these functions.
//
//   from                  trigger                                  to                events
//   (new)                 create                                   req_payment_method  payment_intent.created
//   (new)                 create with a payment_method             req_confirmation    payment_intent.created
//   req_payment_method,   a new payment_method (or a new amount    req_confirmation    -
//   req_confirmation,       while req_action)
//   req_action            confirm: the card asks for 3D Secure,    req_action          payment_intent.requires_action
//     (each row below       or the ACH account awaits microdeposits
//      leaves these       confirm: authorized, captured            succeeded           payment_intent.succeeded
//      three)             confirm: authorized, held (manual)       requires_capture    payment_intent.amount_capturable_updated
//                         confirm: declined (402), off-session     req_payment_method  payment_intent.payment_failed
//                           authentication, error_on_requires_action, failed 3D Secure,
//                           microdeposits not verified (attempts exceeded, timeout)
//                         a bank debit is submitted (confirm,      processing          payment_intent.processing
//                           microdeposits verified, or Checkout's page)
//                         a bank debit is refused at once          req_payment_method  payment_intent.payment_failed
//                         its Checkout Session expires             canceled            payment_intent.canceled
//                         confirm: customer_balance, the cash      req_action          payment_intent.requires_action
//                           balance does not cover it
//                         confirm: customer_balance, covered       succeeded           payment_intent.succeeded
//   req_action            3D Secure completed, confirmation_method req_confirmation    -
//                           manual
//   req_action            a bank transfer pays part of what        req_action          payment_intent.partially_funded
//                           remains (customer_balance)
//   req_action            a bank transfer pays the rest            succeeded           payment_intent.succeeded
//   processing            the bank debit settles                   succeeded           payment_intent.succeeded
//   processing            the bank returns the debit               req_payment_method  payment_intent.payment_failed
//   requires_capture      capture [amount_to_capture]              succeeded           payment_intent.succeeded
//   requires_capture      the hold expires (7 days)                canceled            payment_intent.canceled
//   req_* , requires_     cancel                                   canceled            payment_intent.canceled
//     capture
//
// (req_ abbreviates requires_.) The full table with every source state is
// machine() / FindLifecycle("payment_intent"). A decline keeps the failed charge as
// latest_charge and the error in last_payment_error, and clears payment_method. A successful
// payment with setup_future_usage saves the PaymentMethod on the customer through
// PaymentMethodLifecycle::SaveForCustomer, card and bank debit alike (a PaymentMethod detached
// meanwhile stays detached).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYMENT_INTENT_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_PAYMENT_INTENT_LIFECYCLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/charge.obj.h"
#include "proto/common.obj.h"
#include "proto/mandate.obj.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {

enum class PaymentIntentState : uint8_t {
  kRequiresPaymentMethod,
  kRequiresConfirmation,
  kRequiresAction,
  kProcessing,
  kRequiresCapture,
  kSucceeded,
  kCanceled,
};
enum class PaymentIntentTrigger : uint8_t {
  kCreate,
  kCreateWithPaymentMethod,
  kNewPaymentMethod,
  kRequireAction,
  kSucceed,
  kHold,
  kFail,
  kSubmitDebit,
  kRefuseDebit,
  kSessionExpired,
  kAwaitConfirmation,
  kDebitSettles,
  kDebitReturned,
  kCapture,
  kHoldExpires,
  kCancel,
  kPartiallyFunded,
};

class PaymentIntentLifecycle {
 public:
  using Machine = StateMachine<PaymentIntentState, PaymentIntentTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static PaymentIntentState StateOf(const PaymentIntent& pi);

  // ---- creation and updates ----

  // Stores `pi` (every field but status set by the caller): requires_confirmation when it has
  // a payment_method, else requires_payment_method. Emits payment_intent.created.
  static const PaymentIntent& Create(World& world, PaymentIntent pi);

  // Applies an update (fields checked, payment_method committed). With `needs_confirmation`
  // (a new payment_method, or a new amount while requires_action) the intent goes back to
  // requires_confirmation. Clears last_payment_error. Emits nothing (Stripe has no
  // payment_intent.updated).
  static const PaymentIntent& Update(World& world, const PaymentIntent& pi,
                                     const PaymentIntent& updated, bool needs_confirmation);

  // ---- paying ----

  // What a confirmation carries (checked by the caller; the payment method committed).
  struct Confirmation {
    obj::SharedString payment_method;        // the PaymentMethod to pay with (required)
    bool off_session = false;
    const std::string* return_url = nullptr;          // null: none
    const std::string* setup_future_usage = nullptr;  // null: unchanged
    const std::string* receipt_email = nullptr;       // null: unchanged
    // null: unchanged; a Shipping without an address: removed; else the new shipping.
    const Shipping* shipping = nullptr;
    bool error_on_requires_action = false;
    // A bank debit's mandate: an existing one (`mandate_...`), or the acceptance of a new one
    // made when the debit is submitted. Neither: the PaymentMethod's saved mandate, if any.
    std::string mandate;
    absl::optional<MandateCustomerAcceptance> mandate_acceptance;
    // payment_method_options[us_bank_account][verification_method] (null: unchanged).
    const std::string* verification_method = nullptr;
    // payment_method_options[card][request_three_d_secure] (null: unchanged).
    const std::string* request_three_d_secure = nullptr;
  };

  // Confirms: 3D Secure if the card asks, or if the intent asks and the card answers
  // (three_d_secure_request.h; requires_action on-session, a decline off-session), else the
  // charge. Returns the 402 of a decline (the intent changed as the table says).
  static absl::Status Confirm(World& world, const PaymentIntent& pi,
                              const Confirmation& confirmation);

  // The customer answers the 3D Secure challenge (REQUIRES: requires_action). Completing
  // pays (or, with confirmation_method manual, waits for the next confirm); failing leaves
  // last_payment_error payment_intent_authentication_failure.
  static void CompleteThreeDSecure(World& world, const PaymentIntent& pi);
  static void FailThreeDSecure(World& world, const PaymentIntent& pi);

  // requires_capture -> succeeded: captures `amount` of the hold (the rest is released),
  // with the capture's metadata (merged by the caller) and statement descriptor suffix.
  static void Capture(World& world, const PaymentIntent& pi, int64_t amount,
                      const PaymentIntent& with_capture_fields);

  // -> canceled with `reason` (may be empty), releasing an open hold first.
  static void Cancel(World& world, const PaymentIntent& pi, absl::string_view reason);

  // ---- bank debits (us_bank_account, sepa_debit) ----
  //
  // Confirm submits a bank debit PaymentMethod's debit through StartBankDebit and settles it on
  // the intent's own timer (TimerKind::kPaymentIntentDebitSettlement, OnDebitSettlement)
  // kBankDebitSettlementDelay later; Checkout starts and settles its sessions' debits itself.

  // Debits `pm` (a bank debit PaymentMethod of `account`) under the mandate `mandate_id`:
  // processing with a pending charge, or requires_payment_method when refused at once. True if
  // processing.
  static bool StartBankDebit(World& world, const PaymentIntent& pi, const PaymentMethod& pm,
                             const BankTestAccount& account, const std::string& mandate_id);

  // processing -> succeeded, or requires_payment_method for the accounts the bank returns.
  // True if it succeeded. REQUIRES: the intent is processing.
  static bool SettleBankDebit(World& world, const PaymentIntent& pi);

  // The intent's settlement timer fired: settles a debit still processing.
  static void OnDebitSettlement(World& world, absl::string_view pi_id);

  // ---- ACH microdeposits (payment_method_options[us_bank_account][verification_method]) ----
  //
  // With verification_method microdeposits, Confirm does not debit a us_bank_account
  // PaymentMethod at once: the intent waits in requires_action with next_action
  // verify_with_microdeposits (payment_intent.requires_action) for at most
  // kMicrodepositVerificationWindow (setup_intents.h), on the intent's own timer
  // (TimerKind::kPaymentIntentMicrodepositTimeout). The mandate (an existing one, or the
  // customer's acceptance) is kept and made when the account is verified. The account whose
  // microdeposits fail (000666666661) fails the payment at confirmation
  // (bank_account_verification_failed, 400).

  // True if `pi` waits in requires_action for its microdeposits to be verified.
  static bool AwaitsMicrodeposits(const PaymentIntent& pi);

  // The customer's answer: `amounts` (cents) or `descriptor_code` (null: amounts). REQUIRES:
  // AwaitsMicrodeposits. Stripe's test values (intent_common.h: ClassifyMicrodepositAnswer):
  // verified submits the debit as StartBankDebit (processing, the settlement timer; or the 400
  // of an account refused at once); a mismatch answers its 400 and counts an attempt, until the
  // kMicrodepositAttempts-th exceeds them; attempts exceeded and timeout fail the payment
  // (requires_payment_method, last_payment_error, payment_intent.payment_failed; their 400).
  static absl::Status VerifyMicrodeposits(World& world, const PaymentIntent& pi,
                                          const std::vector<int64_t>& amounts,
                                          const std::string* descriptor_code);

  // The kPaymentIntentMicrodepositTimeout timer: microdeposits still unverified when the
  // window of the current confirmation is over fail the payment as a timeout does.
  static void OnMicrodepositTimeout(World& world, absl::string_view pi_id);

  // ---- customer balance (paid from the customer's cash balance, funded by bank transfer) ----
  //
  // Confirming with a customer_balance PaymentMethod applies the customer's cash balance in
  // the intent's currency when it covers the amount (succeeded, with a charge); otherwise the
  // intent waits in requires_action with next_action display_bank_transfer_instructions
  // (amount_remaining: the whole amount; UNCERTAIN: whether Stripe applies a smaller balance
  // at once, paysim waits for a balance that covers what remains). Funds arriving
  // (cash_balance_lifecycle.h) are applied through ApplyCashBalance.

  // True if `pi` waits in requires_action for a bank transfer.
  static bool AwaitsBankTransfer(const PaymentIntent& pi);

  // Applies up to `available` (> 0) of the customer's cash balance to `pi` (REQUIRES:
  // AwaitsBankTransfer): an applied_to_payment cash transaction; what remains lowers
  // amount_remaining (payment_intent.partially_funded), or, nothing remaining, the intent
  // succeeds with its charge. Returns the amount applied.
  static int64_t ApplyCashBalance(World& world, const PaymentIntent& pi, int64_t available);

  // ---- happenings elsewhere ----

  // The index of PaymentIntents by customer (for Store::ListAt; ordinal_index.h), built first
  // if this world has not built it (payment_indexes.cc).
  static const OrdinalIndex& ByCustomer(World& world);

  // Checkout made a customer for the payer: the intent is the customer's.
  static void SetCustomer(World& world, const PaymentIntent& pi, const std::string& customer_id);

  // `pi` (a Checkout Session's subscription payment) is the payment of the invoice
  // `invoice_id` made for it afterwards (invoice_lifecycle.h CreatePaidByCheckout): it names
  // the invoice from now on. No event (Stripe's intent was the invoice's from its creation).
  static void BelongsToInvoice(World& world, const PaymentIntent& pi,
                               const std::string& invoice_id);

  // attach_payment made `pi` a partial payment of the invoice `invoice_id`
  // (InvoiceLifecycle::AttachPayment): its success or cancellation is reported to that
  // invoice from now on. No event.
  static void AttachToInvoice(World& world, const PaymentIntent& pi,
                              const std::string& invoice_id);

  // Its Checkout Session expired: an intent still waiting for the customer is canceled
  // (reason `automatic`).
  static void OnSessionExpired(World& world, const PaymentIntent& pi);

  // Its charge's hold expired: a requires_capture intent is canceled (reason by API version).
  static void OnHoldExpired(World& world, const Charge& charge);

 private:
  friend class PaymentAttempt;  // payment_intent_attempts.cc
  static WriteKey<PaymentIntentLifecycle> Key() { return {}; }
  static PaymentIntent& Mutable(World& world, const PaymentIntent& pi);
  // Moves `pi` along the row of (its state, `trigger`) and emits the row's events.
  static void Enter(World& world, PaymentIntent& pi, PaymentIntentTrigger trigger);
  // Confirms with the customer's cash balance (payment_intent_cash_balance.cc).
  static absl::Status PayWithCashBalance(World& world, PaymentIntent& pi);
  // Applies `amount` of the cash balance: the rest of the amount, or part of it.
  static void ApplyFunds(World& world, PaymentIntent& pi, int64_t amount);
  // The intent no longer waits for microdeposits: their attempts and mandate are forgotten.
  static void ForgetMicrodeposits(PaymentIntent& pi);
  // The parts Create() gives an intent that has none of its own (one per thread: reps are
  // shared without atomic counts).
  struct Defaults {
    Defaults();
    PaymentIntentAmountDetails amount_details;   // {"tip": {}}
    ManagedPayments managed_payments;            // {"enabled": false}
    PaymentIntentPaymentMethodOptions card_options;  // card.request_three_d_secure automatic
    PaymentIntentPaymentMethodOptions no_options;    // {}
  };
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYMENT_INTENT_LIFECYCLE_H_
