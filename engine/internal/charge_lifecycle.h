// charge_lifecycle.h (internal): the Charge lifecycle, the only writer of charges.
//
//   from        trigger                                          to          events
//   (new)       a card authorizes, captured at once              captured    charge.succeeded
//   (new)       a card authorizes, held (capture=false/manual)   authorized  charge.succeeded
//   (new)       a card declines                                  failed      charge.failed
//   (new)       a bank debit is submitted                        pending     charge.pending
//   (new)       a bank debit is refused at once                  failed      charge.failed
//   authorized  capture [amount]                                 captured    charge.captured
//   authorized  kAuthorizationWindow (7 days) passes             released    charge.expired
//   authorized  refund (cancels the hold)                        released    charge.refunded
//   authorized  its PaymentIntent is canceled                    released    -
//   captured    refund of captured funds                         captured    charge.refunded
//   captured,   before 2025-03-31.basil: the released part of    (same)      charge.refunded
//   released      a hold shows as a Refund                                   (after refund.created)
//   pending     refund (held until the debit settles)            pending     charge.refunded
//   pending     the bank debit settles                           captured    charge.succeeded
//                 (then its held refunds are submitted)
//   pending     the bank returns the debit (its held refunds     failed      charge.failed
//                 are canceled)
//   pending     a held refund is canceled (amount_refunded       pending     charge.updated
//                 goes back down)
//   captured    its payment is disputed (disputed: true)         captured    charge.updated
//   captured    a refund fails or is canceled (amount_refunded   captured    charge.updated
//                 goes back down)
//
// authorized, captured and released all render `status: succeeded` (captured renders
// `captured: true`); the hold's end shows in `capture_before` having passed or a Refund.
// Updates of description, metadata, receipt_email and shipping change no state
// (charge.updated).
//
// How a released amount shows depends on the request's API version (api_version.h,
// ReleasedAmountIsRefunded): before 2025-03-31.basil a partial capture, an expired hold or a
// canceled PaymentIntent's hold creates a Refund and moves `amount_refunded`.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_CHARGE_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_CHARGE_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/card_catalog.h"
#include "engine/internal/ordinal_index.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "google/protobuf/map.h"
#include "proto/charge.obj.h"
#include "proto/payment_intent.obj.h"
#include "proto/refund.obj.h"

namespace paysim {
namespace internal {

enum class ChargeState : uint8_t { kPending, kFailed, kAuthorized, kCaptured, kReleased };
enum class ChargeTrigger : uint8_t {
  kAuthorizeAndCapture,
  kAuthorize,
  kDecline,
  kSubmitDebit,
  kRefuseDebit,
  kCapture,
  kExpire,
  kRefundHold,
  kCancelHold,
  kRefund,
  kReleaseAsRefund,
  kSettleDebit,
  kReturnDebit,
  kDispute,
  kReverseRefund,
  kRefundHeld,
};

// What a bank debit's charge says when it fails (the account's failure code and message).
struct DebitFailure {
  absl::string_view code;
  absl::string_view message;
};

// What a capture may change besides the amount (null: unchanged).
struct ChargeCaptureDetails {
  const std::string* receipt_email = nullptr;
  const std::string* statement_descriptor = nullptr;
  const std::string* statement_descriptor_suffix = nullptr;
};

class ChargeLifecycle {
 public:
  using Machine = StateMachine<ChargeState, ChargeTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static ChargeState StateOf(const Charge& charge);

  // ---- creation ----

  // A new card Charge of `amount` on `card` (id, amounts, card details, outcome), not yet
  // stored. The caller sets currency, customer, description, payment_method, payment_intent...
  // (sharing the nodes of the objects it takes them from, where it has them).
  static Charge NewCardCharge(World& world, const TestCard& card, int64_t amount,
                              int32_t exp_month, int32_t exp_year, bool cvc_provided);

  // Sets the fields a PaymentIntent's charge takes from the intent and the account:
  // calculated_statement_descriptor (with the intent's suffix), created, currency, customer,
  // description, metadata; disputed and livemode false.
  static void CopyFromIntent(World& world, const PaymentIntent& pi, Charge* charge);

  // Stores `charge` as the card's outcome decides: failed (the caller answers
  // CardDeclinedError), captured (with its balance transaction) or authorized (held for
  // kAuthorizationWindow).
  static const Charge& SettleCard(World& world, Charge charge, const TestCard& card, bool capture);

  // Stores a bank debit's charge (`py_...`, built by the caller): pending, or failed at once
  // with `refused` (Radar, limits; the caller filled the outcome).
  static const Charge& SubmitDebit(World& world, Charge charge, const DebitFailure* refused);

