// add_invoice_items of a subscription create or update, and of a schedule's phases
// (subscription_request.h's CheckAddInvoiceItems): checked as invoice items, not stored.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "engine/internal/amount_decimal.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/catalog.h"
#include "engine/internal/invoice_item_request.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/subscription_request.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

namespace {

// add_invoice_items[i][price_data] (named `prefix`): an existing product and an amount in the
// subscription's currency, written to `out` as an invoice item's price_data of the amount's
// magnitude (CheckNewItem checks that). Returns whether the amount is negative: a credit.
absl::StatusOr<bool> CheckAddInvoiceItemPriceData(
    World& world, const SubscriptionAddInvoiceItemPriceDataParams& data,
    const Subscription& draft, const std::string& prefix, InvoiceItemPriceDataParams* out) {
  const std::string currency_param = absl::StrCat(prefix, "[currency]");
  if (!data.has_currency()) return ParameterMissing(currency_param);
  const std::string product_param = absl::StrCat(prefix, "[product]");
  if (!data.has_product()) return ParameterMissing(product_param);
  PAYSIM_RETURN_IF_ERROR(world.products().Get(data.product(), product_param).status());
  const std::string amount_param = absl::StrCat(prefix, "[unit_amount]");
  if (data.has_unit_amount() && data.has_unit_amount_decimal()) {
    return OnlyOneOf("unit_amount", "unit_amount_decimal",
                     absl::StrCat(prefix, "[unit_amount_decimal]"));
  }
  if (!data.has_unit_amount() && !data.has_unit_amount_decimal()) {
    return ParameterMissing(amount_param);
  }
  const std::string currency = absl::AsciiStrToLower(data.currency());
  if (currency != draft.currency()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError(
        "", currency_param,
        absl::StrCat("The currency (", currency, ") must match the subscription's currency (",
                     draft.currency(), ")."));
  }
  out->set_currency(currency);
  out->set_product(data.product());
  if (data.has_unit_amount()) {
    out->set_unit_amount(data.unit_amount() < 0 ? -data.unit_amount() : data.unit_amount());
    return data.unit_amount() < 0;
  }
  absl::string_view text = data.unit_amount_decimal();
  const bool negative = absl::ConsumePrefix(&text, "-");
  const std::string decimal_param = absl::StrCat(prefix, "[unit_amount_decimal]");
  PAYSIM_ASSIGN_OR_RETURN(const PicoAmount magnitude, ParseAmountDecimal(text, decimal_param));
  out->set_unit_amount_decimal(std::string(text));
  return negative && magnitude > 0;
}

}  // namespace

// add_invoice_items: each an active one-time price in the subscription's currency, as an
// invoice item of its customer (checked as POST /v1/invoiceitems checks one), not stored.
absl::StatusOr<std::vector<InvoiceItem>> CheckAddInvoiceItems(
    World& world,
    const google::protobuf::RepeatedPtrField<SubscriptionAddInvoiceItemParams>& given_items,
    const Subscription& draft, absl::string_view prefix) {
  std::vector<InvoiceItem> items;
  if (given_items.size() > kSubscriptionMaxAddInvoiceItems) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", std::string(prefix),
                               absl::StrCat("You may pass up to ",
                                            kSubscriptionMaxAddInvoiceItems, " items."));
  }
  for (int i = 0; i < given_items.size(); ++i) {
    const SubscriptionAddInvoiceItemParams& given = given_items.Get(i);
    InvoiceItemCreateParams item;
    item.set_customer(draft.customer());
    bool credit = false;
    if (given.has_price_data()) {
      const std::string data_param = absl::StrCat(prefix, "[", i, "][price_data]");
      if (given.has_price()) return OnlyOneOf("price", "price_data", data_param);
      PAYSIM_ASSIGN_OR_RETURN(credit, CheckAddInvoiceItemPriceData(
                                          world, given.price_data(), draft, data_param,
                                          item.mutable_price_data()));
    } else {
      const std::string param = absl::StrCat(prefix, "[", i, "][price]");
      if (!given.has_price()) return ParameterMissing(param);
      PAYSIM_ASSIGN_OR_RETURN(const Price* price,
                              FindSellablePrice(world, given.price(), param));
      if (price->type() != "one_time") {
        return InvalidRequestError(
            "", param,
            "The price specified is set to `type=recurring` but this field only accepts "
            "prices with `type=one_time`.");
      }
      if (price->currency() != draft.currency()) {
        // UNCERTAIN: Stripe's wording.
        return InvalidRequestError(
            "", param,
            absl::StrCat("The price's currency (", price->currency(),
                         ") must match the subscription's currency (", draft.currency(),
                         ")."));
      }
      item.set_price(price->id());
    }
    if (given.has_quantity() && given.quantity() < 1) {
      return InvalidRequestError("parameter_invalid_integer",
                                 absl::StrCat(prefix, "[", i, "][quantity]"),
                                 "This value must be greater than or equal to 1.");
    }
    item.set_quantity(given.has_quantity() ? given.quantity() : 1);
    PAYSIM_RETURN_IF_ERROR(
        CheckBillingTaxRates(world, given.tax_rates(), absl::StrCat(prefix, "[", i, "][tax_rates]"))
            .status());
    *item.mutable_tax_rates() = given.tax_rates();
    const Invoice* none = nullptr;
    PAYSIM_ASSIGN_OR_RETURN(InvoiceItem checked, CheckNewItem(world, item, &none));
    if (credit) {
      // Checked as its positive twin; Stripe does not discount a negative item by default.
      checked.set_amount(-checked.amount());
      checked.set_unit_amount_decimal(absl::StrCat("-", checked.unit_amount_decimal()));
      checked.set_discountable(false);
    }
    items.push_back(std::move(checked));
  }
  return items;
}

}  // namespace internal
}  // namespace paysim
