// payment_intents.h: PaymentIntents (`pi_...`), the PaymentIntents API lifecycle for cards
// and bank debits (sepa_debit, us_bank_account).
//
//   from                       call or happening                -> to (events)
//   -------------------------  -------------------------------  ------------------------------
//   (new)                      Create, no payment_method        requires_payment_method
//                                                               (payment_intent.created)
//   (new)                      Create with payment_method       requires_confirmation
//                                                               (payment_intent.created)
//   requires_payment_method    Update payment_method            requires_confirmation
//   requires_payment_method,   Confirm, card needs 3D Secure    requires_action
//   requires_confirmation,       on-session                     (payment_intent.requires_action)
//   requires_action            Confirm, card authorizes,        succeeded (charge.succeeded,
//                                capture automatic[_async]      payment_intent.succeeded)
//                              Confirm, capture_method manual   requires_capture
//                                                               (charge.succeeded, payment_intent.
//                                                               amount_capturable_updated)
//                              Confirm, card declines: 402      requires_payment_method
//                                                               (charge.failed,
//                                                               payment_intent.payment_failed)
//                              Confirm off_session, card needs  requires_payment_method
//                                3D Secure: 402                 (charge.failed,
//                                authentication_required        payment_intent.payment_failed)
//                              Confirm error_on_requires_action requires_payment_method
//                                402 payment_intent_action_...  (payment_intent.payment_failed)
//   requires_action            CompleteThreeDSecure (helper)    as a Confirm that authorizes or
//                                                               declines (no 402);
//                                                               requires_confirmation when
//                                                               confirmation_method is manual
//   requires_action            FailThreeDSecure (helper)        requires_payment_method
//                                                               (payment_intent.payment_failed)
//   requires_capture           Capture [amount_to_capture]      succeeded (charge.captured,
//                                                               payment_intent.succeeded)
//   requires_capture           7 days pass: the hold expires    canceled, reason expired
//                                                               (charge.expired,
//                                                               payment_intent.canceled)
//   requires_payment_method,   Confirm with a bank debit        processing (charge.pending,
//   requires_confirmation,       (payment_method_types lists     payment_intent.processing);
//   requires_action              it; mandate_data, or a mandate  an account refused at once:
//                                the PaymentMethod has)         400, requires_payment_method
//                                                               (charge.failed, payment_intent.
//                                                               payment_failed)
//   requires_payment_method,   Confirm with an ACH account and  requires_action
//   requires_confirmation,       verification_method            (payment_intent.requires_action)
//   requires_action              microdeposits (below)
//   requires_action            VerifyMicrodeposits: verified    processing (charge.pending,
//     (verify_with_                                             payment_intent.processing)
//      microdeposits)          VerifyMicrodeposits: mismatch    requires_action (400)
//                              VerifyMicrodeposits: attempts    requires_payment_method (400;
//                                exceeded or timeout test value payment_intent.payment_failed)
//                              kMicrodepositVerificationWindow  requires_payment_method
//                                unverified (timer)             (payment_intent.payment_failed)
//   processing                 kBankDebitSettlementDelay        succeeded (charge.succeeded,
//                                (checkout_sessions.h) later    payment_intent.succeeded), or
//                                                               requires_payment_method for the
//                                                               accounts the bank returns
//                                                               (charge.failed, payment_intent.
//                                                               payment_failed)
//   requires_payment_method,   Cancel                           canceled
//   requires_confirmation,                                      (payment_intent.canceled)
//   requires_action,
//   requires_capture
//
// Every other transition (confirming a succeeded or canceled intent, capturing one that is not
// requires_capture, canceling a succeeded one, changing the amount after success...) fails with
// invalid_request_error payment_intent_unexpected_state (HTTP 400) and changes nothing.
//
// A declined confirmation answers the card's 402 card_error carrying `payment_intent` and
// `charge`; the intent keeps the failed charge as latest_charge, clears payment_method and
// holds the error (without `payment_intent`) in last_payment_error. Confirming again with
// another payment_method can then succeed.
//
// 3D Secure follows the test card (card_catalog.h, ThreeDSecure); off_session=true never asks
// the customer: a card that would need authentication is declined with
// authentication_required. The simulated customer answers a challenge with the test helpers
// CompleteThreeDSecure / FailThreeDSecure.
//
// Microdeposits: with payment_method_options[us_bank_account][verification_method]=
// microdeposits (on Create or Confirm; automatic, instant or none debit at once, as Financial
// Connections would have verified the account), confirming with an ACH account does not debit
// it: the intent waits in requires_action with next_action verify_with_microdeposits
// (microdeposit_type descriptor_code, arrival_date kMicrodepositArrivalDelay later) until
// VerifyMicrodeposits, with the SetupIntent's rules (setup_intents.h): Stripe's test answers
// 32 and 45 or SM11AA verify, 10 and 11 or SM33CC exceed the attempts, 40 and 41 or SM44DD time
// out; other answers are a mismatch until the kMicrodepositAttempts-th; unverified for
// kMicrodepositVerificationWindow, the payment fails with
// payment_method_microdeposit_verification_timeout.
// Once verified the debit is submitted under the confirmation's mandate (made then) and settles
// as any bank debit. The account whose microdeposits fail (000666666661) fails the payment at
// confirmation (bank_account_verification_failed, 400).
//
// Manual capture holds the amount for kAuthorizationWindow (7 days) from confirmation: a
// capture at 6d23h59m59s succeeds; at 7 days the hold expires first, the intent is canceled
// with cancellation_reason `expired` (from 2025-03-31.basil; `automatic` before) and the capture
// fails. A partial capture releases the rest (as a Refund before basil, see charges.h).
//
// `capture_method` defaults to `automatic_async` from API version 2024-04-10, `automatic`
// before (api_version.h). setup_future_usage with a customer attaches the PaymentMethod on
// success (off_session also sets it up for off-session use).
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PAYMENT_INTENTS_H_
#define PAYSIM_ENGINE_PAYMENT_INTENTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class PaymentIntentService {
 public:
  explicit PaymentIntentService(internal::World* world) : world_(world) {}

  // Create()
  //
  // `amount` (the currency's minimum to 99999999) and `currency` are required. Optional:
  // customer, payment_method (pm_... or a pm_card_* name, which mints a PaymentMethod),
  // payment_method_types (["card"]; card, sepa_debit, us_bank_account, customer_balance),
  // payment_method_options ([us_bank_account][verification_method]: automatic | instant |
  // microdeposits; [customer_balance]), capture_method (automatic | automatic_async | manual),
  // confirmation_method (automatic | manual), setup_future_usage (on_session | off_session),
  // description, metadata, receipt_email, statement_descriptor_suffix, shipping (name,
  // address and address[line1] required: parameter_missing `shipping[...]`; the intent's
  // charges carry it). `statement_descriptor` is refused (400), as Stripe refuses it for
  // cards. confirm=true confirms at once (see
  // Confirm); off_session, return_url, error_on_requires_action, mandate_data and mandate
  // need confirm=true. A declined confirmation returns the 402 and keeps the created intent.
  absl::StatusOr<PaymentIntent> Create(const PaymentIntentCreateParams& params,
                                       const RequestOptions& options = {});

  absl::StatusOr<PaymentIntent> Retrieve(absl::string_view id,
                                         const RequestOptions& options = {});

  // Update()
  //
  // description, metadata, receipt_email and shipping (replaced whole; an empty `shipping`
  // message, `shipping=` on the wire, removes it) in any status; amount, currency,
  // customer, payment_method, capture_method, setup_future_usage,
  // statement_descriptor_suffix and payment_method_options ([card][request_three_d_secure],
  // asked of the next confirmation; [us_bank_account][verification_method]) only in
  // requires_payment_method, requires_confirmation or requires_action (else
  // payment_intent_unexpected_state). A new payment_method (or a new
  // amount or currency while requires_action) moves the intent to requires_confirmation.
  // Clears last_payment_error. Stripe has no payment_intent.updated event: emits nothing.
  absl::StatusOr<PaymentIntent> Update(absl::string_view id,
                                       const PaymentIntentUpdateParams& params,
                                       const RequestOptions& options = {});

  // Confirm()
  //
  // From requires_payment_method (with a payment_method here or on the intent),
  // requires_confirmation or requires_action. `shipping` as on Update, set before the charge.
  // Attempts the payment as the lifecycle table says. payment_method_options takes
  // [us_bank_account][verification_method] (automatic | instant | microdeposits; kept on the
  // intent). A bank debit runs under a Mandate
  // (mandates.h): a new one from mandate_data, the one `mandate` names (resource_missing,
  // param mandate, if none; refused if it is another PaymentMethod's or not active), or the
  // saved PaymentMethod's multi-use one. Errors: the 402 card_error of a
  // decline (the intent changed as described above); payment_intent_unexpected_state
  // (nothing changed).
  absl::StatusOr<PaymentIntent> Confirm(absl::string_view id,
                                        const PaymentIntentConfirmParams& params,
                                        const RequestOptions& options = {});

  // Capture()
  //
  // Only from requires_capture. `amount_to_capture` defaults to amount_capturable and may not
  // exceed it (amount_too_large); the remainder is released. -> succeeded, amount_received.
  absl::StatusOr<PaymentIntent> Capture(absl::string_view id,
                                        const PaymentIntentCaptureParams& params,
                                        const RequestOptions& options = {});

  // Cancel()
  //
  // From requires_payment_method, requires_confirmation, requires_action or requires_capture
  // (the hold is released). `cancellation_reason`: duplicate | fraudulent |
  // requested_by_customer | abandoned (or none). An invoice's PaymentIntent is refused
  // (invalid_request_error): voiding the invoice cancels it.
  absl::StatusOr<PaymentIntent> Cancel(absl::string_view id,
                                       const PaymentIntentCancelParams& params,
                                       const RequestOptions& options = {});

  // ApplyCustomerBalance()
  //
  // Pays a customer_balance intent that waits for a bank transfer (requires_action with
  // display_bank_transfer_instructions) from the customer's cash balance now, as Stripe's manual
  // reconciliation does (cash_balances.h: reconciliation_mode manual). `amount` defaults to the
  // amount remaining; `currency`, if given, must be the intent's. What is applied is an
  // applied_to_payment cash balance transaction; the intent then succeeds (nothing remains) or
  // stays in requires_action with a lower amount_remaining (payment_intent.partially_funded).
  // Errors (nothing changed): payment_intent_unexpected_state when the intent does not wait for
  // a transfer; invalid_request_error on `amount` when it is not positive, exceeds the amount
  // remaining (amount_too_large) or the customer's cash balance, on `currency` when it differs.
  absl::StatusOr<PaymentIntent> ApplyCustomerBalance(
      absl::string_view id, const PaymentIntentApplyCustomerBalanceParams& params,
      const RequestOptions& options = {});

  // VerifyMicrodeposits()
  //
  // The customer's answer to the microdeposits of an intent in requires_action with next_action
  // verify_with_microdeposits: `amounts` (two, in cents) or `descriptor_code`, not both (the
  // SetupIntent's rules and test values, setup_intents.h). Verified: the debit is submitted
  // (processing, then as any bank debit). Errors: a missing or malformed answer (400, param
  // amounts or descriptor_code), payment_intent_unexpected_state for an intent not waiting for
  // microdeposits (nothing changed); a mismatch (400, the attempt counted); attempts exceeded
  // or timeout (400, the payment failed: requires_payment_method, last_payment_error); an
  // account refused at once when the debit is submitted (its 400, as on Confirm).
  absl::StatusOr<PaymentIntent> VerifyMicrodeposits(absl::string_view id,
                                                    const VerifyMicrodepositsParams& params,
                                                    const RequestOptions& options = {});

  // Newest first, filtered by `customer` when given.
  absl::StatusOr<ListResult<PaymentIntent>> List(const PaymentIntentListParams& params,
                                                 const RequestOptions& options = {});

  // ---- test helpers: what the simulated customer does on the 3D Secure page ----

  // CompleteThreeDSecure()
  //
  // The customer authenticates. REQUIRES status requires_action (else
  // payment_intent_unexpected_state). The payment is then attempted as on confirmation:
  // succeeded, requires_capture, or declined (requires_payment_method with
  // last_payment_error; the helper still returns the intent, as the merchant would retrieve
  // it). With confirmation_method manual the intent goes to requires_confirmation and the next
  // Confirm pays without asking again.
  absl::StatusOr<PaymentIntent> CompleteThreeDSecure(absl::string_view id,
                                                     const RequestOptions& options = {});

  // FailThreeDSecure()
  //
  // The customer fails (or abandons) authentication. REQUIRES status requires_action. ->
  // requires_payment_method with last_payment_error payment_intent_authentication_failure;
  // event payment_intent.payment_failed. No charge is made.
  absl::StatusOr<PaymentIntent> FailThreeDSecure(absl::string_view id,
                                                 const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PAYMENT_INTENTS_H_
