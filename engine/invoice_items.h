// invoice_items.h: Invoice items (`ii_...`), amounts to bill a customer on an invoice.
//
// An item is pending until an invoice takes it: a one-off invoice created with
// pending_invoice_items_behavior=include takes its customer's pending items (invoices.h), or
// the item is created straight onto a draft invoice with `invoice`. An item can be updated or
// deleted while pending or while its invoice is a draft (the invoice's line and amounts
// follow); after that it belongs to the finalized invoice. The lifecycle is
// engine/internal/invoice_item_lifecycle.h.
//
// Amounts: `amount` (with `currency`) is the item's total; otherwise unit amount x quantity
// (default 1), the unit amount from `unit_amount`, `unit_amount_decimal` (in minor units,
// rounded half up after multiplying), `price` (a one-time Price) or `price_data`.
//
// Example:
//   auto item = engine.invoice_items().Create(ParseParams<InvoiceItemCreateParams>(
//       "customer: \"cus_1\" amount: 2000 currency: \"usd\""));   // pending
//   auto invoice = engine.invoices().Create(ParseParams<InvoiceCreateParams>(
//       "customer: \"cus_1\" pending_invoice_items_behavior: \"include\""));  // takes it
//
// Errors (a refused call changes nothing):
//   - create without `customer`, or without any amount (`amount`, `unit_amount`,
//     `unit_amount_decimal`, `price`, `price_data`): parameter_missing; `amount` or
//     `unit_amount` without `currency`: parameter_missing (currency); more than one way to
//     price it: invalid_request_error naming the second;
//   - an unknown customer, invoice or price: resource_missing naming the param (400);
//   - `invoice` of another customer, or not a draft; a recurring or inactive price; a negative
//     quantity; a period whose end is before its start; a malformed unit_amount_decimal:
//     invalid_request_error naming the param;
//   - update or delete of an item whose invoice is no longer a draft: invalid_request_error;
//   - an unknown id: resource_missing (404).
// Events: invoiceitem.created, invoiceitem.updated (with previous_attributes),
// invoiceitem.deleted; an item added to, changed on or removed from a draft also emits
// invoice.updated.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INVOICE_ITEMS_H_
#define PAYSIM_ENGINE_INVOICE_ITEMS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/billing.obj.h"
#include "proto/common.obj.h"
#include "proto/invoice_params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class InvoiceItemService {
 public:
  explicit InvoiceItemService(internal::World* world) : world_(world) {}

  absl::StatusOr<InvoiceItem> Create(const InvoiceItemCreateParams& params,
                                     const RequestOptions& options = {});

  absl::StatusOr<InvoiceItem> Retrieve(absl::string_view id, const RequestOptions& options = {});

  // amount, unit_amount, unit_amount_decimal, quantity, description, period, metadata,
  // discountable. The amount is recomputed from the unit amount and quantity unless `amount`
  // is given.
  absl::StatusOr<InvoiceItem> Update(absl::string_view id, const InvoiceItemUpdateParams& params,
                                     const RequestOptions& options = {});

  absl::StatusOr<DeletedObject> Delete(absl::string_view id, const RequestOptions& options = {});

  // Newest first; filtered by `customer`, `invoice` and `pending` (true: not yet on an
  // invoice) when given.
  absl::StatusOr<ListResult<InvoiceItem>> List(const InvoiceItemListParams& params,
                                               const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INVOICE_ITEMS_H_
