#include "engine/internal/credit_note_request.h"

#include <string>
#include <tuple>
#include <vector>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/currency.h"
#include "engine/internal/credit_note_totals.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/charge_lifecycle.h"
#include "engine/internal/credit_note_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/status_macros.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

std::string LineParam(int i, absl::string_view name) {
  return absl::StrCat("lines[", i, "][", name, "]");
}

absl::Status NotPositive(absl::string_view param) {
  return InvalidRequestError("parameter_invalid_integer", param,
                             "This value must be greater than or equal to 1.");
}

absl::Status Negative(absl::string_view param) {
  return InvalidRequestError("parameter_invalid_integer", param,
                             "This value must be greater than or equal to 0.");
}

// One `lines[i]` as a credit note line (no id yet).
absl::StatusOr<CreditNoteLineItem> CheckLine(World& world, const Invoice& invoice,
                                             const CreditNoteLineParams& params, int i) {
  if (!params.has_type()) return ParameterMissing(LineParam(i, "type"));
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.type(), {"invoice_line_item", "custom_line_item"},
                                      LineParam(i, "type")));
  CreditNoteLineItem line;
  line.set_object(PAYSIM_INTERNED("credit_note_line_item"));
  line.set_livemode(false);
  line.set_type(params.type());
  if (params.has_description()) line.set_description(params.description());
  if (params.has_quantity() && params.quantity() < 1) return NotPositive(LineParam(i, "quantity"));
  if (params.type() == "custom_line_item") {
    if (!params.has_unit_amount()) return ParameterMissing(LineParam(i, "unit_amount"));
    if (params.unit_amount() < 0) return Negative(LineParam(i, "unit_amount"));
    if (!params.has_description()) return ParameterMissing(LineParam(i, "description"));
    if (params.has_invoice_line_item() || params.has_amount()) {
      // UNCERTAIN (wording): Stripe takes unit_amount and quantity for a custom line.
      return InvalidRequestError(
          "", LineParam(i, params.has_amount() ? "amount" : "invoice_line_item"),
          "A custom_line_item takes unit_amount, quantity and description only.");
    }
    // The rates taxing it (an empty string clears them, as elsewhere).
    google::protobuf::RepeatedPtrField<std::string> rate_ids;
    for (const std::string& id : params.tax_rates()) {
      if (!id.empty()) *rate_ids.Add() = id;
    }
    PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> rates,
                            CheckBillingTaxRates(world, rate_ids, LineParam(i, "tax_rates")));
    for (TaxRate& rate : rates) *line.add_tax_rates() = std::move(rate);
    const int64_t quantity = params.has_quantity() ? params.quantity() : 1;
    line.set_quantity(quantity);
    line.set_unit_amount(params.unit_amount());
    line.set_unit_amount_decimal(absl::StrCat(params.unit_amount()));
    line.set_amount(params.unit_amount() * quantity);
    return line;
  }
  if (!params.has_invoice_line_item()) return ParameterMissing(LineParam(i, "invoice_line_item"));
  if (params.has_unit_amount()) return ParameterUnknown(LineParam(i, "unit_amount"));
  for (const std::string& id : params.tax_rates()) {
    if (id.empty()) continue;
    // UNCERTAIN (wording): Stripe takes tax_rates for a custom_line_item only; an invoice
    // line is credited at its own rates.
    return InvalidRequestError(
        "", LineParam(i, "tax_rates"),
        "tax_rates can only be set on a line of type custom_line_item; an invoice_line_item is "
        "credited at the tax rates of the invoice line.");
  }
  const InvoiceLineItem* credited = nullptr;
  for (const InvoiceLineItem& candidate : invoice.lines().data()) {
    if (candidate.id() == params.invoice_line_item()) credited = &candidate;
  }
  if (credited == nullptr) {
    return ResourceMissing("invoice line item", params.invoice_line_item(),
                           LineParam(i, "invoice_line_item"));
  }
  if (params.has_quantity() && params.has_amount()) {
    return InvalidRequestError(
        "", LineParam(i, "amount"),
        "You may only specify one of these parameters: amount, quantity.");
  }
  const int64_t line_quantity = credited->quantity() > 0 ? credited->quantity() : 1;
  const int64_t unit = credited->amount() / line_quantity;
  int64_t amount = credited->amount();
  int64_t quantity = line_quantity;
  if (params.has_quantity()) {
    if (params.quantity() > line_quantity) {
      // UNCERTAIN (wording).
      return InvalidRequestError(
          "", LineParam(i, "quantity"),
          absl::StrCat("The quantity (", params.quantity(),
                       ") cannot exceed the invoice line item's quantity (", line_quantity, ")."));
    }
    quantity = params.quantity();
    amount = unit * quantity;
  } else if (params.has_amount()) {
    if (params.amount() < 0) return Negative(LineParam(i, "amount"));
    if (params.amount() > credited->amount()) {
      // UNCERTAIN (wording).
      return InvalidRequestError(
          "", LineParam(i, "amount"),
          absl::StrCat("The amount (", params.amount(),
                       ") cannot exceed the invoice line item's amount (", credited->amount(),
                       ")."));
    }
    amount = params.amount();
  }
  line.set_invoice_line_item(credited->id());
  line.set_amount(amount);
  if (!params.has_amount()) {
    line.set_quantity(quantity);
    line.set_unit_amount(unit);
    line.set_unit_amount_decimal(absl::StrCat(unit));
  }
  if (!line.has_description() && credited->has_description()) {
    line.set_description(credited->description());
  }
  return line;
}

