// Disputes: retrieve, update (evidence, metadata, submit), close, list; early fraud warnings:
// retrieve, list.
#include "engine/disputes.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/dispute_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "google/protobuf/descriptor.h"
#include "proto/dispute.pb.h"

namespace paysim {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Reflection;
using internal::DisputeLifecycle;
using internal::World;

// Evidence fields that name an uploaded File rather than hold text.
constexpr absl::string_view kFileFields[] = {
    "cancellation_policy",   "customer_communication",         "customer_signature",
    "duplicate_charge_documentation", "receipt",               "refund_policy",
    "service_documentation", "shipping_documentation",         "uncategorized_file",
};

bool IsFileField(absl::string_view name) {
  for (absl::string_view f : kFileFields) {
    if (f == name) return true;
  }
  return false;
}

// The dispute's evidence with `params` merged in (a field given "" is cleared), or the error
// Stripe gives for a bad field. Fields match by name (params and object share them).
absl::StatusOr<DisputeEvidence> MergeEvidence(const DisputeEvidence& current,
                                              const DisputeEvidenceParams& params) {
  pb::DisputeEvidence merged = current.ToProto();
  const Reflection* from = params.GetReflection();
  const Reflection* to = merged.GetReflection();
  int64_t text_length = 0;
  for (int i = 0; i < params.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* field = params.GetDescriptor()->field(i);
    if (!from->HasField(params, field)) continue;
    const FieldDescriptor* target = merged.GetDescriptor()->FindFieldByName(field->name());
    if (target == nullptr) return absl::InternalError("evidence field missing on the object");
    const std::string value = from->GetString(params, field);
    if (value.empty()) {
      to->ClearField(&merged, target);
      continue;
    }
    if (IsFileField(field->name())) {
      // No Files API: no file id names an upload.
      return ResourceMissing("file", value, absl::StrCat("evidence[", field->name(), "]"));
    }
    to->SetString(&merged, target, value);
  }
  for (int i = 0; i < merged.GetDescriptor()->field_count(); ++i) {
    const FieldDescriptor* field = merged.GetDescriptor()->field(i);
    if (to->HasField(merged, field)) text_length += to->GetString(merged, field).size();
  }
  if (text_length > kDisputeEvidenceTextMaxLength) {
    // UNCERTAIN: Stripe's wording for evidence over the limit.
    return InvalidRequestError(
        "", "evidence",
        absl::StrCat("The combined character count of all evidence fields is limited to ",
                     kDisputeEvidenceTextMaxLength, " characters."));
  }
  return DisputeEvidence::FromProto(merged);
}

// UNCERTAIN: Stripe's wording for a dispute that no longer takes evidence or closing.
absl::Status NotAwaitingResponse(const Dispute& dispute, absl::string_view param,
                                 absl::string_view verb) {
  return StateError("", param,
                    absl::StrCat("This dispute (", dispute.id(), ") has status ", dispute.status(),
                                 " and can no longer be ", verb,
                                 ". Only a dispute with status needs_response or "
                                 "warning_needs_response can be ",
                                 verb, "."));
}

}  // namespace

absl::StatusOr<Dispute> DisputeService::Retrieve(absl::string_view id,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Dispute> {
    PAYSIM_ASSIGN_OR_RETURN(const Dispute* dispute, w.disputes().Get(id));
    return *dispute;
  });
}

absl::StatusOr<Dispute> DisputeService::Update(absl::string_view id,
                                               const DisputeUpdateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Dispute>(
      options, [&] { return absl::StrCat("POST /v1/disputes/", id); }, params,
      [&]() -> absl::StatusOr<Dispute> {
        // validate: every refusal before anything changes
        PAYSIM_ASSIGN_OR_RETURN(const Dispute* dispute, w.disputes().Get(id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        const bool submit = params.has_submit() && params.submit();
        Dispute updated = *dispute;
        if (params.has_evidence() || submit) {
          if (!DisputeLifecycle::AwaitsResponse(*dispute)) {
            return NotAwaitingResponse(*dispute, params.has_evidence() ? "evidence" : "submit",
                                       "updated with evidence");
          }
        }
        if (params.has_evidence()) {
          PAYSIM_ASSIGN_OR_RETURN(*updated.mutable_evidence(),
                                  MergeEvidence(dispute->evidence(), params.evidence()));
        }
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        // transition + commit
        return DisputeLifecycle::Update(w, *dispute, updated, submit);
      });
}

absl::StatusOr<Dispute> DisputeService::Close(absl::string_view id,
                                              const RequestOptions& options) {
  World& w = *world_;
  DisputeCloseParams none;
  return w.RunIdempotent<Dispute>(
      options, [&] { return absl::StrCat("POST /v1/disputes/", id, "/close"); }, none,
      [&]() -> absl::StatusOr<Dispute> {
        PAYSIM_ASSIGN_OR_RETURN(const Dispute* dispute, w.disputes().Get(id));
        if (!DisputeLifecycle::AwaitsResponse(*dispute)) {
          return NotAwaitingResponse(*dispute, "", "closed");
        }
        return DisputeLifecycle::Accept(w, *dispute);
      });
}

absl::StatusOr<ListResult<Dispute>> DisputeService::List(const DisputeListParams& params,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Dispute>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.disputes().List(window, "/v1/disputes", [&](const Dispute& d) {
      return (!params.has_charge() || d.charge() == params.charge()) &&
             (!params.has_payment_intent() || d.payment_intent() == params.payment_intent());
    });
  });
}

absl::StatusOr<EarlyFraudWarning> EarlyFraudWarningService::Retrieve(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<EarlyFraudWarning> {
    PAYSIM_ASSIGN_OR_RETURN(const EarlyFraudWarning* warning, w.early_fraud_warnings().Get(id));
    return *warning;
  });
}

absl::StatusOr<ListResult<EarlyFraudWarning>> EarlyFraudWarningService::List(
    const EarlyFraudWarningListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<EarlyFraudWarning>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.early_fraud_warnings().List(
        window, "/v1/radar/early_fraud_warnings", [&](const EarlyFraudWarning& e) {
          return (!params.has_charge() || e.charge() == params.charge()) &&
                 (!params.has_payment_intent() || e.payment_intent() == params.payment_intent());
        });
  });
}

}  // namespace paysim
