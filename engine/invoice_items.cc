// Invoice items: create, retrieve, update, delete, list.
#include "engine/invoice_items.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::InvoiceItemLifecycle;
using internal::InvoiceLifecycle;
using internal::World;

}  // namespace

absl::StatusOr<InvoiceItem> InvoiceItemService::Create(const InvoiceItemCreateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<InvoiceItem>(
      options, "POST /v1/invoiceitems", params, [&]() -> absl::StatusOr<InvoiceItem> {
        // validate (in the customer's timeline: a test clock's time)
        if (!params.has_customer()) return ParameterMissing("customer");
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                                w.customers().Get(params.customer(), "customer"));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, customer->id());
        const Invoice* invoice = nullptr;
        PAYSIM_ASSIGN_OR_RETURN(InvoiceItem item, internal::CheckNewItem(w, params, &invoice));
        // commit
        return internal::CommitNewItem(w, std::move(item), invoice);
      });
}

absl::StatusOr<InvoiceItem> InvoiceItemService::Retrieve(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<InvoiceItem> {
    PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* item, w.invoice_items().Get(id));
    return *item;
  });
}

absl::StatusOr<InvoiceItem> InvoiceItemService::Update(absl::string_view id,
                                                       const InvoiceItemUpdateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<InvoiceItem>(
      options, [&] { return absl::StrCat("POST /v1/invoiceitems/", id); }, params,
      [&]() -> absl::StatusOr<InvoiceItem> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* current, w.invoice_items().Get(id));
        PAYSIM_ASSIGN_OR_RETURN(InvoiceItem updated,
                                internal::CheckItemUpdate(w, *current, params));
        // commit
        return internal::CommitItemUpdate(w, *current, updated);
      });
}

absl::StatusOr<DeletedObject> InvoiceItemService::Delete(absl::string_view id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  InvoiceItemDeleteParams none;
  return w.RunIdempotent<DeletedObject>(
      options, [&] { return absl::StrCat("DELETE /v1/invoiceitems/", id); }, none,
      [&]() -> absl::StatusOr<DeletedObject> {
        PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* item, w.invoice_items().Get(id));
        PAYSIM_RETURN_IF_ERROR(internal::CheckEditable(w, *item, "delete"));
        DeletedObject deleted;
        deleted.set_id(item->id());
        deleted.set_object(PAYSIM_INTERNED("invoiceitem"));
        deleted.set_deleted(true);
        const std::string invoice_id = item->has_invoice() ? item->invoice() : "";
        InvoiceItemLifecycle::Delete(w, *item);
        if (const Invoice* invoice = w.invoices().Find(invoice_id)) {
          InvoiceLifecycle::RemoveItemLine(w, *invoice, deleted.id());
        }
        return deleted;
      });
}

absl::StatusOr<ListResult<InvoiceItem>> InvoiceItemService::List(
    const InvoiceItemListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<InvoiceItem>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    auto keep = [&](const InvoiceItem& item) {
      return (!params.has_invoice() || item.invoice() == params.invoice()) &&
             (!params.has_pending() || item.has_invoice() != params.pending());
    };
    if (params.has_customer()) {  // the customer's only: no walk over every item
      return w.invoice_items().ListAt(
          window, "/v1/invoiceitems",
          internal::InvoiceItemLifecycle::ByCustomer(w).Of(params.customer()), keep);
    }
    if (params.has_invoice()) {  // that invoice's items only
      return w.invoice_items().ListAt(
          window, "/v1/invoiceitems",
          internal::InvoiceItemLifecycle::ByInvoice(w).Of(params.invoice()), keep);
    }
    return w.invoice_items().List(window, "/v1/invoiceitems", keep);
  });
}

}  // namespace paysim
