// topups.h: Top-ups (`tu_...`): money added to the available balance from the account's bank.
//
// A top-up is created `pending` with an expected_availability_date (00:00 UTC of the 4th
// business day after its creation, kTopupAvailabilityBusinessDays) and, at that date on the
// engine's clock, `succeeded`: its amount is added to the available balance (a `topup`
// balance transaction, its balance_transaction). Debited from one of Stripe's failing test
// banks (`source=btok_us_verified_noAccount`, `_accountClosed`, `_insufficientFunds`,
// `_debitNotAuthorized`, `_invalidCurrency`) it `failed` at that date instead, with the
// bank's failure_code and failure_message and no money moved. A pending top-up can be
// canceled. The lifecycle and its timing are in engine/internal/topup_lifecycle.h.
//
// Example:
//   auto topup = engine.topups().Create(ParseParams<TopupCreateParams>(
//       R"pb(amount: 2000 currency: "usd" description: "float for payouts")pb"));
//   // status pending, balance_transaction null
//   clock.Advance(absl::Hours(24 * 6));   // past expected_availability_date: succeeded
//
// Decisions (UNCERTAIN; Stripe documents none of them for test mode): top-ups are in `usd`
// only (Stripe: "U.S. platforms can add funds"), between the card minimum and maximum amounts
// (currency.h); `source` takes the test bank tokens only (`btok_us_verified` succeeds), the
// default being the account's bank, which succeeds; the rendered `source` (a deprecated
// Source object), `payment_method` and `payment_method_options` are always null.
//
// Errors (a refused call changes nothing):
//   - amount or currency missing: parameter_missing (400); amount not positive:
//     parameter_invalid_integer; below the minimum or above the maximum: amount_too_small /
//     amount_too_large; an unknown currency: Stripe's invalid currency error; another
//     currency than usd: invalid_request_error (currency);
//   - a source that is not a test bank token: resource_missing (param source);
//   - statement_descriptor longer than kTopupStatementDescriptorMaxLength, without a letter,
//     or with one of < > \ ' " *: invalid_request_error (statement_descriptor);
//   - list `status` other than canceled, failed, pending, succeeded: invalid_request_error;
//   - an unknown top-up id: resource_missing (404);
//   - cancel of a top-up that is not pending: invalid_request_error (400);
//   - metadata as everywhere (metadata.h).
// Events: topup.created, topup.succeeded, topup.failed, topup.canceled (updates emit none).
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_TOPUPS_H_
#define PAYSIM_ENGINE_TOPUPS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/topup.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe: a top-up's statement descriptor is "limited to 15 ASCII characters".
constexpr int64_t kTopupStatementDescriptorMaxLength = 15;

class TopupService {
 public:
  explicit TopupService(internal::World* world) : world_(world) {}

  // A pending top-up of `amount` `currency`. Event topup.created.
  absl::StatusOr<Topup> Create(const TopupCreateParams& params,
                               const RequestOptions& options = {});

  absl::StatusOr<Topup> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Description ("" clears it) and metadata only ("Other top-up details are not editable by
  // design"). No event.
  absl::StatusOr<Topup> Update(absl::string_view id, const TopupUpdateParams& params,
                               const RequestOptions& options = {});

  // pending -> canceled. Event topup.canceled.
  absl::StatusOr<Topup> Cancel(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `status`, `amount` and `created` when given.
  absl::StatusOr<ListResult<Topup>> List(const TopupListParams& params,
                                         const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TOPUPS_H_
