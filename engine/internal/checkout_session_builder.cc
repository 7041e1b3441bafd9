// Building a checked Checkout Session (checkout_session_request.h).
#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/interned.h"
#include "engine/internal/catalog_lifecycle.h"
#include "engine/internal/checkout_adaptive_pricing.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/checkout_billing_cycle_anchor.h"
#include "engine/internal/checkout_custom_fields.h"
#include "engine/internal/checkout_custom_text.h"
#include "engine/internal/checkout_invoice_creation.h"
#include "engine/internal/checkout_optional_items.h"
#include "engine/internal/checkout_recovery.h"
#include "engine/internal/checkout_page_wording.h"
#include "engine/internal/checkout_subscription_trial.h"
#include "engine/internal/checkout_totals.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/params_util.h"

namespace paysim {
namespace internal {
namespace {

// "cs_test_" + a1 (payment), b1 (subscription) or c1 (setup) + 56 base62 characters.
// UNCERTAIN: the two-character tag by mode follows ids seen in Stripe's docs and fixtures
// (`cs_test_a1...` for payments, `cs_test_b1...` for subscriptions).
std::string NewSessionId(World& w, absl::string_view mode) {
  const absl::string_view tag = mode == "payment" ? "a1" : mode == "subscription" ? "b1" : "c1";
  return absl::StrCat("cs_test_", tag, w.ids().RandomString(56));
}

// `consent_collection` as given (validated by the request); left null when not given.
void SetConsentCollection(const CheckoutSessionCreateParams& params, CheckoutSession& session) {
  if (!params.has_consent_collection()) return;
  *session.mutable_consent_collection() = ConsentCollectionFrom(params.consent_collection());
}

}  // namespace

void BuildLineItem(World& w, const LinePlan& plan, LineItem& item) {
  const Price& price =
      plan.price != nullptr
          ? *plan.price
          : PriceLifecycle::Create(w, NewPrice(w, plan.draft, plan.draft.product,
                                               /*ad_hoc=*/true));
  item.set_id(w.ids().NewId("li_"));
  item.set_object(PAYSIM_INTERNED("item"));
  for (const TaxRate* rate : plan.tax_rates) item.add_tax_rates(*rate);
  for (const TaxRate* rate : plan.dynamic_tax_rates) item.add_dynamic_tax_rates(*rate);
  item.set_currency(price.currency_shared());
  const Product* product = w.products().Find(price.product());
  if (product != nullptr) {
    item.set_description(product->name_shared());
  } else {
    item.set_description("");
  }
  *item.mutable_price() = price;
  item.set_quantity(plan.quantity);
  if (plan.adjustable) {
    item.mutable_adjustable_quantity()->set_minimum(plan.minimum);
    item.mutable_adjustable_quantity()->set_maximum(plan.maximum);
  }
}

void AddPlannedLine(const LinePlan& plan, CheckoutSession& draft) {
  LineItem* item = draft.add_line_items();
  if (plan.price != nullptr) {
    *item->mutable_price() = *plan.price;  // its tiers too
  } else {
    item->mutable_price()->set_unit_amount(plan.unit_amount());
    item->mutable_price()->set_product(plan.draft.product);
  }
  item->set_quantity(plan.quantity);
  for (const TaxRate* rate : plan.tax_rates) item->add_tax_rates(*rate);
}

int64_t PlannedTotal(const std::vector<LinePlan>& plans, const CheckoutDiscountChoice& choice) {
  CheckoutSession draft;
  // The session's currency (all its line items share it): an amount_off coupon's amount in it.
  if (!plans.empty()) draft.set_currency(plans.front().currency());
  for (const LinePlan& plan : plans) AddPlannedLine(plan, draft);
  Discount discount;
  if (choice.given()) *discount.mutable_coupon() = *choice.coupon;
  FillCheckoutTotals(choice.given() ? &discount : nullptr, draft);
  return draft.amount_total();
}

CheckoutSession BuildSession(World& w, const CheckoutSessionCreateParams& params,
                             const CheckoutRequest& request) {
  const std::string& mode = request.mode;
  const std::string& ui_name = request.ui_name;
  const CheckoutUi ui = request.ui;
  const Customer* customer = request.customer;
  const std::string& currency_code = request.currency;
  const std::vector<LinePlan>& plans = request.plans;
  const std::vector<std::string>& types = request.types;
  CheckoutSession session;
  session.set_id(NewSessionId(w, mode));
  session.set_object(PAYSIM_INTERNED("checkout.session"));
  ApplyCustomText(params.custom_text(), *session.mutable_custom_text());
  ApplyAfterExpiration(params, session);
  SetPageWording(params, session);
  session.mutable_managed_payments()->set_enabled(false);
  // Payment mode: as given (not enabled by default); null in the other modes.
  if (mode == "payment") {
    *session.mutable_invoice_creation() = InvoiceCreationFrom(params.invoice_creation());
  }
  InitAdaptivePricing(w, params, session);
  // Stripe: "Adaptive Pricing is always enabled for Payment Links."
  if (!request.payment_link.empty()) session.mutable_adaptive_pricing()->set_enabled(true);
  for (const LinePlan& plan : plans) BuildLineItem(w, plan, *session.add_line_items());
  for (const LinePlan& plan : request.optional_plans) {
    BuildLineItem(w, plan, *session.add_optional_line_items());
  }
  RenderOptionalItems(params, session);
  if (params.has_allow_promotion_codes()) {
    session.set_allow_promotion_codes(params.allow_promotion_codes());
  }
  if (request.discount.given()) {
    *session.mutable_applied_discount() = NewCheckoutDiscount(w, request.discount, session.id());
    CheckoutSessionDiscount* shown = session.add_discounts();
    shown->set_coupon(request.discount.coupon->id());
    if (request.discount.promotion_code != nullptr) {
      shown->set_promotion_code(request.discount.promotion_code->id());
    }
  }
  // before the totals
  if (!currency_code.empty()) session.set_currency(InternedCopy(currency_code));
  if (params.has_subscription_data()) {
    SetCheckoutTrial(params.subscription_data(), *session.mutable_subscription_data());
    SetCheckoutAnchor(params.subscription_data(), w.created(),
                      *session.mutable_subscription_data());
    absl::StatusOr<std::vector<TaxRate>> defaults = CheckBillingTaxRates(
        w, params.subscription_data().default_tax_rates(), "");  // checked: found
    if (defaults.ok()) {
      for (TaxRate& rate : *defaults) {
        *session.mutable_subscription_data()->add_default_tax_rates() = std::move(rate);
      }
    }
  }
  if (mode != "setup") {
    ApplyShippingOptions(w, request.shipping, session);
    session.mutable_total_details()->set_amount_shipping(0);
    const Discount applied = session.applied_discount();  // a copy: session changes below
    FillCheckoutTotals(session.has_applied_discount() ? &applied : nullptr, session);
  }
  SetCustomerUpdate(params, session);
  if (params.permissions().has_update_shipping_details()) {
    session.mutable_permissions()->set_update_shipping_details(
        params.permissions().update_shipping_details());
  }
  const bool automatic_tax = params.automatic_tax().enabled();
  session.mutable_automatic_tax()->set_enabled(automatic_tax);
  if (automatic_tax) {
    session.mutable_automatic_tax()->set_status(PAYSIM_INTERNED("requires_location_inputs"));
  }
  if (params.has_billing_address_collection()) {
    session.set_billing_address_collection(params.billing_address_collection());
  }
  SetConsentCollection(params, session);
  SetCustomFields(params, session);
  // `{}`, or the card section when the session takes cards (3D Secure as Stripe decides).
  CheckoutPaymentMethodOptions* options = session.mutable_payment_method_options();
  if (std::find(types.begin(), types.end(), "card") != types.end()) {
    const CardIntentOptionsParams& card = params.payment_method_options().card();
    options->mutable_card()->set_request_three_d_secure(
        card.has_request_three_d_secure() ? InternedCopy(card.request_three_d_secure())
                                          : PAYSIM_INTERNED("automatic"));
  }
  if (params.has_cancel_url()) session.set_cancel_url(params.cancel_url());
  if (params.has_client_reference_id()) {
    session.set_client_reference_id(params.client_reference_id());
  }
  if (ui != CheckoutUi::kHosted) {
    session.set_client_secret(NewClientSecret(w, session.id()));
  }
  session.set_created(w.created());
  if (!currency_code.empty()) session.set_currency(InternedCopy(currency_code));
  if (customer != nullptr) session.set_customer(customer->id_shared());
  if (mode != "subscription") {
    session.set_customer_creation(
        params.has_customer_creation()
            ? InternedCopy(params.customer_creation())
            : Interned(CheckoutPaymentIntentIsDeferred(w.api_version()) || mode == "setup"
                           ? "if_required"
                           : "always"));
  }
  if (params.has_customer_email()) session.set_customer_email(params.customer_email());
  session.set_expires_at(params.has_expires_at()
                             ? params.expires_at()
                             : absl::ToUnixSeconds(w.now() + kCheckoutSessionLifetime));
  session.set_livemode(false);
  *session.mutable_metadata() = params.metadata();
  session.set_mode(InternedCopy(mode));  // validated: interned, as ui_mode
  if (mode == "subscription") session.set_payment_method_collection(PAYSIM_INTERNED("always"));
  for (const std::string& type : types) session.add_payment_method_types(type);
  session.set_payment_status(Interned(mode == "setup" ? "no_payment_required" : "unpaid"));
  if (!request.payment_link.empty()) session.set_payment_link(request.payment_link);
  session.mutable_phone_number_collection()->set_enabled(request.phone_number_collection);
  if (ui == CheckoutUi::kEmbedded) {
    session.set_redirect_on_completion(
        params.has_redirect_on_completion() ? InternedCopy(params.redirect_on_completion())
                                            : PAYSIM_INTERNED("always"));
  }
  if (params.has_return_url()) session.set_return_url(params.return_url());
  if (customer != nullptr && mode != "setup") {
    // Default: only cards the customer agreed to see again ("always").
    CheckoutSavedPaymentMethodOptions* saved = session.mutable_saved_payment_method_options();
    const auto& filters = params.saved_payment_method_options().allow_redisplay_filters();
    if (filters.empty()) {
      saved->add_allow_redisplay_filters("always");
    } else {
      *saved->mutable_allow_redisplay_filters() = filters;
    }
  }
  if (params.has_shipping_address_collection()) {
    *session.mutable_shipping_address_collection()->mutable_allowed_countries() =
        params.shipping_address_collection().allowed_countries();
  }
  if (params.has_success_url()) session.set_success_url(params.success_url());
  session.set_ui_mode(InternedCopy(ui_name));
  if (ui == CheckoutUi::kHosted) {
    session.set_url_from_id();  // derived from the id (proto/checkout.proto)
  }
  if (params.has_payment_intent_data()) {
    const CheckoutPaymentIntentDataParams& d = params.payment_intent_data();
    CheckoutPaymentIntentData* data = session.mutable_payment_intent_data();
    if (d.has_capture_method()) data->set_capture_method(d.capture_method());
    if (d.has_description()) data->set_description(d.description());
    *data->mutable_metadata() = d.metadata();
    if (d.has_receipt_email()) data->set_receipt_email(d.receipt_email());
    if (d.has_setup_future_usage()) data->set_setup_future_usage(d.setup_future_usage());
    if (d.has_statement_descriptor_suffix()) {
      data->set_statement_descriptor_suffix(d.statement_descriptor_suffix());
    }
    if (d.has_shipping()) *data->mutable_shipping() = ShippingFrom(d.shipping());
    if (d.has_statement_descriptor()) data->set_statement_descriptor(d.statement_descriptor());
    if (!d.transfer_group().empty()) data->set_transfer_group(d.transfer_group());
  }
  if (params.has_setup_intent_data()) {
    if (params.setup_intent_data().has_description()) {
      session.mutable_setup_intent_data()->set_description(
          params.setup_intent_data().description());
    }
    *session.mutable_setup_intent_data()->mutable_metadata() =
        params.setup_intent_data().metadata();
  }
  if (params.has_subscription_data()) {
    if (params.subscription_data().has_description()) {
      session.mutable_subscription_data()->set_description(
          params.subscription_data().description());
    }
    *session.mutable_subscription_data()->mutable_metadata() =
        params.subscription_data().metadata();
  }
  if (automatic_tax && mode != "setup") {
    // An existing customer's saved address may already say where the customer is.
    const Address* location = TaxLocation(session, customer, nullptr, nullptr);
    if (location != nullptr) ApplyAutomaticTax(w, *location, session);
  }
  return session;
}

}  // namespace internal
}  // namespace paysim
