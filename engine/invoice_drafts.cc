// Invoices: one-off invoices — create, update, delete, send — and an invoice's lines.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/api_version.h"
#include "engine/currency.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/card_source_payment_method.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_custom_text.h"
#include "engine/internal/invoice_item_lifecycle.h"
#include "engine/internal/invoice_lifecycle.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/payment_method_lifecycle.h"
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

constexpr int64_t kDay = 86400;

// Checks collection_method, days_until_due and due_date as they will stand on `invoice`, and
// applies them.
absl::Status ApplyCollection(World& w, bool has_method, const std::string& method,
                             bool has_days, int64_t days, bool has_due, int64_t due,
                             Invoice* invoice) {
  if (has_method) {
    PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
        method, {"charge_automatically", "send_invoice"}, "collection_method"));
    invoice->set_collection_method(method);
  }
  const bool send = invoice->collection_method() == "send_invoice";
  if (!send && (has_days || has_due)) {
    return InvalidRequestError(
        "", has_days ? "days_until_due" : "due_date",
        "Invoices with `collection_method=charge_automatically` cannot have a due date.");
  }
  if (has_days && has_due) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "due_date",
                               "You may only specify one of days_until_due and due_date.");
  }
  if (has_days && (days < 0 || days > 3650)) {
    return InvalidRequestError("parameter_invalid_integer", "days_until_due",
                               "This value must be between 0 and 3650.");
  }
  if (has_due && due < w.created()) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "due_date", "The due date must be in the future.");
  }
  if (has_days) {
    invoice->set_days_until_due(days);
    invoice->set_due_date(invoice->created() + days * kDay);
  }
  if (has_due) invoice->set_due_date(due);
  if (!send) {
    invoice->clear_due_date();
    invoice->set_days_until_due(0);
  } else if (!invoice->has_due_date()) {
    return InvalidRequestError(
        "", "days_until_due",
        "Invoices with `collection_method=send_invoice` must have a `days_until_due` or "
        "`due_date`.");
  }
  return absl::OkStatus();
}

absl::Status CheckPaymentMethod(World& w, const std::string& id, const Invoice& invoice) {
  if (id.empty()) return absl::OkStatus();
  PAYSIM_ASSIGN_OR_RETURN(const PaymentMethod* pm, internal::PaymentMethodLifecycle::FindUsable(
                                                       w, id, "default_payment_method"));
  if (!pm->has_customer() || pm->customer() != invoice.customer()) {
    return InvalidRequestError(
        "", "default_payment_method",
        absl::StrCat("The customer does not have a payment method with the ID ", pm->id(),
                     ". The payment method must be attached to the customer."));
  }
  return absl::OkStatus();
}

// The discount an invoice's `discounts[]` asks for (paysim applies one).
template <class Params>
internal::BillingDiscountAsk DiscountAskOf(const Params& params) {
  internal::BillingDiscountAsk ask;
  ask.discounts = params.discounts_size();
  if (ask.discounts > 0) {
    if (params.discounts(0).has_coupon()) ask.first_coupon = params.discounts(0).coupon();
    if (params.discounts(0).has_promotion_code()) {
      ask.first_promotion_code = params.discounts(0).promotion_code();
    }
  }
  return ask;
}

// What create and update both take, checked (nothing changed): metadata, footer,
// custom_fields, payment_settings, and the default_tax_rates and discount they name.
struct CheckedParams {
  std::vector<TaxRate> rates;
  absl::optional<internal::DiscountChoice> discount;
};

