// charges.h: Charges (`ch_...`), the Charges API lifecycle.
//
//   create(capture=true)  -> succeeded, captured           events: charge.succeeded
//   create(capture=false) -> succeeded, uncaptured hold    events: charge.succeeded
//       capture [amount]  -> captured (remainder released) events: charge.captured
//       refund            -> hold canceled                 events: refund.created, charge.refunded
//       7 days pass       -> hold expired                  events: charge.expired
//   create with a declining card -> failed, HTTP 402       events: charge.failed
//
// The hold lasts kAuthorizationWindow: a capture at 6d23h59m59s succeeds, at 7d it fails with
// charge_expired_for_capture. How a released amount shows depends on the request's API
// version (api_version.h, ReleasedAmountIsRefunded): before 2025-03-31.basil a partial capture
// or an expired hold creates a Refund (reason expired_uncaptured_charge on expiry) and moves
// `amount_refunded`; from basil on it does neither.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_CHARGES_H_
#define PAYSIM_ENGINE_CHARGES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/charge.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// "Uncaptured charges expire after a set number of days (7 by default)."
constexpr absl::Duration kAuthorizationWindow = absl::Hours(24 * 7);

class ChargeService {
 public:
  explicit ChargeService(internal::World* world) : world_(world) {}

  // Create()
  //
  // `amount` (integer minor units within the currency's minimum and 99999999), `currency`,
  // and a payment source: `source` (tok_..., a test token name, card_..., pm_..., pm_card_*)
  // and/or `customer` (whose default source or default PaymentMethod pays). A declined card
  // returns a 402 card_error carrying `charge` (the failed Charge, which is kept).
  absl::StatusOr<Charge> Create(const ChargeCreateParams& params,
                                const RequestOptions& options = {});

  absl::StatusOr<Charge> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // description, metadata, receipt_email, shipping (replaced whole; an empty one is refused).
  // Event charge.updated, previous_attributes holding the former values.
  absl::StatusOr<Charge> Update(absl::string_view id, const ChargeUpdateParams& params,
                                const RequestOptions& options = {});

  // Capture()
  //
  // Captures an uncaptured charge, in full or `amount` (partial: the remainder is released).
  // Errors: charge_already_captured, charge_expired_for_capture, charge_already_refunded
  // (hold canceled by a refund), amount_too_large.
  absl::StatusOr<Charge> Capture(absl::string_view id, const ChargeCaptureParams& params,
                                 const RequestOptions& options = {});

  // Newest first, filtered by `customer` / `payment_intent` when given.
  absl::StatusOr<ListResult<Charge>> List(const ChargeListParams& params,
                                          const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_CHARGES_H_
