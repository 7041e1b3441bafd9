// Checking a request to create a Checkout Session (checkout_session_request.h).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/checkout_sessions.h"
#include "engine/currency.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_line_items.h"
#include "engine/internal/checkout_optional_items.h"
#include "engine/internal/checkout_billing_cycle_anchor.h"
#include "engine/internal/checkout_custom_fields.h"
#include "engine/internal/checkout_custom_text.h"
#include "engine/internal/checkout_dynamic_updates.h"
#include "engine/internal/checkout_invoice_creation.h"
#include "engine/internal/checkout_recovery.h"
#include "engine/internal/checkout_page_wording.h"
#include "engine/internal/checkout_subscription_trial.h"
#include "engine/internal/checkout_totals.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/three_d_secure_request.h"
#include "engine/internal/url_param.h"
#include "engine/metadata.h"
#include "engine/statement_descriptor.h"

namespace paysim {
namespace internal {
namespace {

absl::Status OnlyOne(absl::string_view a, absl::string_view b, absl::string_view param) {
  return InvalidRequestError(
      "", param, absl::StrCat("You may only specify one of these parameters: ", a, ", ", b, "."));
}

// The ui_mode names the request's API version accepts, the default first.
std::vector<absl::string_view> UiModeNames(absl::string_view version) {
  if (CheckoutUiModesRenamed(version)) return {"hosted_page", "embedded_page", "elements"};
  if (CheckoutCustomUiModeExists(version)) return {"hosted", "embedded", "custom"};
  return {"hosted", "embedded"};
}

CheckoutUi UiOfName(absl::string_view name) {
  if (name == "embedded" || name == "embedded_page") return CheckoutUi::kEmbedded;
  if (name == "custom" || name == "elements") return CheckoutUi::kElements;
  return CheckoutUi::kHosted;
}

// `consent_collection`: promotions auto|none, terms_of_service none|required, and
// payment_method_reuse_agreement's position (required in it) auto|hidden.
// UNCERTAIN: Stripe also refuses terms_of_service=required when the account's Dashboard has no
// terms of service URL; paysim's account has no Dashboard, so it is accepted.
absl::Status ValidateConsentCollection(const CheckoutSessionCreateParams& params) {
  if (!params.has_consent_collection()) return absl::OkStatus();
  return CheckConsentCollection(params.consent_collection());
}

}  // namespace

absl::Status CheckConsentCollection(const CheckoutConsentCollectionParams& consent) {
  if (consent.has_promotions()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(consent.promotions(), {"auto", "none"}, "consent_collection[promotions]"));
  }
  if (consent.has_terms_of_service()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(consent.terms_of_service(), {"none", "required"},
                                        "consent_collection[terms_of_service]"));
  }
  if (consent.has_payment_method_reuse_agreement()) {
    constexpr absl::string_view kPosition =
        "consent_collection[payment_method_reuse_agreement][position]";
    const CheckoutPaymentMethodReuseAgreementParams& agreement =
        consent.payment_method_reuse_agreement();
    if (!agreement.has_position()) return ParameterMissing(kPosition);
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(agreement.position(), {"auto", "hidden"}, kPosition));
  }
  return absl::OkStatus();
}

// UNCERTAIN (wording): Stripe refuses a payment-mode total under the currency's minimum ("The
// Checkout Session's total amount due must add up to at least $0.50 usd").
absl::Status CheckCheckoutTotal(int64_t total, const CurrencyInfo& currency, bool zero_allowed,
                                 absl::string_view param) {
  if (total == 0 && zero_allowed) return absl::OkStatus();
  const std::string code_suffix =
      currency.symbol.empty() ? "" : absl::StrCat(" ", currency.code);
  if (total < currency.minimum_amount) {
    return InvalidRequestError(
        "amount_too_small", param,
        absl::StrCat("The Checkout Session's total amount due must add up to at least ",
                     FormatAmount(currency.minimum_amount, currency), code_suffix));
  }
  if (total > kMaxChargeAmount) {
    return InvalidRequestError(
        "amount_too_large", param,
        absl::StrCat("The Checkout Session's total amount due must be no more than ",
                     FormatAmount(kMaxChargeAmount, currency), code_suffix));
  }
  return absl::OkStatus();
}