  // Stores the charge of a payment from a customer's cash balance (built by the caller): the
  // money is already at Stripe, so it is captured at once (charge.succeeded, with its balance
  // transaction), as a card captured at once is.
  static const Charge& SettleCashBalance(World& world, Charge charge);

  // ---- transitions ----

  // authorized -> captured: `amount` of the hold (the rest is released), with the capture's
  // receipt_email / statement descriptors when given (null: unchanged).
  using CaptureDetails = ChargeCaptureDetails;
  static void Capture(World& world, const Charge& charge, int64_t amount,
                      const CaptureDetails& details = {});

  // authorized -> released, as its PaymentIntent is canceled (before basil: as a Refund with
  // `reason`, which may be empty).
  static void CancelHold(World& world, const Charge& charge, absl::string_view reason);

  // A refund request: authorized -> released (the whole hold), or captured -> captured
  // (`amount` of the captured funds). Returns the Refund.
  static const Refund& RefundHold(World& world, const Charge& charge, absl::string_view reason,
                                  const google::protobuf::Map<std::string, std::string>& metadata);
  static const Refund& RefundCaptured(
      World& world, const Charge& charge, int64_t amount, absl::string_view reason,
      const google::protobuf::Map<std::string, std::string>& metadata);

  // pending -> pending: a refund of `amount` of a bank debit that has not settled, held until
  // it does (refund_lifecycle.h RecordHeld). Returns the Refund.
  static const Refund& RefundPending(
      World& world, const Charge& charge, int64_t amount, absl::string_view reason,
      const google::protobuf::Map<std::string, std::string>& metadata);

  // pending -> captured (with its balance transaction; then its held refunds are submitted)
  // or failed (its held refunds are canceled and leave amount_refunded).
  static void SettleDebit(World& world, const Charge& charge);
  static void ReturnDebit(World& world, const Charge& charge, const DebitFailure& failure);

  // captured -> captured: the charge's payment is disputed by `dispute_id` (disputed: true).
  static void MarkDisputed(World& world, const Charge& charge, absl::string_view dispute_id);

  // captured -> captured (or pending -> pending, a held refund): a refund of `amount` failed
  // or was canceled; the amount is refundable again.
  static void ReverseRefund(World& world, const Charge& charge, const Refund& refund);

  // The test card that paid `charge` (its token's card or its PaymentMethod's), or nullptr.
  static const TestCard* PayingCard(World& world, const Charge& charge);

  // Applies an update (fields already checked) and emits charge.updated with what changed.
  static const Charge& Update(World& world, const Charge& charge, const Charge& updated);

  // The index of charges by customer (for Store::ListAt; ordinal_index.h), built first if
  // this world has not built it (payment_indexes.cc).
  static const OrdinalIndex& ByCustomer(World& world);
  // The same by PaymentIntent (a charge's intent is set when it is created, never changed).
  static const OrdinalIndex& ByPaymentIntent(World& world);
  // Whether `customer_id` has a succeeded charge (a promotion code's first_time_transaction
  // restriction): a lookup of the customer's charges, not a walk over every charge.
  static bool HasSucceeded(World& world, absl::string_view customer_id);

  // Timer: the hold expires if still open; a PaymentIntent's intent is canceled too.
  static void OnHoldExpiry(World& world, absl::string_view charge_id);

  // The funds still refundable: captured minus refunded of captured funds.
  static int64_t Refundable(const Charge& charge) {
    return charge.amount_captured() - charge.refunded_from_captured();
  }

 private:
  static WriteKey<ChargeLifecycle> Key() { return {}; }
  static Charge& Mutable(World& world, const Charge& charge);
  static void Enter(World& world, Charge& charge, ChargeTrigger trigger);
  // Enter, for a row whose events are updates: they carry what changed since `before`.
  static void EnterUpdated(World& world, Charge& charge, ChargeTrigger trigger,
                           const Charge& before);
  static void Apply(Charge& charge, ChargeState to);
  static const Charge& Create(World& world, Charge charge, ChargeTrigger trigger,
                              bool bypass_pending);
  // Before basil: the released `amount` as a Refund (not yet announced); nullptr otherwise.
  static const Refund* ReleaseAsRefund(World& world, Charge& charge, int64_t amount,
                                       absl::string_view reason);
  static void AnnounceReleased(World& world, Charge& charge, const Refund* refund);
  // What follows the capture of funds in other lifecycles (a test card's dispute).
  static void AfterCapture(World& world, const Charge& charge);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CHARGE_LIFECYCLE_H_
