// refunds.h: Refunds (`re_...`).
//
// A captured charge can be refunded in full or in parts until its captured amount is used
// up; refunding an uncaptured charge cancels its authorization (in full only). Each refund
// of captured funds creates a `refund` balance transaction.
//
// The refund names a `charge`, or a `payment_intent` (its successful charge is refunded).
//
// Test cards: pm_card_pendingRefund's refunds start `pending` and succeed kRefundOutcomeDelay
// later; pm_card_refundFail's start `succeeded` and fail then (failure_reason, a
// `refund_failure` balance transaction giving the money back, amount_refunded goes down). A
// pending refund can be canceled (status canceled, failure_reason merchant_request, the money
// back likewise).
//
// A bank debit that has not settled yet (its PaymentIntent `processing`, its charge
// `pending`) can be refunded too: the refund is accepted and held, `pending` with
// `pending_reason: charge_pending` (API 2025-04-30.basil and later; earlier versions omit the
// field), without a balance transaction, until the debit settles (then it succeeds, with its
// balance transaction) or is returned (then it is canceled: no money came, none goes back).
//
// Errors: parameter_missing (charge), resource_missing, charge_already_refunded,
// charge_not_refundable (failed), charge_disputed (a chargeback holds the funds),
// payment_intent_unexpected_state (an intent that has not succeeded), amount_too_large (more
// than is left), an invalid `reason`; cancel of a refund that is not pending.
// Events: refund.created, charge.refunded; later charge.refund.updated, refund.updated,
// refund.failed.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_REFUNDS_H_
#define PAYSIM_ENGINE_REFUNDS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/refund.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class RefundService {
 public:
  explicit RefundService(internal::World* world) : world_(world) {}

  absl::StatusOr<Refund> Create(const RefundCreateParams& params,
                                const RequestOptions& options = {});
  absl::StatusOr<Refund> Retrieve(absl::string_view id, const RequestOptions& options = {});
  // metadata only. Events charge.refund.updated, refund.updated.
  absl::StatusOr<Refund> Update(absl::string_view id, const RefundUpdateParams& params,
                                const RequestOptions& options = {});
  // pending -> canceled. Events charge.refund.updated, refund.updated.
  absl::StatusOr<Refund> Cancel(absl::string_view id, const RequestOptions& options = {});
  absl::StatusOr<ListResult<Refund>> List(const RefundListParams& params,
                                          const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_REFUNDS_H_