absl::Status CheckChangedTotal(CheckoutSession draft, absl::string_view param) {
  const Discount applied = draft.applied_discount();
  FillCheckoutTotals(draft.has_applied_discount() ? &applied : nullptr, draft);
  const CurrencyInfo* currency = FindCurrency(draft.currency());
  if (draft.mode() != "payment" || currency == nullptr) return absl::OkStatus();
  return CheckCheckoutTotal(draft.amount_total(), *currency,
                            /*zero_allowed=*/draft.has_applied_discount(), param);
}

CheckoutConsentCollection ConsentCollectionFrom(const CheckoutConsentCollectionParams& given) {
  CheckoutConsentCollection collection;
  if (given.has_payment_method_reuse_agreement()) {
    collection.mutable_payment_method_reuse_agreement()->set_position(
        given.payment_method_reuse_agreement().position());
  }
  if (given.has_promotions()) collection.set_promotions(given.promotions());
  if (given.has_terms_of_service()) collection.set_terms_of_service(given.terms_of_service());
  return collection;
}

namespace {

// Which URL parameters each ui_mode takes (Stripe: success_url and cancel_url are "not allowed
// if ui_mode is embedded_page or elements"; return_url "is required if ui_mode is
// embedded_page or elements and redirect-based payment methods are enabled"; redirect_on_
// completion "applies to ui_mode: embedded_page"). Stripe's messages: "`success_url` is not
// supported with `ui_mode: embedded`" for one parameter, "The following parameters are not
// supported with 'ui_mode: custom': cancel_url, success_url." for several. An embedded
// session needs return_url unless redirect_on_completion=never, which then refuses one.
absl::Status ValidateUrls(const CheckoutSessionCreateParams& p, CheckoutUi ui,
                          absl::string_view ui_name) {
  std::vector<absl::string_view> refused;  // in alphabetical order
  if (ui != CheckoutUi::kHosted && p.has_cancel_url()) refused.push_back("cancel_url");
  if (ui != CheckoutUi::kEmbedded && p.has_redirect_on_completion()) {
    refused.push_back("redirect_on_completion");
  }
  if (ui == CheckoutUi::kHosted && p.has_return_url()) refused.push_back("return_url");
  if (ui != CheckoutUi::kHosted && p.has_success_url()) refused.push_back("success_url");
  if (refused.size() == 1) {
    return InvalidRequestError("", refused[0],
                               absl::StrCat("`", refused[0], "` is not supported with `ui_mode: ",
                                            ui_name, "`"));
  }
  if (refused.size() > 1) {
    return InvalidRequestError(
        "", refused[0],
        absl::StrCat("The following parameters are not supported with 'ui_mode: ", ui_name,
                     "': ", absl::StrJoin(refused, ", "), "."));
  }
  if (ui == CheckoutUi::kEmbedded) {
    const std::string redirect =
        p.has_redirect_on_completion() ? p.redirect_on_completion() : "always";
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(redirect, {"always", "if_required", "never"},
                                                  "redirect_on_completion"));
    if (redirect == "never" && p.has_return_url()) {
      return InvalidRequestError(
          "", "return_url",
          "`return_url` cannot be used when `redirect_on_completion` is `never`.");
    }
    if (redirect != "never" && !p.has_return_url()) return ParameterMissing("return_url");
  }
  if (p.has_success_url()) PAYSIM_RETURN_IF_ERROR(CheckUrlParam(p.success_url(), "success_url"));
  if (p.has_cancel_url()) PAYSIM_RETURN_IF_ERROR(CheckUrlParam(p.cancel_url(), "cancel_url"));
  if (p.has_return_url()) PAYSIM_RETURN_IF_ERROR(CheckUrlParam(p.return_url(), "return_url"));
  return absl::OkStatus();
}

// `param` belongs to `mode` only. Stripe names the mode used: "You can not pass
// `payment_intent_data` in `subscription` mode."
absl::Status ValidateModeOnly(absl::string_view param, absl::string_view mode,
                              absl::string_view actual) {
  if (actual == mode) return absl::OkStatus();
  return InvalidRequestError(
      "", param, absl::StrCat("You can not pass `", param, "` in `", actual, "` mode."));
}

// subscription_data[default_tax_rates]: the account's active rates, not beside automatic tax
// (UNCERTAIN: Stripe's wording, as for line_items[][tax_rates]).
absl::Status CheckDefaultTaxRates(World& w, const CheckoutSessionCreateParams& params) {
  constexpr char kParam[] = "subscription_data[default_tax_rates]";
  const auto& ids = params.subscription_data().default_tax_rates();
  if (ids.empty()) return absl::OkStatus();
  if (params.automatic_tax().enabled()) {
    return InvalidRequestError("", kParam,
                               "You cannot pass `subscription_data[default_tax_rates]` when "
                               "`automatic_tax[enabled]` is true.");
  }
  return CheckBillingTaxRates(w, ids, kParam).status();
}

