// The checks and the making of invoice items and of their updates (invoice_item_request.h).
#include "engine/internal/invoice_item_request.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/api_version.h"
#include "engine/currency.h"
#include "engine/internal/amount_decimal.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

absl::Status CheckPeriod(const InvoiceItemPeriodParams& period) {
  if (!period.has_start()) return ParameterMissing("period[start]");
  if (!period.has_end()) return ParameterMissing("period[end]");
  if (period.end() < period.start()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "period[end]",
                               "The period end must be on or after the period start.");
  }
  return absl::OkStatus();
}

constexpr int64_t kMaxQuantity = 1000000000;

absl::Status CheckQuantity(bool has, int64_t quantity) {
  if (has && (quantity < 0 || quantity > kMaxQuantity)) {
    return InvalidRequestError("parameter_invalid_integer", "quantity",
                               "This value must be greater than or equal to 0.");
  }
  return absl::OkStatus();
}

// A request's quantity: `quantity` (an integer), or from 2026-03-25.dahlia `quantity_decimal`
// (at most 12 decimal places; `quantity` becomes it truncated). Never both.
struct ItemQuantity {
  PicoAmount pico = 0;
  int64_t whole = 0;
  std::string text;  // Stripe's decimal text
};

absl::StatusOr<absl::optional<ItemQuantity>> GivenQuantity(World& w, bool has_quantity,
                                                           int64_t quantity, bool has_decimal,
                                                           const std::string& decimal) {
  PAYSIM_RETURN_IF_ERROR(CheckQuantity(has_quantity, quantity));
  if (has_decimal) {
    if (!ApiVersionAtLeast(w.api_version(), "2026-03-25")) {
      return ParameterUnknown("quantity_decimal");
    }
    if (has_quantity) {
      return InvalidRequestError(
          "", "quantity_decimal",
          "You may only specify one of these parameters: quantity, quantity_decimal.");
    }
    PAYSIM_ASSIGN_OR_RETURN(PicoAmount pico,
                            ParseAmountDecimal(decimal, "quantity_decimal"));
    if (pico > PicoOf(kMaxQuantity)) {
      return InvalidRequestError(
          "", "quantity_decimal",
          absl::StrCat("This value must be less than or equal to ", kMaxQuantity, "."));
    }
    return ItemQuantity{pico, static_cast<int64_t>(pico / kPicoPerUnit),
                        PicoText(pico)};
  }
  if (!has_quantity) return absl::optional<ItemQuantity>();
  return ItemQuantity{PicoOf(quantity), quantity, absl::StrCat(quantity)};
}

// `unit` (a decimal of minor units) x `quantity`, rounded half up; bad decimals name `param`.
absl::StatusOr<int64_t> AmountFor(const std::string& unit, const ItemQuantity& quantity,
                                  absl::string_view param) {
  PAYSIM_ASSIGN_OR_RETURN(PicoAmount pico, ParseAmountDecimal(unit, param));
  return PicoTimes(PicoProduct(pico, quantity.pico), 1);
}

// The unit amount of an `amount` given for `quantity`: amount / quantity when exact (or, for a
// fractional quantity, to 12 places), else the amount itself.
std::string UnitOfAmount(int64_t amount, const ItemQuantity& quantity) {
  const bool whole = quantity.pico % kPicoPerUnit == 0;
  if (whole) {
    return quantity.whole > 0 && amount % quantity.whole == 0
               ? absl::StrCat(amount / quantity.whole)
               : absl::StrCat(amount);
  }
  if (quantity.pico <= 0 || amount < 0) return absl::StrCat(amount);
  return PicoText(PicoOf(amount) * kPicoPerUnit / quantity.pico);
}

