// invoice_item_request.h (internal): the checks and the making of invoice items, shared by
// POST /v1/invoiceitems and an invoice's add_lines, and of their updates (POST
// /v1/invoiceitems/{id} and an invoice's line update). What each parameter does and each
// refusal is documented in engine/invoice_items.h.
//
// REQUIRES (every function): the world's lock held. Nothing here changes the world but the
// Commit functions.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_ITEM_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_ITEM_REQUEST_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/invoice_params.pb.h"

namespace paysim {
namespace internal {

// The item `params` describes, checked (its customer, amount or price, quantity, invoice,
// period, metadata, tax rates), without an id; `*invoice` is the draft it goes on, or null.
absl::StatusOr<InvoiceItem> CheckNewItem(World& w, const InvoiceItemCreateParams& params,
                                         const Invoice** invoice);

// Stores `item` (a new id; invoiceitem.created) and puts its line on `invoice` if not null.
const InvoiceItem& CommitNewItem(World& w, InvoiceItem item, const Invoice* invoice);

// `current` as `params` changes it, checked (editable: pending or on a draft).
absl::StatusOr<InvoiceItem> CheckItemUpdate(World& w, const InvoiceItem& current,
                                            const InvoiceItemUpdateParams& params);

// Replaces `current` by `updated` (invoiceitem.updated) and its line on its draft, if any.
const InvoiceItem& CommitItemUpdate(World& w, const InvoiceItem& current,
                                    const InvoiceItem& updated);

// An item may change (`action`: update, delete) while pending or while its invoice is a draft.
absl::Status CheckEditable(World& w, const InvoiceItem& item, absl::string_view action);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_ITEM_REQUEST_H_