absl::Status ValidatePaymentIntentData(World& w, const CheckoutPaymentIntentDataParams& d,
                                       bool takes_cards) {
  constexpr absl::string_view kPrefix = "payment_intent_data";
  if (d.has_capture_method()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(
        d.capture_method(), {"automatic", "automatic_async", "manual"},
        absl::StrCat(kPrefix, "[capture_method]")));
  }
  if (d.has_setup_future_usage()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(d.setup_future_usage(),
                                                  {"on_session", "off_session"},
                                                  absl::StrCat(kPrefix, "[setup_future_usage]")));
  }
  if (d.has_receipt_email()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEmail(d.receipt_email(), absl::StrCat(kPrefix, "[receipt_email]")));
  }
  if (d.has_statement_descriptor()) {
    PAYSIM_RETURN_IF_ERROR(CheckIntentStatementDescriptor(
        d.statement_descriptor(), takes_cards, absl::StrCat(kPrefix, "[statement_descriptor]")));
  }
  if (d.has_statement_descriptor_suffix()) {
    PAYSIM_RETURN_IF_ERROR(ValidateStatementDescriptorSuffix(
        d.statement_descriptor_suffix(), w.options().statement_descriptor_prefix,
        absl::StrCat(kPrefix, "[statement_descriptor_suffix]")));
  }
  if (d.has_shipping()) {
    // Stripe's schema requires name, address and address[line1] here; an empty
    // `payment_intent_data[shipping]=` cannot unset anything on a new session.
    const std::string param = absl::StrCat(kPrefix, "[shipping]");
    if (IsUnsetRequest(d.shipping())) return CannotUnset(param);
    PAYSIM_RETURN_IF_ERROR(ValidateShipping(d.shipping(), param));
  }
  return ValidateMetadata(d.metadata());
}