template <class Params>
absl::StatusOr<CheckedParams> CheckSharedParams(World& w, const Params& params,
                                                const std::string& customer,
                                                const std::string& currency) {
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  PAYSIM_RETURN_IF_ERROR(internal::CheckInvoiceFooter(params.footer(), "footer"));
  PAYSIM_RETURN_IF_ERROR(
      internal::CheckInvoiceCustomFields(params.custom_fields(), "custom_fields"));
  PAYSIM_RETURN_IF_ERROR(
      internal::CheckPaymentSettingsTypes(params.payment_settings().payment_method_types()));
  PAYSIM_RETURN_IF_ERROR(
      internal::CheckPaymentSettingsOptions(params.payment_settings().payment_method_options()));
  CheckedParams checked;
  PAYSIM_ASSIGN_OR_RETURN(
      checked.rates,
      internal::CheckBillingTaxRates(w, params.default_tax_rates(), "default_tax_rates"));
  PAYSIM_ASSIGN_OR_RETURN(checked.discount,
                          internal::CheckBillingDiscount(w, DiscountAskOf(params), customer,
                                                         currency, "invoice"));
  return checked;
}

}  // namespace

absl::StatusOr<Invoice> InvoiceService::Create(const InvoiceCreateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, "POST /v1/invoices", params, [&]() -> absl::StatusOr<Invoice> {
        // validate
        if (!params.has_customer()) return ParameterMissing("customer");
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer,
                                w.customers().Get(params.customer(), "customer"));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, customer->id());
        const bool required_by_default = !ApiVersionAtLeast(w.api_version(), "2022-08-01");
        std::string behavior = params.pending_invoice_items_behavior();
        if (params.has_pending_invoice_items_behavior()) {
          if (required_by_default) {
            PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
                behavior, {"exclude", "include", "include_and_require"},
                "pending_invoice_items_behavior"));
          } else {
            PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
                behavior, {"exclude", "include"}, "pending_invoice_items_behavior"));
          }
        } else {
          behavior = required_by_default ? "include_and_require" : "exclude";
        }
        std::string currency;
        if (params.has_currency()) {
          const CurrencyInfo* info = nullptr;
          currency = absl::AsciiStrToLower(params.currency());
          PAYSIM_RETURN_IF_ERROR(ValidateCurrency(currency, &info));
        }
        // The customer's pending items, oldest first, of the invoice's currency (the first
        // item's when not given).
        std::vector<const InvoiceItem*> items;
        if (behavior != "exclude") {
          InvoiceItemLifecycle::ForEachPending(w, customer->id(), [&](const InvoiceItem& item) {
            if (currency.empty()) currency = item.currency();
            if (item.currency() == currency) items.push_back(&item);
          });
        }
        if (behavior == "include_and_require" && items.empty()) {
          return InvalidRequestError("invoice_no_customer_line_items", "",
                                     absl::StrCat("Nothing to invoice for customer"));
        }
        // UNCERTAIN: with neither items nor `currency`, the account's default currency (usd).
        if (currency.empty()) currency = "usd";
        Invoice invoice;
        invoice.set_created(w.created());
        invoice.set_customer(customer->id_shared());
        invoice.set_currency(currency);
        invoice.set_legacy_shape(!ApiVersionAtLeast(w.api_version(), "2025-03-31"));
        invoice.set_collection_method(PAYSIM_INTERNED("charge_automatically"));
        PAYSIM_RETURN_IF_ERROR(ApplyCollection(
            w, params.has_collection_method(), params.collection_method(),
            params.has_days_until_due(), params.days_until_due(), params.has_due_date(),
            params.due_date(), &invoice));
        PAYSIM_RETURN_IF_ERROR(CheckPaymentMethod(w, params.default_payment_method(), invoice));
        if (!params.default_source().empty()) {
          PAYSIM_RETURN_IF_ERROR(internal::CheckCustomerSource(w, params.default_source(),
                                                               customer->id(), "default_source"));
        }
        PAYSIM_ASSIGN_OR_RETURN(CheckedParams checked,
                                CheckSharedParams(w, params, customer->id(), currency));
        std::vector<TaxRate>& rates = checked.rates;
        const absl::optional<internal::DiscountChoice>& discount = checked.discount;
        // build + commit (the id drawn only now: a refused create draws nothing)
        invoice.set_id(InvoiceLifecycle::NewId(w));
        for (TaxRate& rate : rates) invoice.add_default_tax_rates(std::move(rate));
        if (discount.has_value()) {
          Discount own = internal::RedeemDiscount(w, *discount, customer->id());
          own.set_invoice(invoice.id_shared());
          *invoice.mutable_own_discount() = std::move(own);
        } else if (params.discounts_emptied()) {
          invoice.set_inherits_no_discount(true);
        }
        invoice.set_auto_advance(params.has_auto_advance() && params.auto_advance());
        if (!params.default_payment_method().empty()) {
          invoice.set_default_payment_method(params.default_payment_method());
        }
        if (!params.default_source().empty()) invoice.set_default_source(params.default_source());
        if (params.has_description()) invoice.set_description(params.description());
        internal::TakeCustomerDefaults(w, invoice);
        if (params.has_footer()) {
          if (params.footer().empty()) {
            invoice.clear_footer();
          } else {
            invoice.set_footer(params.footer());
          }
        }
        if (params.custom_fields_size() > 0 || params.custom_fields_emptied()) {
          *invoice.mutable_custom_fields() = internal::CustomFieldsOf(params.custom_fields());
        }
        internal::SetInvoicePaymentSettings(params.payment_settings(), invoice);
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), invoice.mutable_metadata()));
        return InvoiceLifecycle::CreateOneOff(w, std::move(invoice), items);
      });
}