// The refund, credit and out-of-band split of a post_payment note of `total`.
absl::Status SplitPostPayment(World& world, const Invoice& invoice,
                              const CreditNoteCreateParams& params, int64_t total,
                              const CurrencyInfo& currency, CreditNote& note) {
  for (auto [has, value, name] :
       {std::make_tuple(params.has_refund_amount(), params.refund_amount(), "refund_amount"),
        std::make_tuple(params.has_credit_amount(), params.credit_amount(), "credit_amount"),
        std::make_tuple(params.has_out_of_band_amount(), params.out_of_band_amount(),
                        "out_of_band_amount")}) {
    if (has && value < 0) return Negative(name);
  }
  const bool any = params.has_refund_amount() || params.has_credit_amount() ||
                   params.has_out_of_band_amount();
  // UNCERTAIN: given none of the three, paysim credits the whole amount to the customer's
  // balance.
  const int64_t refund = params.refund_amount();
  const int64_t credit = any ? params.credit_amount() : total;
  const int64_t out_of_band = params.out_of_band_amount();
  if (refund + credit + out_of_band != total) {
    return InvalidRequestError(
        "", "amount",
        absl::StrCat("The sum of credit amount, refund amount and out of band amount (",
                     FormatAmount(refund + credit + out_of_band, currency),
                     ") must equal the credit note amount (", FormatAmount(total, currency),
                     ")."));
  }
  if (refund > 0) {
    const PaymentIntent* pi = world.payment_intents().Find(invoice.payment_intent_id());
    const Charge* charge = pi == nullptr ? nullptr : world.charges().Find(pi->latest_charge());
    const int64_t refundable =
        charge == nullptr || charge->status() != "succeeded" ? 0
                                                              : ChargeLifecycle::Refundable(*charge);
    if (refund > refundable) {
      // UNCERTAIN (wording): an invoice paid out of band has no charge to refund.
      return InvalidRequestError(
          "", "refund_amount",
          absl::StrCat("The refund amount (", FormatAmount(refund, currency),
                       ") is greater than what can be refunded on the invoice's payment (",
                       FormatAmount(refundable, currency), ")."));
    }
  }
  if (credit > 0 && world.customers().Find(invoice.customer()) == nullptr) {
    return InvalidRequestError("", "credit_amount",
                               "The invoice's customer no longer exists: nothing to credit.");
  }
  note.set_refund_amount(refund);
  note.set_credit_amount(credit);
  if (out_of_band > 0) note.set_out_of_band_amount(out_of_band);
  return absl::OkStatus();
}

}  // namespace

int64_t CreditableAmount(const Invoice& invoice) {
  if (invoice.status() == "open") return invoice.amount_remaining();
  // An invoice whose prorations made its total negative has nothing to credit.
  const int64_t left = invoice.total() - invoice.pre_payment_credit_notes_amount() -
                       invoice.post_payment_credit_notes_amount();
  return left > 0 ? left : 0;
}