absl::Status ValidateCountries(const CheckoutShippingAddressCollectionParams& s) {
  constexpr absl::string_view kParam = "shipping_address_collection[allowed_countries]";
  if (s.allowed_countries().empty()) return ParameterMissing(kParam);
  for (int i = 0; i < s.allowed_countries_size(); ++i) {
    const std::string& c = s.allowed_countries(i);
    if (c.size() != 2 || !absl::ascii_isupper(static_cast<unsigned char>(c[0])) ||
        !absl::ascii_isupper(static_cast<unsigned char>(c[1]))) {
      // UNCERTAIN (wording): Stripe lists every country it ships to.
      return InvalidRequestError(
          "", absl::StrCat(kParam, "[", i, "]"),
          absl::StrCat("Invalid ", kParam, "[", i, "]: ", c,
                       " is not a two-letter ISO country code."));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CheckoutRequest> CheckCreate(World& w, const CheckoutSessionCreateParams& params) {
  if (!params.has_mode()) return ParameterMissing("mode");
  PAYSIM_RETURN_IF_ERROR(
      ValidateEnum(params.mode(), {"payment", "setup", "subscription"}, "mode"));
  const std::string& mode = params.mode();
  const std::vector<absl::string_view> ui_names = UiModeNames(w.api_version());
  const std::string ui_name = params.has_ui_mode() ? params.ui_mode() : std::string(ui_names[0]);
  if (std::find(ui_names.begin(), ui_names.end(), ui_name) == ui_names.end()) {
    if (ui_names.size() == 3) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(
          ui_name, {ui_names[0], ui_names[1], ui_names[2]}, "ui_mode"));
    } else {
      PAYSIM_RETURN_IF_ERROR(
          ValidateEnum(ui_name, {ui_names[0], ui_names[1]}, "ui_mode"));
    }
  }
  const CheckoutUi ui = UiOfName(ui_name);
  PAYSIM_RETURN_IF_ERROR(ValidateUrls(params, ui, ui_name));
  PAYSIM_RETURN_IF_ERROR(CheckPermissions(params, ui, ui_name, w.api_version()));

  if (params.has_expires_at()) {
    const int64_t lifetime = params.expires_at() - w.created();
    if (lifetime < absl::ToInt64Seconds(kCheckoutSessionMinLifetime)) {
      return InvalidRequestError("", "expires_at",
                                 "The `expires_at` timestamp must be at least 30 minutes "
                                 "from Checkout Session creation.");
    }
    if (lifetime > absl::ToInt64Seconds(kCheckoutSessionLifetime)) {
      return InvalidRequestError("", "expires_at",
                                 "The `expires_at` timestamp must be less than 24 hours "
                                 "from Checkout Session creation.");
    }
  }

  const Customer* customer = nullptr;
  if (params.has_customer()) {
    if (params.has_customer_email()) return OnlyOne("customer", "customer_email", "customer");
    PAYSIM_ASSIGN_OR_RETURN(customer, w.customers().Get(params.customer(), "customer"));
  }
  if (params.has_customer_email()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEmail(params.customer_email(), "customer_email"));
  }
  if (params.has_customer_creation()) {
    if (mode == "subscription") {
      return InvalidRequestError("", "customer_creation",
                                 "`customer_creation` can only be used in `payment` and "
                                 "`setup` mode.");
    }
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(
        params.customer_creation(), {"always", "if_required"}, "customer_creation"));
  }

  const CurrencyInfo* currency = nullptr;
  if (params.has_currency()) {
    PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &currency));
  }
  std::vector<LinePlan> plans;
  std::vector<LinePlan> optional_plans;
  int64_t subtotal = 0;
  CheckoutDiscountChoice discount;
  std::vector<ShippingOptionPlan> shipping;
  if (mode == "setup") {
    PAYSIM_RETURN_IF_ERROR(CheckShippingOptions(w, params.shipping_options(), mode, "").status());
    if (!params.discounts().empty()) {
      // UNCERTAIN (wording).
      return InvalidRequestError("", "discounts",
                                 "You cannot pass `discounts` in `setup` mode.");
    }
    if (!params.line_items().empty()) {
      return InvalidRequestError("", "line_items",
                                 "You cannot pass `line_items` in `setup` mode.");
    }
    if (!params.optional_items().empty()) {
      return InvalidRequestError("", "optional_items",
                                 "You cannot pass `optional_items` in `setup` mode.");
    }
    if (currency == nullptr && params.payment_method_types().empty()) {
      // "Required in setup mode when payment_method_types is not set."
      return InvalidRequestError("parameter_missing", "currency",
                                 "You must provide `currency` in `setup` mode when "
                                 "`payment_method_types` is not set.");
    }
  } else {
    PAYSIM_ASSIGN_OR_RETURN(plans, CheckLineItems(w, params));
    PAYSIM_ASSIGN_OR_RETURN(optional_plans, CheckOptionalItems(w, params, ui, ui_name, plans));
    const CurrencyInfo* items_currency = FindCurrency(plans.front().currency());
    if (currency != nullptr && currency != items_currency) {
      // UNCERTAIN (wording).
      return InvalidRequestError(
          "", "currency",
          absl::StrCat("The currency ", currency->code,
                       " does not match the currency of the line items, ",
                       items_currency->code, "."));
    }
    currency = items_currency;
    for (const LinePlan& plan : plans) subtotal += plan.amount();
    CheckoutDiscountContext context;
    context.customer = customer != nullptr ? customer->id() : "";
    context.currency = std::string(currency->code);
    context.subtotal = subtotal;
    PAYSIM_ASSIGN_OR_RETURN(discount, CheckCreateDiscounts(w, params, context));
    PAYSIM_ASSIGN_OR_RETURN(shipping,
                            CheckShippingOptions(w, params.shipping_options(), mode,
                                                 std::string(currency->code)));
    // UNCERTAIN: a discount may bring the total to 0 (no payment required); between 0 and
    // the currency's minimum it is refused as any small total is. The first shipping option
    // (the one chosen) counts.
    const int64_t shipping_amount = shipping.empty() ? 0 : shipping.front().amount();
    PAYSIM_RETURN_IF_ERROR(CheckCheckoutTotal(
        PlannedTotal(plans, discount) + shipping_amount, *currency,
        /*zero_allowed=*/mode == "subscription" || discount.given(), "line_items"));
  }
  const std::string currency_code = currency != nullptr ? std::string(currency->code) : "";
  PAYSIM_ASSIGN_OR_RETURN(std::vector<std::string> types,
                          ResolvePaymentMethodTypes(w, params, currency_code));
  PAYSIM_RETURN_IF_ERROR(
      CheckThreeDSecureRequest(params.payment_method_options().card(),
                               std::find(types.begin(), types.end(), "card") != types.end())
          .status());

  if (params.has_billing_address_collection()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.billing_address_collection(),
                                                  {"auto", "required"},
                                                  "billing_address_collection"));
  }
  if (params.has_shipping_address_collection()) {
    PAYSIM_RETURN_IF_ERROR(ValidateCountries(params.shipping_address_collection()));
  }
  PAYSIM_RETURN_IF_ERROR(ValidateConsentCollection(params));
  PAYSIM_RETURN_IF_ERROR(CheckCustomFields(params, ui == CheckoutUi::kElements, ui_name));
  if (params.has_invoice_creation()) {
    PAYSIM_RETURN_IF_ERROR(CheckInvoiceCreation(params.invoice_creation(), mode));
  }
  PAYSIM_RETURN_IF_ERROR(CheckCustomText(params.custom_text()));
  PAYSIM_RETURN_IF_ERROR(CheckAfterExpiration(params));
  PAYSIM_RETURN_IF_ERROR(CheckPageWording(params, mode));
  if (params.has_payment_intent_data()) {
    PAYSIM_RETURN_IF_ERROR(ValidateModeOnly("payment_intent_data", "payment", mode));
    PAYSIM_RETURN_IF_ERROR(ValidatePaymentIntentData(
        w, params.payment_intent_data(),
        std::find(types.begin(), types.end(), "card") != types.end()));
  }
  if (params.has_setup_intent_data()) {
    PAYSIM_RETURN_IF_ERROR(ValidateModeOnly("setup_intent_data", "setup", mode));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.setup_intent_data().metadata()));
  }
  if (params.has_subscription_data()) {
    PAYSIM_RETURN_IF_ERROR(ValidateModeOnly("subscription_data", "subscription", mode));
    PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.subscription_data().metadata()));
    PAYSIM_RETURN_IF_ERROR(CheckDefaultTaxRates(w, params));
  }
  if (!params.setup_intent_data().default_tax_rates().empty()) {
    return ParameterUnknown("setup_intent_data[default_tax_rates]");
  }
  PAYSIM_RETURN_IF_ERROR(
      CheckCheckoutTrial(params.subscription_data(), params.setup_intent_data(), w.created()));
  PriceRecurring first_interval;  // the first recurring line's: the anchor's natural bound
  for (const LinePlan& plan : plans) {
    if (!plan.recurring()) continue;
    if (plan.price != nullptr) {
      first_interval = plan.price->recurring();
    } else {
      first_interval.set_interval(plan.draft.interval);
      first_interval.set_interval_count(plan.draft.interval_count);
    }
    break;
  }
  PAYSIM_RETURN_IF_ERROR(CheckCheckoutAnchor(params.subscription_data(),
                                             params.setup_intent_data(), first_interval,
                                             w.created()));
  if (params.has_saved_payment_method_options()) {
    if (mode == "setup") {
      return InvalidRequestError("", "saved_payment_method_options",
                                 "`saved_payment_method_options` is only available in "
                                 "`payment` and `subscription` mode.");
    }
    const auto& filters = params.saved_payment_method_options().allow_redisplay_filters();
    for (int i = 0; i < filters.size(); ++i) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(
          filters[i], {"always", "limited", "unspecified"},
          absl::StrCat("saved_payment_method_options[allow_redisplay_filters][", i, "]")));
    }
  }
  PAYSIM_RETURN_IF_ERROR(CheckAdaptivePricing(w, params, mode));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
  if (params.client_reference_id().size() >
      static_cast<size_t>(kCheckoutClientReferenceIdMaxLength)) {
    return InvalidRequestError(
        "", "client_reference_id",
        absl::StrCat("client_reference_id can be at most ",
                     kCheckoutClientReferenceIdMaxLength, " characters long."));
  }

  PAYSIM_RETURN_IF_ERROR(CheckAutomaticTax(w, params, mode, plans, shipping, customer));
  CheckoutRequest request;
  request.mode = mode;
  request.ui_name = ui_name;
  request.ui = ui;
  request.customer = customer;
  request.currency = currency_code;
  request.plans = std::move(plans);
  request.optional_plans = std::move(optional_plans);
  request.subtotal = subtotal;
  request.types = std::move(types);
  request.discount = discount;
  request.shipping = std::move(shipping);
  return request;
}

}  // namespace internal
}  // namespace paysim
