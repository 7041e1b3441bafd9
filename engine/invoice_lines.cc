// Editing a draft invoice's lines: update one or several, add, remove (invoices.h). A line of an invoice
// item is that item (invoice_item_request.h checks and makes them).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/test_clock_lifecycle.h"
#include "engine/internal/world.h"
#include "engine/invoices.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::InvoiceItemLifecycle;
using internal::InvoiceLifecycle;
using internal::World;

// `status` with its param, and the message naming it, under `lines[i]`.
absl::Status UnderLine(const absl::Status& status, int i) {
  absl::optional<StripeError> error = GetStripeError(status);
  if (!error.has_value() || error->param().empty()) return status;
  const std::string param = error->param();
  // A line names its price `pricing[price]` (an invoice item, `price`).
  const std::string inner = param == "price" ? "pricing[price]" : param;
  // "price_data[currency]" -> "lines[0][price_data][currency]"
  const size_t bracket = inner.find('[');
  const std::string moved =
      bracket == std::string::npos
          ? absl::StrCat("lines[", i, "][", inner, "]")
          : absl::StrCat("lines[", i, "][", inner.substr(0, bracket), "]", inner.substr(bracket));
  error->set_message(absl::StrReplaceAll(error->message(), {{param, moved}}));
  error->set_param(moved);
  return MakeStripeError(*error, status.code() == absl::StatusCode::kFailedPrecondition);
}

// The draft `id`; a finalized invoice's lines do not change.
absl::StatusOr<const Invoice*> Draft(World& w, absl::string_view id, absl::string_view action) {
  PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
  if (invoice->status() != "draft") {
    // UNCERTAIN: Stripe's wording.
    return StateError("", "",
                      absl::StrCat("You can only ", action, " a draft invoice; invoice ",
                                   invoice->id(), " is ", invoice->status(), "."));
  }
  return invoice;
}

// The invoice item of line `line_id` of `invoice`; `param` names the line in errors.
absl::StatusOr<const InvoiceItem*> ItemOfLine(World& w, const Invoice& invoice,
                                              absl::string_view line_id,
                                              absl::string_view param) {
  for (const InvoiceLineItem& line : invoice.lines().data()) {
    if (line.id() != line_id) continue;
    const InvoiceItem* item =
        w.invoice_items().Find(line.parent().invoice_item_details().invoice_item());
    if (item == nullptr) {
      // UNCERTAIN: Stripe's wording. A subscription's own line belongs to the subscription.
      return InvalidRequestError(
          "", param,
          absl::StrCat("Line ", line_id,
                       " does not bill an invoice item: only lines of invoice items can be "
                       "changed."));
    }
    return item;
  }
  return ResourceMissing("line_item", line_id, param);
}

// The new item `line` (of `invoice`) describes, as POST /v1/invoiceitems would take it.
InvoiceItemCreateParams NewItemParams(const Invoice& invoice, const InvoiceAddLineParams& line) {
  InvoiceItemCreateParams params;
  params.set_customer(invoice.customer());
  params.set_invoice(invoice.id());
  if (line.has_amount()) params.set_amount(line.amount());
  if (!line.has_price_data() && !line.pricing().has_price()) {
    params.set_currency(invoice.currency());
  }
  if (line.pricing().has_price()) params.set_price(line.pricing().price());
  if (line.has_price_data()) *params.mutable_price_data() = line.price_data();
  if (line.has_quantity()) params.set_quantity(line.quantity());
  if (line.has_quantity_decimal()) params.set_quantity_decimal(line.quantity_decimal());
  if (line.has_description()) params.set_description(line.description());
  if (line.has_period()) *params.mutable_period() = line.period();
  *params.mutable_metadata() = line.metadata();
  if (line.has_discountable()) params.set_discountable(line.discountable());
  *params.mutable_tax_rates() = line.tax_rates();
  return params;
}

// A line's changes (UpdateLine's or update_lines' `lines[i]`) as its invoice item's update.
template <typename LineParams>
InvoiceItemUpdateParams ItemChange(const LineParams& params) {
  InvoiceItemUpdateParams change;
  if (params.has_amount()) change.set_amount(params.amount());
  if (params.has_description()) change.set_description(params.description());
  if (params.has_discountable()) change.set_discountable(params.discountable());
  *change.mutable_metadata() = params.metadata();
  if (params.has_period()) *change.mutable_period() = params.period();
  if (params.has_quantity()) change.set_quantity(params.quantity());
  if (params.has_quantity_decimal()) change.set_quantity_decimal(params.quantity_decimal());
  return change;
}