// Prices `item` from `params` (amount, unit_amount[_decimal], price or price_data).
absl::Status PriceItem(World& w, const InvoiceItemCreateParams& params, InvoiceItem* item) {
  int ways = 0;
  absl::string_view second;
  for (auto [has, name] : {std::pair<bool, absl::string_view>{params.has_amount(), "amount"},
                           {params.has_unit_amount(), "unit_amount"},
                           {params.has_unit_amount_decimal(), "unit_amount_decimal"},
                           {params.has_price(), "price"},
                           {params.has_price_data(), "price_data"}}) {
    if (has && ++ways == 2) second = name;
  }
  if (ways == 0) return ParameterMissing("amount");
  if (ways > 1) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", second,
                               absl::StrCat("You may only specify one of amount, unit_amount, "
                                            "unit_amount_decimal, price or price_data."));
  }
  PAYSIM_ASSIGN_OR_RETURN(
      absl::optional<ItemQuantity> given,
      GivenQuantity(w, params.has_quantity(), params.quantity(), params.has_quantity_decimal(),
                    params.quantity_decimal()));
  const ItemQuantity count = given.value_or(ItemQuantity{PicoOf(1), 1, "1"});
  const int64_t quantity = count.whole;
  std::string currency = absl::AsciiStrToLower(params.currency());
  std::string unit_decimal;
  std::string price_id;
  std::string product;
  if (params.has_price()) {
    PAYSIM_ASSIGN_OR_RETURN(const Price* price, w.prices().Get(params.price(), "price"));
    if (price->type() != "one_time") {
      return InvalidRequestError(
          "", "price",
          "The price specified is set to `type=recurring` but this field only accepts prices "
          "with `type=one_time`.");
    }
    if (!price->active()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "price",
                                 absl::StrCat("The price specified (", price->id(),
                                              ") is inactive."));
    }
    currency = price->currency();
    unit_decimal = price->has_unit_amount_decimal() ? price->unit_amount_decimal()
                                                    : absl::StrCat(price->unit_amount());
    price_id = price->id();
    product = price->product();
  } else if (params.has_price_data()) {
    const InvoiceItemPriceDataParams& data = params.price_data();
    if (!data.has_currency()) return ParameterMissing("price_data[currency]");
    if (!data.has_product()) return ParameterMissing("price_data[product]");
    PAYSIM_RETURN_IF_ERROR(w.products().Get(data.product(), "price_data[product]").status());
    if (data.has_unit_amount() == data.has_unit_amount_decimal()) {
      return ParameterMissing("price_data[unit_amount]");
    }
    if (data.has_unit_amount() && data.unit_amount() < 0) {
      return InvalidRequestError("parameter_invalid_integer", "price_data[unit_amount]",
                                 "This value must be greater than or equal to 0.");
    }
    currency = absl::AsciiStrToLower(data.currency());
    unit_decimal = data.has_unit_amount() ? absl::StrCat(data.unit_amount())
                                          : data.unit_amount_decimal();
    product = data.product();
  } else if (params.has_unit_amount()) {
    unit_decimal = absl::StrCat(params.unit_amount());
  } else if (params.has_unit_amount_decimal()) {
    unit_decimal = params.unit_amount_decimal();
  }
  if (!params.has_price() && !params.has_price_data() && !params.has_currency()) {
    return ParameterMissing("currency");
  }
  const CurrencyInfo* info = nullptr;
  PAYSIM_RETURN_IF_ERROR(ValidateCurrency(currency, &info,
                                          params.has_price_data() ? "price_data[currency]"
                                                                  : "currency"));
  int64_t amount = params.amount();
  if (!params.has_amount()) {
    const absl::string_view param = params.has_unit_amount_decimal() ? "unit_amount_decimal"
                                    : params.has_price_data()        ? "price_data"
                                                                     : "unit_amount";
    if (params.has_unit_amount() && params.unit_amount() < 0) {
      return InvalidRequestError("parameter_invalid_integer", "unit_amount",
                                 "This value must be greater than or equal to 0.");
    }
    PAYSIM_ASSIGN_OR_RETURN(amount, AmountFor(unit_decimal, count, param));
  } else {
    unit_decimal = UnitOfAmount(params.amount(), count);
  }
  item->set_amount(amount);
  item->set_currency(currency);
  item->set_quantity(quantity);
  item->set_quantity_decimal(count.text);
  item->set_unit_amount_decimal(unit_decimal);
  InvoiceLinePricing* pricing = item->mutable_pricing();
  if (!price_id.empty() || !product.empty()) {
    pricing->mutable_price_details()->set_price(price_id);
    pricing->mutable_price_details()->set_product(product);
  }
  pricing->set_type(PAYSIM_INTERNED("price_details"));
  pricing->set_unit_amount_decimal(unit_decimal);
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckEditable(World& w, const InvoiceItem& item, absl::string_view action) {
  if (!item.has_invoice()) return absl::OkStatus();
  const Invoice* invoice = w.invoices().Find(item.invoice());
  if (invoice == nullptr || invoice->status() == "draft") return absl::OkStatus();
  // UNCERTAIN: Stripe's wording.
  return InvalidRequestError(
      "", "",
      absl::StrCat("You can't ", action, " invoice item ", item.id(), " because invoice ",
                   item.invoice(), " is no longer a draft."));
}

absl::StatusOr<InvoiceItem> CheckNewItem(World& w, const InvoiceItemCreateParams& params,
                                         const Invoice** out_invoice) {
  // validate
  if (!params.has_customer()) return ParameterMissing("customer");
  PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                          w.customers().Get(params.customer(), "customer"));
  InvoiceItem item;
  PAYSIM_RETURN_IF_ERROR(PriceItem(w, params, &item));
  const Invoice*& invoice = *out_invoice;
  invoice = nullptr;
  if (params.has_invoice()) {
    PAYSIM_ASSIGN_OR_RETURN(invoice, w.invoices().Get(params.invoice(), "invoice"));
    if (invoice->customer() != customer->id()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "invoice",
                                 "The invoice belongs to another customer.");
    }
    if (invoice->status() != "draft") {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", "invoice",
          absl::StrCat("Invoice ", invoice->id(),
                       " is no longer a draft: invoice items can only be added to draft "
                       "invoices."));
    }
    if (invoice->currency() != item.currency()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", "currency",
          absl::StrCat("The currency of the invoice item (", item.currency(),
                       ") must match the invoice's (", invoice->currency(), ")."));
    }
  }
  if (params.has_period()) PAYSIM_RETURN_IF_ERROR(CheckPeriod(params.period()));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_ASSIGN_OR_RETURN(std::vector<TaxRate> rates,
                          CheckBillingTaxRates(w, params.tax_rates(), "tax_rates"));
  // build
  for (TaxRate& rate : rates) item.add_tax_rates(std::move(rate));
  item.set_object(PAYSIM_INTERNED("invoiceitem"));
  item.set_customer(customer->id_shared());
  item.set_date(w.created());
  if (params.has_description()) item.set_description(params.description());
  item.set_discountable(!params.has_discountable() || params.discountable());
  if (invoice != nullptr) item.set_invoice(invoice->id_shared());
  item.set_livemode(false);
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), item.mutable_metadata()));
  item.mutable_period()->set_start(params.has_period() ? params.period().start()
                                                       : w.created());
  item.mutable_period()->set_end(params.has_period() ? params.period().end()
                                                     : w.created());
  item.set_proration(false);
  return item;
}

