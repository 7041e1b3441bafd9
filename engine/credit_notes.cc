// Credit notes: create, preview, retrieve, update, void, list, lines.
#include "engine/credit_notes.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/credit_note_lifecycle.h"
#include "engine/internal/credit_note_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::CreditNoteLifecycle;
using internal::World;

// A page of `lines` (in their order) as `window` asks.
ListResult<CreditNoteLineItem> PageOf(const CreditNoteLineList& list, const ListWindow& window,
                                      std::string url) {
  return PageInOrder<CreditNoteLineItem>(list.data(), window, std::move(url));
}

absl::StatusOr<CreditNote> PreviewIn(World& w, const CreditNoteCreateParams& params) {
  PAYSIM_ASSIGN_OR_RETURN(internal::CreditNoteRequest request,
                          internal::CheckCreditNoteRequest(w, params));
  CreditNoteLifecycle::AssignIds(w, request.note);
  return std::move(request.note);
}

}  // namespace

absl::StatusOr<CreditNote> CreditNoteService::Create(const CreditNoteCreateParams& params,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CreditNote>(
      options, "POST /v1/credit_notes", params, [&]() -> absl::StatusOr<CreditNote> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(internal::CreditNoteRequest request,
                                internal::CheckCreditNoteRequest(w, params));
        // commit: the refund and balance first, credit_note.created, the invoice's update.
        CreditNoteLifecycle::AssignIds(w, request.note);
        return CreditNoteLifecycle::Issue(w, std::move(request.note), *request.invoice);
      });
}

absl::StatusOr<CreditNote> CreditNoteService::Preview(const CreditNoteCreateParams& params,
                                                      const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CreditNote> { return PreviewIn(w, params); });
}

absl::StatusOr<ListResult<CreditNoteLineItem>> CreditNoteService::PreviewLines(
    const CreditNotePreviewLinesParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<CreditNoteLineItem>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    // The same fields, with the same numbers: the create params are read off the wire form.
    CreditNoteCreateParams create;
    if (!create.ParseFromString(params.SerializeAsString())) {
      return absl::InternalError("credit note preview params");
    }
    create.DiscardUnknownFields();
    PAYSIM_ASSIGN_OR_RETURN(CreditNote note, PreviewIn(w, create));
    return PageOf(note.lines(), window, "/v1/credit_notes/preview/lines");
  });
}

absl::StatusOr<CreditNote> CreditNoteService::Retrieve(absl::string_view id,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CreditNote> {
    PAYSIM_ASSIGN_OR_RETURN(const CreditNote* note, w.credit_notes().Get(id));
    return *note;
  });
}

absl::StatusOr<CreditNote> CreditNoteService::Update(absl::string_view id,
                                                     const CreditNoteUpdateParams& params,
                                                     const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CreditNote>(
      options, [&] { return absl::StrCat("POST /v1/credit_notes/", id); }, params,
      [&]() -> absl::StatusOr<CreditNote> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const CreditNote* note, w.credit_notes().Get(id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        CreditNote updated = *note;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        // transition: an empty memo unsets it.
        if (params.has_memo()) {
          if (params.memo().empty()) {
            updated.clear_memo();
          } else {
            updated.set_memo(params.memo());
          }
        }
        // commit
        return CreditNoteLifecycle::Update(w, *note, updated);
      });
}

absl::StatusOr<CreditNote> CreditNoteService::Void(absl::string_view id,
                                                   const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CreditNote>(
      options, [&] { return absl::StrCat("POST /v1/credit_notes/", id, "/void"); },
      CreditNoteUpdateParams(), [&]() -> absl::StatusOr<CreditNote> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const CreditNote* note, w.credit_notes().Get(id));
        if (note->status() == "void") {
          // UNCERTAIN (wording).
          return StateError("", "", absl::StrCat("The credit note ", note->id(),
                                                 " has already been voided."));
        }
        if (note->refund_amount() > 0) {
          // UNCERTAIN: Stripe does not undo a refund; paysim refuses to void a note with one.
          return StateError("", "",
                            absl::StrCat("The credit note ", note->id(),
                                         " refunded a payment and cannot be voided."));
        }
        const Invoice* invoice = w.invoices().Find(note->invoice());
        if (note->type() == "pre_payment" && (invoice == nullptr || invoice->status() != "open")) {
          // UNCERTAIN (wording).
          return StateError("", "",
                            absl::StrCat("The credit note ", note->id(),
                                         " cannot be voided: its invoice is no longer open."));
        }
        // commit
        return CreditNoteLifecycle::Void(w, *note);
      });
}

absl::StatusOr<ListResult<CreditNote>> CreditNoteService::List(const CreditNoteListParams& params,
                                                               const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<CreditNote>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    auto keep = [&](const CreditNote& n) {
      return !params.has_customer() || n.customer() == params.customer();
    };
    if (params.has_invoice()) {  // the invoice's only: no walk over every credit note
      return w.credit_notes().ListAt(
          window, "/v1/credit_notes",
          internal::CreditNoteLifecycle::ByInvoice(w).Of(params.invoice()), keep);
    }
    return w.credit_notes().List(window, "/v1/credit_notes", keep);
  });
}

absl::StatusOr<ListResult<CreditNoteLineItem>> CreditNoteService::ListLines(
    absl::string_view id, const CreditNoteLinesParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<CreditNoteLineItem>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    PAYSIM_ASSIGN_OR_RETURN(const CreditNote* note, w.credit_notes().Get(id));
    return PageOf(note->lines(), window, absl::StrCat("/v1/credit_notes/", note->id(), "/lines"));
  });
}

}  // namespace paysim