// Checks `invoice_metadata` against the metadata rules and `invoice`'s keys (errors name
// `invoice_metadata[key]`).
absl::Status CheckInvoiceMetadata(const Invoice& invoice, const Metadata& metadata) {
  absl::Status status = ValidateMetadata(metadata);
  if (status.ok()) {
    Invoice merged = invoice;
    status = MergeMetadata(metadata, merged.mutable_metadata());
  }
  absl::optional<StripeError> error = GetStripeError(status);
  if (!error.has_value() || error->param().rfind("metadata", 0) != 0) return status;
  error->set_param(absl::StrCat("invoice_", error->param()));
  return MakeStripeError(*error);
}

// Applies `metadata` (checked) to invoice `id`; invoice.updated when it changes anything.
void CommitInvoiceMetadata(World& w, absl::string_view id, const Metadata& metadata) {
  if (metadata.empty()) return;
  const Invoice& current = *w.invoices().Find(id);
  Invoice updated = current;
  if (MergeMetadata(metadata, updated.mutable_metadata()).ok()) {
    InvoiceLifecycle::Update(w, current, updated);
  }
}

}  // namespace

absl::StatusOr<InvoiceLineItem> InvoiceService::UpdateLine(absl::string_view id,
                                                           absl::string_view line_id,
                                                           const InvoiceLineUpdateParams& params,
                                                           const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<InvoiceLineItem>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/lines/", line_id); },
      params, [&]() -> absl::StatusOr<InvoiceLineItem> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* item, ItemOfLine(w, *invoice, line_id, "id"));
        PAYSIM_RETURN_IF_ERROR(Draft(w, id, "change the lines of").status());
        PAYSIM_ASSIGN_OR_RETURN(InvoiceItem updated,
                                internal::CheckItemUpdate(w, *item, ItemChange(params)));
        // commit: the item, then its line on the draft.
        const InvoiceItem& stored = internal::CommitItemUpdate(w, *item, updated);
        for (const InvoiceLineItem& line : w.invoices().Find(id)->lines().data()) {
          if (line.parent().invoice_item_details().invoice_item() == stored.id()) return line;
        }
        return absl::InternalError("the updated line is not on its invoice");
      });
}

absl::StatusOr<Invoice> InvoiceService::AddLines(absl::string_view id,
                                                 const InvoiceAddLinesParams& params,
                                                 const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/add_lines"); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        // validate every line before any changes
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, Draft(w, id, "add lines to"));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (params.lines().empty()) return ParameterMissing("lines");
        PAYSIM_RETURN_IF_ERROR(CheckInvoiceMetadata(*invoice, params.invoice_metadata()));
        std::vector<const InvoiceItem*> taken;
        std::vector<InvoiceItem> made;
        for (int i = 0; i < params.lines_size(); ++i) {
          const InvoiceAddLineParams& line = params.lines(i);
          if (!line.has_invoice_item()) {
            const Invoice* on = nullptr;
            absl::StatusOr<InvoiceItem> item =
                internal::CheckNewItem(w, NewItemParams(*invoice, line), &on);
            if (!item.ok()) return UnderLine(item.status(), i);
            made.push_back(*std::move(item));
            continue;
          }
          const std::string param = absl::StrCat("lines[", i, "][invoice_item]");
          PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* item,
                                  w.invoice_items().Get(line.invoice_item(), param));
          if (item->has_invoice() || item->customer() != invoice->customer() ||
              item->currency() != invoice->currency()) {
            // UNCERTAIN: Stripe's wording.
            return InvalidRequestError(
                "", param,
                absl::StrCat("Invoice item ", item->id(),
                             " cannot be added: it must be pending, of the invoice's customer "
                             "and in its currency."));
          }
          for (const InvoiceItem* other : taken) {
            if (other == item) {
              return InvalidRequestError("", param,
                                         absl::StrCat("Invoice item ", item->id(),
                                                      " is given twice."));
            }
          }
          taken.push_back(item);
        }
        // commit: the items taken, then the new ones, each line in the order given.
        std::vector<std::string> taken_ids;
        for (const InvoiceItem* item : taken) taken_ids.push_back(item->id());
        for (const std::string& item_id : taken_ids) {
          const InvoiceItem& on =
              InvoiceItemLifecycle::Take(w, *w.invoice_items().Find(item_id), std::string(id));
          InvoiceLifecycle::PutItemLine(w, *w.invoices().Find(id), on);
        }
        for (InvoiceItem& item : made) {
          internal::CommitNewItem(w, std::move(item), w.invoices().Find(id));
        }
        CommitInvoiceMetadata(w, id, params.invoice_metadata());
        return *w.invoices().Find(id);
      });
}