absl::StatusOr<Invoice> InvoiceService::Update(absl::string_view id,
                                               const InvoiceUpdateParams& params,
                                               const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* current, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, current->customer());
        const bool draft = current->status() == "draft";
        if (!draft && current->status() != "open") {
          // UNCERTAIN: Stripe's wording.
          return StateError("", "",
                            absl::StrCat("You can't update invoice ", current->id(),
                                         " because its status is ", current->status(), "."));
        }
        if (!draft) {
          for (auto [has, name] :
               {std::pair<bool, absl::string_view>{params.has_collection_method(),
                                                    "collection_method"},
                {params.has_days_until_due(), "days_until_due"},
                {params.has_due_date(), "due_date"},
                {params.has_default_payment_method(), "default_payment_method"},
                {params.has_default_source(), "default_source"},
                {params.default_tax_rates_size() > 0 || params.default_tax_rates_emptied(),
                 "default_tax_rates"},
                {params.discounts_size() > 0 || params.discounts_emptied(), "discounts"}}) {
            if (has) {
              // UNCERTAIN: Stripe's wording.
              return InvalidRequestError(
                  "", name,
                  absl::StrCat("You can only update `", name, "` on a draft invoice."));
            }
          }
        }
        Invoice updated = *current;
        if (params.has_collection_method() || params.has_days_until_due() ||
            params.has_due_date()) {
          PAYSIM_RETURN_IF_ERROR(ApplyCollection(
            w, params.has_collection_method(), params.collection_method(),
            params.has_days_until_due(), params.days_until_due(), params.has_due_date(),
            params.due_date(), &updated));
        }
        PAYSIM_RETURN_IF_ERROR(CheckPaymentMethod(w, params.default_payment_method(), updated));
        if (!params.default_source().empty()) {
          PAYSIM_RETURN_IF_ERROR(internal::CheckCustomerSource(
              w, params.default_source(), updated.customer(), "default_source"));
        }
        PAYSIM_ASSIGN_OR_RETURN(
            CheckedParams checked,
            CheckSharedParams(w, params, updated.customer(), updated.currency()));
        std::vector<TaxRate>& rates = checked.rates;
        const absl::optional<internal::DiscountChoice>& discount = checked.discount;
        if (params.default_tax_rates_size() > 0 || params.default_tax_rates_emptied()) {
          updated.clear_default_tax_rates();
          for (TaxRate& rate : rates) updated.add_default_tax_rates(std::move(rate));
        }
        if (params.has_auto_advance()) updated.set_auto_advance(params.auto_advance());
        if (params.has_default_payment_method()) {
          if (params.default_payment_method().empty()) {
            updated.clear_default_payment_method();
          } else {
            updated.set_default_payment_method(params.default_payment_method());
          }
        }
        if (params.has_default_source()) {
          if (params.default_source().empty()) {
            updated.clear_default_source();
          } else {
            updated.set_default_source(params.default_source());
          }
        }
        if (params.has_description()) {
          if (params.description().empty()) {
            updated.clear_description();
          } else {
            updated.set_description(params.description());
          }
        }
        if (params.has_footer()) {
          if (params.footer().empty()) {
            updated.clear_footer();
          } else {
            updated.set_footer(params.footer());
          }
        }
        if (params.custom_fields_size() > 0 || params.custom_fields_emptied()) {
          *updated.mutable_custom_fields() = internal::CustomFieldsOf(params.custom_fields());
        }
        internal::SetInvoicePaymentSettings(params.payment_settings(), updated);
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        // UNCERTAIN: a discount replaced or removed keeps its coupon's redemption.
        if (discount.has_value()) {
          Discount own = internal::RedeemDiscount(w, *discount, updated.customer());
          own.set_invoice(updated.id_shared());
          *updated.mutable_own_discount() = std::move(own);
          updated.set_inherits_no_discount(false);
        } else if (params.discounts_emptied()) {
          updated.clear_own_discount();
          updated.set_inherits_no_discount(true);
        }
        return InvoiceLifecycle::Update(w, *current, updated);
      });
}

