// setup_intents.h: SetupIntents (`seti_...`): saving a card, or a bank account with the
// customer's mandate (sepa_debit, us_bank_account), for later payments.
//
//   from                       call or happening                -> to (events)
//   -------------------------  -------------------------------  ------------------------------
//   (new)                      Create, no payment_method        requires_payment_method
//                                                               (setup_intent.created)
//   (new)                      Create with payment_method       requires_confirmation
//                                                               (setup_intent.created)
//   requires_payment_method,   Confirm, card asks for           requires_action
//   requires_confirmation,       3D Secure, or ACH account with (setup_intent.requires_action)
//                                microdeposits (below)
//   requires_action            Confirm, card can be saved, or   succeeded
//                                bank account with mandate_data ([payment_method.attached],
//                                                               setup_intent.succeeded)
//                              Confirm, card declines: 402;     requires_payment_method
//                                bank account cannot be         (setup_intent.setup_failed)
//                                verified or is blocked: 400
//   requires_action            CompleteThreeDSecure (helper)    succeeded, or
//                                                               requires_payment_method if the
//                                                               card then declines (no 402)
//   requires_action            FailThreeDSecure (helper)        requires_payment_method
//                                                               (setup_intent.setup_failed)
//   requires_action            VerifyMicrodeposits: verified    succeeded (with the mandate)
//     (verify_with_            VerifyMicrodeposits: mismatch    requires_action (400)
//      microdeposits)          VerifyMicrodeposits: attempts    requires_payment_method (400;
//                                exceeded or timeout test value (setup_intent.setup_failed)
//                              kMicrodepositVerificationWindow  requires_payment_method
//                                unverified (timer)             (setup_intent.setup_failed)
//   requires_payment_method,   Cancel                           canceled
//   requires_confirmation,                                      (setup_intent.canceled)
//   requires_action
//
// Any other transition fails with invalid_request_error setup_intent_unexpected_state (HTTP
// 400) and changes nothing.
//
// On success the PaymentMethod is attached to the intent's `customer` (when one is set and it
// is not attached yet), and with usage off_session (the default) it is set up for off-session
// payments: a card such as pm_card_authenticationRequiredOnSetup then pays off-session without
// authentication. Cards that ask for 3D Secure on setup: those that require it on-session
// (card_catalog.h: kRequired, kRequiredOnSetup, kSetupForOffSession, kRequiredThenDeclined).
// Cards that cannot be attached (declines, fraud blocks) fail the setup with their 402
// card_error carrying `setup_intent`; the intent keeps it, without the id, in
// last_setup_error, and its payment_method is cleared.
//
// Bank debits: with payment_method_types sepa_debit or us_bank_account, the PaymentMethod is
// a stored one or made from payment_method_data (as for PaymentIntents: an IBAN, or an ACH test
// account with routing number 110000000). Confirming needs mandate_data[customer_acceptance]
// (online with ip_address and user_agent, or offline), unless the PaymentMethod already has an
// active multi-use mandate; missing, it is refused (invalid_request_error, param
// mandate_data, 400) and nothing changes. The setup succeeds at once (test accounts need no
// verification) with a new multi-use Mandate in `mandate` (engine/mandates.h), which covers
// later off-session debits of the PaymentMethod. The ACH account that fails microdeposit
// verification (000666666661) fails the setup with bank_account_verification_failed, the
// blocked one (000000004954) with payment_method_bank_account_blocked (both 400, kept in
// last_setup_error).
//
// Microdeposits: with payment_method_options[us_bank_account][verification_method]=
// microdeposits, a confirmed ACH account (made from account and routing numbers, as entered by
// hand) is not saved at once: the intent waits in requires_action with next_action
// verify_with_microdeposits (microdeposit_type descriptor_code, arrival_date a day later) until
// VerifyMicrodeposits. Stripe's test answers: amounts 32 and 45 or descriptor code SM11AA
// verify; 10 and 11 or SM33CC exceed the attempts; 40 and 41 or SM44DD time out. Other answers
// are a mismatch (payment_method_microdeposit_verification_amounts_mismatch /
// ..._descriptor_code_mismatch, 400, counted) until the kMicrodepositAttempts-th
// (payment_method_microdeposit_verification_attempts_exceeded); kMicrodepositVerificationWindow
// without a verification fails it with payment_method_microdeposit_verification_timeout. The
// mandate is made when the account is verified. With verification_method automatic or instant,
// or none, the account is verified at once, as Financial Connections would verify it.
// UNCERTAIN: Stripe asks hand-entered accounts for microdeposits under automatic too; paysim
// keeps instant verification unless microdeposits are asked for, so flows that never verify
// keep working. PaymentIntents verify microdeposits the same way (payment_intents.h), with the
// constants below.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_SETUP_INTENTS_H_
#define PAYSIM_ENGINE_SETUP_INTENTS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// How long the customer has to verify microdeposits, and how many answers they may give.
// UNCERTAIN: Stripe documents the 10 days; the number of attempts (3) is paysim's reading.
inline constexpr absl::Duration kMicrodepositVerificationWindow = absl::Hours(24 * 10);
inline constexpr int kMicrodepositAttempts = 3;
// When the microdeposits are expected to land (next_action's arrival_date). UNCERTAIN: Stripe
// says 1-2 business days; paysim says one day.
inline constexpr absl::Duration kMicrodepositArrivalDelay = absl::Hours(24);