const InvoiceItem& CommitNewItem(World& w, InvoiceItem item, const Invoice* invoice) {
  item.set_id(InvoiceItemLifecycle::NewId(w));
  const InvoiceItem& stored = InvoiceItemLifecycle::Create(w, std::move(item));
  if (invoice != nullptr) InvoiceLifecycle::PutItemLine(w, *invoice, stored);
  return stored;
}

absl::StatusOr<InvoiceItem> CheckItemUpdate(World& w, const InvoiceItem& current,
                                            const InvoiceItemUpdateParams& params) {
  // validate
  PAYSIM_RETURN_IF_ERROR(CheckEditable(w, current, "update"));
  PAYSIM_ASSIGN_OR_RETURN(
      absl::optional<ItemQuantity> given,
      GivenQuantity(w, params.has_quantity(), params.quantity(),
                    params.has_quantity_decimal(), params.quantity_decimal()));
  if (params.has_unit_amount() && params.has_unit_amount_decimal()) {
    return InvalidRequestError("", "unit_amount_decimal",
                               "You may only specify one of unit_amount and "
                               "unit_amount_decimal.");
  }
  if (params.has_unit_amount() && params.unit_amount() < 0) {
    return InvalidRequestError("parameter_invalid_integer", "unit_amount",
                               "This value must be greater than or equal to 0.");
  }
  if (params.has_period()) PAYSIM_RETURN_IF_ERROR(CheckPeriod(params.period()));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  InvoiceItem updated = current;
  ItemQuantity count;
  if (given.has_value()) {
    count = *given;
  } else {
    // The item's own: its quantity_decimal (from basil on), else its quantity.
    const std::string& text = current.quantity_decimal();
    absl::StatusOr<internal::PicoAmount> pico =
        internal::ParseAmountDecimal(text, "quantity_decimal");
    count = pico.ok() ? ItemQuantity{*pico, current.quantity(), text}
                      : ItemQuantity{internal::PicoOf(current.quantity()),
                                     current.quantity(),
                                     absl::StrCat(current.quantity())};
  }
  const int64_t quantity = count.whole;
  std::string unit = current.unit_amount_decimal();
  if (params.has_unit_amount()) unit = absl::StrCat(params.unit_amount());
  if (params.has_unit_amount_decimal()) unit = params.unit_amount_decimal();
  if (params.has_amount()) {
    updated.set_amount(params.amount());
    if (count.pico % internal::kPicoPerUnit != 0) {
      unit = UnitOfAmount(params.amount(), count);
    } else if (quantity > 0 && params.amount() % quantity == 0) {
      unit = absl::StrCat(params.amount() / quantity);
    }
  } else if (given.has_value() || params.has_unit_amount() ||
             params.has_unit_amount_decimal()) {
    PAYSIM_ASSIGN_OR_RETURN(
        int64_t amount,
        AmountFor(unit, count,
                  params.has_unit_amount_decimal() ? "unit_amount_decimal" : "quantity"));
    updated.set_amount(amount);
  }
  updated.set_quantity(quantity);
  updated.set_quantity_decimal(count.text);
  updated.set_unit_amount_decimal(unit);
  updated.mutable_pricing()->set_unit_amount_decimal(unit);
  if (params.has_description()) {
    if (params.description().empty()) {
      updated.clear_description();
    } else {
      updated.set_description(params.description());
    }
  }
  if (params.has_discountable()) updated.set_discountable(params.discountable());
  if (params.has_period()) {
    updated.mutable_period()->set_start(params.period().start());
    updated.mutable_period()->set_end(params.period().end());
  }
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
  return updated;
}

const InvoiceItem& CommitItemUpdate(World& w, const InvoiceItem& current,
                                    const InvoiceItem& updated) {
  const InvoiceItem& stored = InvoiceItemLifecycle::Update(w, current, updated);
  if (stored.has_invoice()) {
    if (const Invoice* invoice = w.invoices().Find(stored.invoice())) {
      InvoiceLifecycle::PutItemLine(w, *invoice, stored);
    }
  }
  return stored;
}

}  // namespace internal
}  // namespace paysim
