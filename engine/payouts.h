// payouts.h: Payouts (`po_...`): money sent from the available balance to the account's bank.
//
// A payout takes its amount from the available balance at once (a `payout` balance
// transaction), goes `pending` -> `in_transit` when it is submitted to the bank
// (kPayoutSubmissionDelay later; an instant payout starts in_transit) and `paid` at its
// arrival_date, all on the engine's clock. A payout to one of Stripe's failing test bank
// accounts fails at its arrival_date instead, with Stripe's failure_code and failure_message,
// and its money comes back (`payout_failure`). A pending payout can be canceled
// (`payout_cancel`). The lifecycle, the timing rule (arrival at the start of the 2nd business
// day, UTC) and its constants are in engine/internal/payout_lifecycle.h; the destinations (a
// default bank account, the failing ones and their `btok_us_verified_*` names) in
// engine/internal/payout_destinations.h.
//
// Example:
//   auto payout = engine.payouts().Create(ParseParams<PayoutCreateParams>(
//       R"pb(amount: 1100 currency: "usd" destination: "btok_us_verified_noAccount")pb"));
//   // status pending; available balance down 1100
//   clock.Advance(absl::Hours(24 * 5));   // past arrival_date: failed, no_account, money back
//
// Errors (a refused call changes nothing):
//   - amount or currency missing: parameter_missing (400); amount not positive:
//     parameter_invalid_integer; an unknown currency: Stripe's invalid currency error;
//   - method other than standard/instant, source_type other than card/bank_account/fpx:
//     invalid_request_error with that param; statement_descriptor over
//     kPayoutStatementDescriptorMaxLength characters: invalid_request_error (statement_descriptor);
//   - a destination that is not a test external account: resource_missing (param destination);
//   - the available balance of that source type and currency below the amount:
//     invalid_request_error `balance_insufficient` (400) with Stripe's message;
//   - an unknown payout id: resource_missing (404);
//   - cancel of a payout that is not pending: invalid_request_error (400), nothing changes;
//   - metadata as everywhere (metadata.h).
// Events: payout.created, payout.updated (with previous_attributes), payout.paid,
// payout.failed, payout.canceled.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PAYOUTS_H_
#define PAYSIM_ENGINE_PAYOUTS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/payout.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe: "This may be at most 22 characters."
constexpr int64_t kPayoutStatementDescriptorMaxLength = 22;

class PayoutService {
 public:
  explicit PayoutService(internal::World* world) : world_(world) {}

  // A pending payout of `amount` `currency` to `destination` (the default bank account when
  // unset). Event payout.created.
  absl::StatusOr<Payout> Create(const PayoutCreateParams& params,
                                const RequestOptions& options = {});

  absl::StatusOr<Payout> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Metadata only. Event payout.updated when something changed.
  absl::StatusOr<Payout> Update(absl::string_view id, const PayoutUpdateParams& params,
                                const RequestOptions& options = {});

  // pending -> canceled; the amount comes back to the available balance. Events
  // payout.updated, payout.canceled.
  absl::StatusOr<Payout> Cancel(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `status`, `destination`, `created` and `arrival_date` when given.
  absl::StatusOr<ListResult<Payout>> List(const PayoutListParams& params,
                                          const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PAYOUTS_H_
