// The Checkout Session a Payment Link opens (payment_link_request.h): the request a customer
// opening the link makes.
#include "engine/internal/checkout_custom_text.h"
#include "engine/internal/checkout_invoice_creation.h"
#include "engine/internal/payment_link_custom_fields.h"
#include "engine/internal/payment_link_intent_data.h"
#include "engine/internal/payment_link_request.h"

namespace paysim {
namespace internal {

CheckoutSessionCreateParams SessionParamsFor(const PaymentLink& link) {
  const bool subscription = HasRecurringItem(link);
  CheckoutSessionCreateParams session;
  session.set_mode(subscription ? "subscription" : "payment");
  for (const LineItem& item : link.line_items()) {
    CheckoutLineItemParams* line = session.add_line_items();
    line->set_price(item.price().id());
    line->set_quantity(item.quantity());
    if (item.has_adjustable_quantity()) {
      CheckoutAdjustableQuantityParams* adjustable = line->mutable_adjustable_quantity();
      adjustable->set_enabled(true);
      adjustable->set_minimum(item.adjustable_quantity().minimum());
      adjustable->set_maximum(item.adjustable_quantity().maximum());
    }
  }
  if (!subscription) session.set_customer_creation(link.customer_creation());
  session.set_billing_address_collection(link.billing_address_collection());
  if (link.has_shipping_address_collection()) {
    for (const std::string& country : link.shipping_address_collection().allowed_countries()) {
      session.mutable_shipping_address_collection()->add_allowed_countries(country);
    }
  }
  for (const std::string& type : link.payment_method_types()) {
    session.add_payment_method_types(type);
  }
  if (link.automatic_tax().enabled()) session.mutable_automatic_tax()->set_enabled(true);
  for (const CheckoutShippingOption& option : link.shipping_options()) {
    session.add_shipping_options()->set_shipping_rate(option.shipping_rate());
  }
  if (link.has_subscription_data()) {
    const PaymentLinkSubscriptionData& data = link.subscription_data();
    CheckoutIntentDataParams* given = session.mutable_subscription_data();
    if (data.has_description()) given->set_description(data.description());
    data.metadata().CopyTo(given->mutable_metadata());
    if (data.has_trial_period_days()) given->set_trial_period_days(data.trial_period_days());
    if (data.has_trial_settings()) {
      given->mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method(
          data.trial_settings().end_behavior().missing_payment_method());
    }
  }
  AddPaymentLinkIntentData(link, &session);
  if (link.invoice_creation().enabled()) {
    *session.mutable_invoice_creation() = InvoiceCreationParams(link.invoice_creation());
  }
  for (const CheckoutOptionalItem& item : link.optional_items()) {
    CheckoutOptionalItemParams* given = session.add_optional_items();
    given->set_price(item.price());
    given->set_quantity(item.quantity());
    if (!item.has_adjustable_quantity()) continue;
    const CheckoutOptionalItemAdjustableQuantity& bounds = item.adjustable_quantity();
    CheckoutAdjustableQuantityParams* adjustable = given->mutable_adjustable_quantity();
    adjustable->set_enabled(bounds.enabled());
    if (bounds.has_maximum()) adjustable->set_maximum(bounds.maximum());
    if (bounds.has_minimum()) adjustable->set_minimum(bounds.minimum());
  }
  *session.mutable_custom_text() = CustomTextParams(link.custom_text());
  *session.mutable_custom_fields() = PaymentLinkCustomFieldParams(link);
  if (!link.submit_type().empty()) session.set_submit_type(link.submit_type());
  if (link.has_consent_collection()) {
    const CheckoutConsentCollection& consent = link.consent_collection();
    CheckoutConsentCollectionParams* given = session.mutable_consent_collection();
    if (consent.has_payment_method_reuse_agreement()) {
      given->mutable_payment_method_reuse_agreement()->set_position(
          consent.payment_method_reuse_agreement().position());
    }
    if (consent.has_promotions()) given->set_promotions(consent.promotions());
    if (consent.has_terms_of_service()) given->set_terms_of_service(consent.terms_of_service());
  }
  // The customer may enter a promotion code on the page the link opens.
  if (link.allow_promotion_codes()) session.set_allow_promotion_codes(true);
  if (link.after_completion().type() == "redirect") {
    session.set_success_url(link.after_completion().redirect().url());
  }
  return session;
}

}  // namespace internal
}  // namespace paysim