class SetupIntentService {
 public:
  explicit SetupIntentService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Optional: customer, payment_method (pm_... or a pm_card_* name, which mints one) or a bank
  // debit's payment_method_data, payment_method_types (["card"]; card, sepa_debit,
  // us_bank_account), usage (off_session | on_session; default off_session), description,
  // metadata. confirm=true confirms at once; return_url and mandate_data need confirm=true.
  absl::StatusOr<SetupIntent> Create(const SetupIntentCreateParams& params,
                                     const RequestOptions& options = {});

  absl::StatusOr<SetupIntent> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Update()
  //
  // customer, description, metadata (merged; "" removes a key), payment_method (pm_... or a
  // pm_card_* name; of the customer when attached; one of the types), payment_method_types
  // (replaced; the intent's payment method must fit them), payment_method_options
  // ([card][request_three_d_secure], [us_bank_account][verification_method]; asked of the
  // next confirmation). Only while requires_payment_method, requires_confirmation or
  // requires_action (else setup_intent_unexpected_state, 400). A new payment_method moves the
  // intent to requires_confirmation (next_action and last_setup_error cleared). Stripe has no
  // setup_intent.updated event: emits nothing. Errors: the 400 (404 for an unknown intent)
  // naming the parameter; nothing changes.
  absl::StatusOr<SetupIntent> Update(absl::string_view id, const SetupIntentUpdateParams& params,
                                     const RequestOptions& options = {});

  // Confirm()
  //
  // From requires_payment_method (with a payment_method or payment_method_data here, or a
  // payment_method on the intent), requires_confirmation or requires_action; mandate_data for
  // a bank debit. Errors: the card's 402, a bank account's 400 (the intent changed as described
  // above); setup_intent_unexpected_state, a missing mandate_data (nothing changed).
  absl::StatusOr<SetupIntent> Confirm(absl::string_view id, const SetupIntentConfirmParams& params,
                                      const RequestOptions& options = {});

  // VerifyMicrodeposits()
  //
  // The customer's answer to the microdeposits of an intent in requires_action with
  // next_action verify_with_microdeposits: `amounts` (two, in cents) or `descriptor_code`, not
  // both. Errors: a missing or malformed answer, or an intent not waiting for microdeposits
  // (400, nothing changed); a mismatch (400, the attempt counted); attempts exceeded or
  // timeout (400, the setup failed as the table says).
  absl::StatusOr<SetupIntent> VerifyMicrodeposits(absl::string_view id,
                                                  const VerifyMicrodepositsParams& params,
                                                  const RequestOptions& options = {});

  // Cancel()
  //
  // From requires_payment_method, requires_confirmation or requires_action.
  // `cancellation_reason`: abandoned | requested_by_customer | duplicate (or none).
  absl::StatusOr<SetupIntent> Cancel(absl::string_view id, const SetupIntentCancelParams& params,
                                     const RequestOptions& options = {});

  // Newest first, filtered by `customer` and `payment_method` when given.
  absl::StatusOr<ListResult<SetupIntent>> List(const SetupIntentListParams& params,
                                               const RequestOptions& options = {});

  // ---- test helpers: what the simulated customer does on the 3D Secure page ----

  // CompleteThreeDSecure()
  //
  // The customer authenticates. REQUIRES status requires_action (else
  // setup_intent_unexpected_state). The setup then finishes: succeeded, or (a declining card)
  // requires_payment_method with last_setup_error — returned as the intent, not as an error.
  absl::StatusOr<SetupIntent> CompleteThreeDSecure(absl::string_view id,
                                                   const RequestOptions& options = {});

  // FailThreeDSecure()
  //
  // The customer fails (or abandons) authentication. REQUIRES status requires_action. ->
  // requires_payment_method with last_setup_error setup_intent_authentication_failure; event
  // setup_intent.setup_failed.
  absl::StatusOr<SetupIntent> FailThreeDSecure(absl::string_view id,
                                               const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_SETUP_INTENTS_H_