absl::StatusOr<CreditNoteRequest> CheckCreditNoteRequest(World& world,
                                                         const CreditNoteCreateParams& params) {
  if (!params.has_invoice()) return ParameterMissing("invoice");
  PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, world.invoices().Get(params.invoice(), "invoice"));
  const bool open = invoice->status() == "open";
  if (!open && invoice->status() != "paid") {
    // UNCERTAIN (wording): Stripe issues credit notes on open or paid invoices only.
    return InvalidRequestError(
        "", "invoice",
        absl::StrCat("Credit notes can only be issued on open or paid invoices; this invoice is ",
                     invoice->status(), "."));
  }
  if (params.has_reason()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(
        params.reason(), {"duplicate", "fraudulent", "order_change", "product_unsatisfactory"},
        "reason"));
  }
  if (params.has_email_type()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.email_type(), {"credit_note", "none"},
                                        "email_type"));
  }
  if (params.has_effective_at() && params.effective_at() < 0) return Negative("effective_at");
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  const CurrencyInfo* currency = FindCurrency(invoice->currency());
  if (currency == nullptr) return absl::InternalError("invoice in an unknown currency");

  CreditNoteRequest request;
  request.invoice = invoice;
  CreditNote& note = request.note;
  note.set_type(open ? PAYSIM_INTERNED("pre_payment") : PAYSIM_INTERNED("post_payment"));
  for (int i = 0; i < params.lines_size(); ++i) {
    PAYSIM_ASSIGN_OR_RETURN(CreditNoteLineItem line, CheckLine(world, *invoice, params.lines(i), i));
    *note.mutable_lines()->add_data() = std::move(line);
  }
  if (params.has_amount() && params.amount() < 0) return Negative("amount");
  if (!params.has_amount() && params.lines_size() == 0) {
    // UNCERTAIN (code and param): Stripe's message.
    return InvalidRequestError("parameter_missing", "amount",
                               "One of `amount`, `lines`, or `shipping_cost` must be provided.");
  }
  // The lines' discounts and taxes, and the note's amounts (credit_note_totals.h), in the
  // shape of the request's version.
  FillCreditNoteTotals(*invoice, !ApiVersionAtLeast(world.api_version(), "2025-03-31"),
                       params.amount(), note);
  const int64_t total = note.total();
  if (params.has_amount() && params.lines_size() > 0 && params.amount() != total) {
    // UNCERTAIN (wording).
    return InvalidRequestError(
        "", "amount",
        absl::StrCat("The amount (", FormatAmount(params.amount(), *currency),
                     ") must equal the sum of the lines, discounts and taxes included (",
                     FormatAmount(total, *currency), ")."));
  }
  if (total < 1) return NotPositive(params.has_amount() ? "amount" : "lines");
  const int64_t creditable = CreditableAmount(*invoice);
  if (total > creditable) {
    // UNCERTAIN (wording).
    return InvalidRequestError(
        "", "amount",
        absl::StrCat("The credit note amount (", FormatAmount(total, *currency),
                     ") cannot exceed the amount that can still be credited on the invoice (",
                     FormatAmount(creditable, *currency), ")."));
  }
  if (open) {
    for (auto [has, name] : {std::make_pair(params.has_refund_amount(), "refund_amount"),
                             std::make_pair(params.has_credit_amount(), "credit_amount"),
                             std::make_pair(params.has_out_of_band_amount(),
                                            "out_of_band_amount")}) {
      // UNCERTAIN (wording): an open invoice's credit note only lowers what is due.
      if (has) {
        return InvalidRequestError(
            "", name,
            absl::StrCat("`", name, "` applies to a credit note on a paid invoice only."));
      }
    }
  } else {
    PAYSIM_RETURN_IF_ERROR(SplitPostPayment(world, *invoice, params, total, *currency, note));
  }

  note.set_object(PAYSIM_INTERNED("credit_note"));
  note.set_amount_shipping(0);
  note.set_created(world.created());
  note.set_currency(invoice->currency());
  note.set_customer(invoice->customer());
  note.set_effective_at(params.has_effective_at() ? params.effective_at() : world.created());
  note.set_invoice(invoice->id_shared());
  CreditNoteLineList* lines = note.mutable_lines();
  lines->set_object(PAYSIM_INTERNED("list"));
  lines->set_has_more(false);
  lines->set_total_count(lines->data_size());
  note.set_livemode(false);
  if (params.has_memo() && !params.memo().empty()) note.set_memo(params.memo());
  *note.mutable_metadata() = params.metadata();
  const size_t count = CreditNoteLifecycle::ByInvoice(world).Of(invoice->id()).size() + 1;
  note.set_number(absl::StrCat(invoice->number(), "-CN-", count < 10 ? "0" : "", count));
  if (params.has_reason()) note.set_reason(params.reason());
  note.set_status(PAYSIM_INTERNED("issued"));
  return request;
}

}  // namespace internal
}  // namespace paysim