absl::StatusOr<Invoice> InvoiceService::RemoveLines(absl::string_view id,
                                                    const InvoiceRemoveLinesParams& params,
                                                    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/remove_lines"); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        // validate every line before any changes
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, Draft(w, id, "remove lines from"));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (params.lines().empty()) return ParameterMissing("lines");
        PAYSIM_RETURN_IF_ERROR(CheckInvoiceMetadata(*invoice, params.invoice_metadata()));
        std::vector<std::pair<const InvoiceItem*, bool>> removed;  // item, delete it
        for (int i = 0; i < params.lines_size(); ++i) {
          const InvoiceRemoveLineParams& line = params.lines(i);
          const std::string id_param = absl::StrCat("lines[", i, "][id]");
          const std::string behavior_param = absl::StrCat("lines[", i, "][behavior]");
          if (!line.has_id()) return ParameterMissing(id_param);
          if (!line.has_behavior()) return ParameterMissing(behavior_param);
          PAYSIM_RETURN_IF_ERROR(
              internal::ValidateEnum(line.behavior(), {"delete", "unassign"}, behavior_param));
          PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* item,
                                  ItemOfLine(w, *invoice, line.id(), id_param));
          for (const auto& [other, unused] : removed) {
            if (other == item) {
              return InvalidRequestError("", id_param,
                                         absl::StrCat("Line ", line.id(), " is given twice."));
            }
          }
          removed.emplace_back(item, line.behavior() == "delete");
        }
        // commit
        std::vector<std::pair<std::string, bool>> removed_ids;
        for (const auto& [item, deleted] : removed) removed_ids.emplace_back(item->id(), deleted);
        for (const auto& [item_id, deleted] : removed_ids) {
          const InvoiceItem& item = *w.invoice_items().Find(item_id);
          if (deleted) {
            InvoiceItemLifecycle::Delete(w, item);
          } else {
            InvoiceItemLifecycle::Release(w, item);
          }
          InvoiceLifecycle::RemoveItemLine(w, *w.invoices().Find(id), item_id);
        }
        CommitInvoiceMetadata(w, id, params.invoice_metadata());
        return *w.invoices().Find(id);
      });
}

absl::StatusOr<Invoice> InvoiceService::UpdateLines(absl::string_view id,
                                                    const InvoiceUpdateLinesParams& params,
                                                    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/update_lines"); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        // validate every line before any changes
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, Draft(w, id, "change the lines of"));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (params.lines().empty()) return ParameterMissing("lines");
        PAYSIM_RETURN_IF_ERROR(CheckInvoiceMetadata(*invoice, params.invoice_metadata()));
        std::vector<std::pair<std::string, InvoiceItem>> changed;  // item id, its new version
        for (int i = 0; i < params.lines_size(); ++i) {
          const InvoiceUpdateLineParams& line = params.lines(i);
          const std::string id_param = absl::StrCat("lines[", i, "][id]");
          if (!line.has_id()) return ParameterMissing(id_param);
          PAYSIM_ASSIGN_OR_RETURN(const InvoiceItem* item,
                                  ItemOfLine(w, *invoice, line.id(), id_param));
          for (const auto& [other, unused] : changed) {
            if (other == item->id()) {
              return InvalidRequestError("", id_param,
                                         absl::StrCat("Line ", line.id(), " is given twice."));
            }
          }
          absl::StatusOr<InvoiceItem> updated =
              internal::CheckItemUpdate(w, *item, ItemChange(line));
          if (!updated.ok()) return UnderLine(updated.status(), i);
          changed.emplace_back(item->id(), *std::move(updated));
        }
        // commit: each item, then its line on the draft
        for (const auto& [item_id, updated] : changed) {
          internal::CommitItemUpdate(w, *w.invoice_items().Find(item_id), updated);
        }
        CommitInvoiceMetadata(w, id, params.invoice_metadata());
        return *w.invoices().Find(id);
      });
}

}  // namespace paysim