absl::StatusOr<DeletedObject> InvoiceService::Delete(absl::string_view id,
                                                     const RequestOptions& options) {
  World& w = *world_;
  InvoiceActionParams none;
  return w.RunIdempotent<DeletedObject>(
      options, [&] { return absl::StrCat("DELETE /v1/invoices/", id); }, none,
      [&]() -> absl::StatusOr<DeletedObject> {
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (invoice->status() != "draft" || !invoice->subscription_id().empty()) {
          // UNCERTAIN: Stripe's wording.
          return StateError("", "",
                            absl::StrCat("You can only delete draft one-off invoices; invoice ",
                                         invoice->id(), " is ",
                                         invoice->subscription_id().empty()
                                             ? invoice->status()
                                             : std::string("a subscription's"),
                                         ". Void it instead."));
        }
        DeletedObject deleted;
        deleted.set_id(invoice->id());
        deleted.set_object(PAYSIM_INTERNED("invoice"));
        deleted.set_deleted(true);
        InvoiceLifecycle::Delete(w, *invoice);
        return deleted;
      });
}

absl::StatusOr<Invoice> InvoiceService::Send(absl::string_view id,
                                             const InvoiceSendParams& params,
                                             const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<Invoice>(
      options, [&] { return absl::StrCat("POST /v1/invoices/", id, "/send"); }, params,
      [&]() -> absl::StatusOr<Invoice> {
        PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
        const World::TimelineScope timeline =
            internal::TestClockLifecycle::EnterCustomerTimeline(w, invoice->customer());
        if (invoice->status() != "draft" && invoice->status() != "open") {
          // UNCERTAIN: Stripe's wording.
          return StateError("", "",
                            absl::StrCat("You can't send invoice ", invoice->id(),
                                         " because its status is ", invoice->status(), "."));
        }
        if (invoice->status() == "draft") {
          invoice = &InvoiceLifecycle::Finalize(w, *invoice, invoice->auto_advance());
          if (invoice->status() != "open") return *invoice;  // nothing to pay: paid at once
        }
        return InvoiceLifecycle::Send(w, *invoice);
      });
}

namespace internal {

ListResult<InvoiceLineItem> LinesPage(const Invoice& invoice, const ListWindow& window,
                                      std::string url) {
  return PageInOrder<InvoiceLineItem>(invoice.lines().data(), window, std::move(url));
}

}  // namespace internal

absl::StatusOr<ListResult<InvoiceLineItem>> InvoiceService::ListLines(
    absl::string_view id, const InvoiceLinesListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<InvoiceLineItem>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    PAYSIM_ASSIGN_OR_RETURN(const Invoice* invoice, w.invoices().Get(id));
    return internal::LinesPage(*invoice, window,
                               absl::StrCat("/v1/invoices/", invoice->id(), "/lines"));
  });
}

}  // namespace paysim
