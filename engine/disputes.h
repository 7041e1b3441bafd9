// disputes.h: Disputes (`du_...`) and early fraud warnings (`issfr_...`).
//
// Stripe's dispute test cards (card_catalog.h: pm_card_createDispute, ..._createDisputeInquiry,
// ..._createDisputeProductNotReceived, ...) have their payment disputed right after its funds
// are captured; pm_card_createIssuerFraudRecord gets an early fraud warning instead. The
// lifecycle (statuses, due dates, decisions, balance transactions, events) is in
// engine/internal/dispute_lifecycle.h.
//
// Example:
//   auto charge = engine.charges().Create(... source: "tok_createDispute" ...);
//   auto disputes = engine.disputes().List(ParseParams<DisputeListParams>(
//       absl::StrCat("charge: \"", charge->id(), "\"")));           // one, needs_response
//   DisputeUpdateParams answer;
//   answer.mutable_evidence()->set_uncategorized_text("winning_evidence");
//   answer.set_submit(true);
//   engine.disputes().Update(disputes->data(0).id(), answer);       // under_review, then won
//
// Errors:
//   - an unknown id: resource_missing (404);
//   - evidence on a dispute that no longer awaits a response (submitted or closed), or `submit`
//     there: invalid_request_error (400), nothing changes;
//   - close of a dispute that is not *needs_response: invalid_request_error (400);
//   - a file evidence field (receipt, ...) that is not an uploaded file: resource_missing with
//     param `evidence[<field>]` (paysim has no Files API, so every file id is unknown);
//   - evidence text over kDisputeEvidenceTextMaxLength characters in all: invalid_request_error
//     with param `evidence`; metadata as everywhere (metadata.h).
// Events: charge.dispute.created / updated / closed / funds_withdrawn / funds_reinstated,
// radar.early_fraud_warning.created.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_DISPUTES_H_
#define PAYSIM_ENGINE_DISPUTES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/dispute.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class DisputeService {
 public:
  explicit DisputeService(internal::World* world) : world_(world) {}

  absl::StatusOr<Dispute> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // Stages evidence (merged field by field; "" clears a field) and metadata; `submit` submits
  // the evidence (needs_response -> under_review, warning_needs_response ->
  // warning_under_review). Event charge.dispute.updated.
  absl::StatusOr<Dispute> Update(absl::string_view id, const DisputeUpdateParams& params,
                                 const RequestOptions& options = {});

  // The merchant accepts the dispute: needs_response -> lost, warning_needs_response ->
  // warning_closed. Event charge.dispute.closed.
  absl::StatusOr<Dispute> Close(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `charge`, `payment_intent` and `created` when given.
  absl::StatusOr<ListResult<Dispute>> List(const DisputeListParams& params,
                                           const RequestOptions& options = {});

 private:
  internal::World* world_;
};

class EarlyFraudWarningService {
 public:
  explicit EarlyFraudWarningService(internal::World* world) : world_(world) {}

  absl::StatusOr<EarlyFraudWarning> Retrieve(absl::string_view id,
                                             const RequestOptions& options = {});

  // Newest first; filtered by `charge` and `payment_intent` when given.
  absl::StatusOr<ListResult<EarlyFraudWarning>> List(const EarlyFraudWarningListParams& params,
                                                     const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_DISPUTES_H_
