// Checking requests about payment links (payment_link_request.h).
#include "engine/internal/payment_link_request.h"

#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/catalog.h"
#include "engine/internal/checkout_custom_text.h"
#include "engine/internal/checkout_invoice_creation.h"
#include "engine/internal/checkout_line_items.h"
#include "engine/internal/checkout_optional_items.h"
#include "engine/internal/checkout_session_request.h"
#include "engine/internal/interned.h"
#include "engine/internal/checkout_subscription_trial.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/payment_link_custom_fields.h"
#include "engine/internal/payment_link_intent_data.h"
#include "engine/internal/params_util.h"
#include "engine/stripe_error.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/url_param.h"
#include "engine/internal/price_tiers.h"
#include "engine/metadata.h"

namespace paysim {
namespace internal {
namespace {

// As Checkout's line items (checkout_session_request.cc).
constexpr int64_t kMaxQuantity = 999999;

std::string ItemParam(int i, absl::string_view field) {
  return absl::StrCat("line_items[", i, "][", field, "]");
}

absl::Status CheckQuantity(int64_t quantity, const std::string& param) {
  if (quantity < 1) {
    return InvalidRequestError("parameter_invalid_integer", param,
                               "This value must be greater than or equal to 1.");
  }
  if (quantity > kMaxQuantity) {
    return InvalidRequestError(
        "parameter_invalid_integer", param,
        absl::StrCat("This value must be less than or equal to ", kMaxQuantity, "."));
  }
  return absl::OkStatus();
}

// after_completion: a type, and a redirect's url (absolute http or https).
absl::Status CheckAfterCompletion(const PaymentLinkAfterCompletionParams& p) {
  if (!p.has_type()) return ParameterMissing("after_completion[type]");
  PAYSIM_RETURN_IF_ERROR(
      ValidateEnum(p.type(), {"hosted_confirmation", "redirect"}, "after_completion[type]"));
  if (p.type() == "redirect") {
    if (!p.has_redirect()) return ParameterMissing("after_completion[redirect]");
    if (!p.redirect().has_url()) return ParameterMissing("after_completion[redirect][url]");
    PAYSIM_RETURN_IF_ERROR(
        CheckUrlParam(p.redirect().url(), "after_completion[redirect][url]"));
  } else if (p.has_redirect()) {
    // UNCERTAIN (wording): the member of the other type.
    return InvalidRequestError("", "after_completion[redirect]",
                               "`after_completion[redirect]` can only be used when "
                               "`after_completion[type]` is `redirect`.");
  }
  if (p.hosted_confirmation().custom_message().size() >
      static_cast<size_t>(kPaymentLinkMessageMaxLength)) {
    return StringTooLong("after_completion[hosted_confirmation][custom_message]",
                   kPaymentLinkMessageMaxLength);
  }
  return absl::OkStatus();
}

PaymentLinkAfterCompletion AfterCompletionFrom(const PaymentLinkAfterCompletionParams& p) {
  PaymentLinkAfterCompletion out;
  out.set_type(p.type());
  if (p.type() == "redirect") {
    out.mutable_redirect()->set_url(p.redirect().url());
  } else {
    PaymentLinkHostedConfirmation* hosted = out.mutable_hosted_confirmation();
    if (!p.hosted_confirmation().custom_message().empty()) {
      hosted->set_custom_message(p.hosted_confirmation().custom_message());
    }
  }
  return out;
}

absl::Status CheckRestrictions(const PaymentLinkRestrictionsParams& p) {
  constexpr absl::string_view kLimit = "restrictions[completed_sessions][limit]";
  if (!p.has_completed_sessions()) return ParameterMissing("restrictions[completed_sessions]");
  if (!p.completed_sessions().has_limit()) return ParameterMissing(kLimit);
  if (p.completed_sessions().limit() < 1) {
    return InvalidRequestError("parameter_invalid_integer", std::string(kLimit),
                               "This value must be greater than or equal to 1.");
  }
  return absl::OkStatus();
}

// subscription_data's description (create only).
absl::Status CheckDescription(const PaymentLinkSubscriptionDataParams& d) {
  constexpr int kMaxLength = 500;
  if (d.description().size() > static_cast<size_t>(kMaxLength)) {
    return StringTooLong("subscription_data[description]", kMaxLength);
  }
  return absl::OkStatus();
}
absl::Status CheckDescription(const PaymentLinkSubscriptionDataUpdateParams&) {
  return absl::OkStatus();
}

// subscription_data: only on a link that sells a subscription; its trial as Checkout's.
template <typename Data>
absl::Status CheckSubscriptionData(const Data& d, bool subscription) {
  if (!subscription) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError("", "subscription_data",
                               "`subscription_data` can only be used with recurring prices.");
  }
  PAYSIM_RETURN_IF_ERROR(CheckDescription(d));
  PAYSIM_RETURN_IF_ERROR(ValidateMetadata(d.metadata()));
  CheckoutIntentDataParams trial;
  if (d.has_trial_period_days()) trial.set_trial_period_days(d.trial_period_days());
  if (d.has_trial_settings()) *trial.mutable_trial_settings() = d.trial_settings();
  return CheckCheckoutTrial(trial, CheckoutIntentDataParams(), /*now=*/0);
}

// The settings create and update share, checked.
template <typename Params>
absl::Status CheckSettings(const Params& p, bool subscription) {
  if (p.has_after_completion()) PAYSIM_RETURN_IF_ERROR(CheckAfterCompletion(p.after_completion()));
  if (p.has_billing_address_collection()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(p.billing_address_collection(), {"auto", "required"},
                                        "billing_address_collection"));
  }
  if (p.has_customer_creation()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEnum(p.customer_creation(), {"always", "if_required"}, "customer_creation"));
    if (subscription) {
      // UNCERTAIN (wording), as Checkout words it for subscription mode.
      return InvalidRequestError("", "customer_creation",
                                 "`customer_creation` can only be used with one-time prices.");
    }
  }
  if (p.inactive_message().size() > static_cast<size_t>(kPaymentLinkMessageMaxLength)) {
    return StringTooLong("inactive_message", kPaymentLinkMessageMaxLength);
  }
  if (p.has_payment_method_collection()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(p.payment_method_collection(),
                                        {"always", "if_required"}, "payment_method_collection"));
  }
  // On update, an empty `restrictions=` removes the limit.
  const bool unset = std::is_same<Params, PaymentLinkUpdateParams>::value &&
                     p.restrictions().ByteSizeLong() == 0;
  if (p.has_restrictions() && !unset) {
    PAYSIM_RETURN_IF_ERROR(CheckRestrictions(p.restrictions()));
  }
  if (p.has_submit_type()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(p.submit_type(),
                                        {"auto", "book", "donate", "pay", "subscribe"},
                                        "submit_type"));
    if (subscription && p.submit_type() != "auto" && p.submit_type() != "subscribe") {
      // UNCERTAIN (wording): a subscription's button says subscribe.
      return InvalidRequestError("", "submit_type",
                                 "`submit_type` can only be `auto` or `subscribe` when the "
                                 "payment link has recurring prices.");
    }
  }
  if (p.has_subscription_data()) {
    PAYSIM_RETURN_IF_ERROR(CheckSubscriptionData(p.subscription_data(), subscription));
  }
  // On update, an empty `consent_collection=` removes it.
  if (p.has_consent_collection() && p.consent_collection().ByteSizeLong() != 0) {
    PAYSIM_RETURN_IF_ERROR(CheckConsentCollection(p.consent_collection()));
  }
  if (p.has_invoice_creation()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckInvoiceCreation(p.invoice_creation(), subscription ? "subscription" : "payment"));
  }
  PAYSIM_RETURN_IF_ERROR(CheckCustomText(p.custom_text()));
  PAYSIM_RETURN_IF_ERROR(CheckPaymentLinkCustomFields(p.custom_fields()));
  return ValidateMetadata(p.metadata());
}

// The trial and metadata given (a new trial replaces the old; metadata given replaces the
// old whole).
template <typename Data>
void SetTrialAndMetadata(const Data& d, PaymentLinkSubscriptionData* data) {
  if (!d.metadata().empty()) *data->mutable_metadata() = d.metadata();
  if (d.has_trial_period_days()) data->set_trial_period_days(d.trial_period_days());
  if (d.trial_settings().end_behavior().has_missing_payment_method()) {
    data->mutable_trial_settings()->mutable_end_behavior()->set_missing_payment_method(
        d.trial_settings().end_behavior().missing_payment_method());
  }
}
void SetSubscriptionData(const PaymentLinkSubscriptionDataParams& d, PaymentLink* link) {
  PaymentLinkSubscriptionData* data = link->mutable_subscription_data();
  if (d.has_description()) data->set_description(d.description());
  SetTrialAndMetadata(d, data);
}
void SetSubscriptionData(const PaymentLinkSubscriptionDataUpdateParams& d, PaymentLink* link) {
  SetTrialAndMetadata(d, link->mutable_subscription_data());
}

// `custom_fields=` on update: the link keeps none.
bool CustomFieldsEmptied(const PaymentLinkCreateParams&) { return false; }
bool CustomFieldsEmptied(const PaymentLinkUpdateParams& p) { return p.custom_fields_emptied(); }

// Sets the settings given (create and update).
template <typename Params>
void ApplySettings(const Params& p, PaymentLink* link) {
  if (p.has_subscription_data()) SetSubscriptionData(p.subscription_data(), link);
  if (p.has_payment_intent_data()) SetPaymentLinkIntentData(p.payment_intent_data(), link);
  if (p.has_consent_collection()) {
    if (p.consent_collection().ByteSizeLong() == 0) {
      link->clear_consent_collection();  // `consent_collection=` (update)
    } else {
      *link->mutable_consent_collection() = ConsentCollectionFrom(p.consent_collection());
    }
  }
  if (p.has_invoice_creation()) {
    *link->mutable_invoice_creation() = InvoiceCreationFrom(p.invoice_creation());
  }
  if (p.has_custom_text()) ApplyCustomText(p.custom_text(), *link->mutable_custom_text());
  if (!p.custom_fields().empty() || CustomFieldsEmptied(p)) {
    SetPaymentLinkCustomFields(p.custom_fields(), *link);
  }
  if (p.has_after_completion()) {
    *link->mutable_after_completion() = AfterCompletionFrom(p.after_completion());
  }
  if (p.has_allow_promotion_codes()) link->set_allow_promotion_codes(p.allow_promotion_codes());
  if (p.automatic_tax().has_enabled()) {
    link->mutable_automatic_tax()->set_enabled(p.automatic_tax().enabled());
  }
  if (p.has_billing_address_collection()) {
    link->set_billing_address_collection(p.billing_address_collection());
  }
  if (p.has_customer_creation()) link->set_customer_creation(p.customer_creation());
  if (p.has_inactive_message()) {
    if (p.inactive_message().empty()) {
      link->clear_inactive_message();
    } else {
      link->set_inactive_message(p.inactive_message());
    }
  }
  if (p.has_payment_method_collection()) {
    link->set_payment_method_collection(p.payment_method_collection());
  }
  if (p.phone_number_collection().has_enabled()) {
    link->mutable_phone_number_collection()->set_enabled(p.phone_number_collection().enabled());
  }
  if (p.has_restrictions()) {
    if (!p.restrictions().has_completed_sessions()) {
      link->clear_restrictions();  // `restrictions=` (update)
    } else {
      PaymentLinkCompletedSessions* sessions =
          link->mutable_restrictions()->mutable_completed_sessions();
      sessions->set_count(link->completed_sessions());
      sessions->set_limit(p.restrictions().completed_sessions().limit());
    }
  }
  if (p.has_submit_type()) link->set_submit_type(p.submit_type());
}

// True if a line item's price (as far as it exists) is recurring: the link sells a
// subscription.
bool SellsSubscription(World& w, const PaymentLinkCreateParams& p) {
  for (const PaymentLinkLineItemParams& item : p.line_items()) {
    const Price* price = w.prices().Find(item.price());
    if (price != nullptr && price->type() == "recurring") return true;
  }
  return false;
}

// The session the link being created would open, for Checkout's checks.
CheckoutSessionCreateParams SessionParamsForCreate(const PaymentLinkCreateParams& p,
                                                   bool subscription) {
  CheckoutSessionCreateParams session;
  session.set_mode(subscription ? "subscription" : "payment");
  for (const PaymentLinkLineItemParams& item : p.line_items()) {
    CheckoutLineItemParams* line = session.add_line_items();
    line->set_price(item.price());
    line->set_quantity(item.quantity());
    if (item.has_adjustable_quantity()) {
      *line->mutable_adjustable_quantity() = item.adjustable_quantity();
    }
  }
  if (p.has_currency()) session.set_currency(p.currency());
  if (p.automatic_tax().enabled()) session.mutable_automatic_tax()->set_enabled(true);
  if (p.has_customer_creation() && !subscription) {
    session.set_customer_creation(p.customer_creation());
  }
  if (p.has_billing_address_collection()) {
    session.set_billing_address_collection(p.billing_address_collection());
  }
  if (p.has_shipping_address_collection()) {
    *session.mutable_shipping_address_collection() = CheckoutShippingAddressCollectionParams();
    for (const std::string& country : p.shipping_address_collection().allowed_countries()) {
      session.mutable_shipping_address_collection()->add_allowed_countries(country);
    }
  }
  for (const std::string& type : p.payment_method_types()) session.add_payment_method_types(type);
  *session.mutable_optional_items() = p.optional_items();
  for (const PaymentLinkShippingOptionParams& option : p.shipping_options()) {
    session.add_shipping_options()->set_shipping_rate(option.shipping_rate());
  }
  return session;
}

void SetLineItem(World& w, const Price& price, int64_t quantity, LineItem* item) {
  const int64_t amount = PriceAmount(price, quantity);
  item->set_amount_discount(0);
  item->set_amount_subtotal(amount);
  item->set_amount_tax(0);
  item->set_amount_total(amount);
  item->set_currency(price.currency());
  const Product* product = w.products().Find(price.product());
  item->set_description(product != nullptr ? product->name() : "");
  *item->mutable_price() = price;
  item->set_quantity(quantity);
}

}  // namespace

bool HasRecurringItem(const PaymentLink& link) {
  for (const LineItem& item : link.line_items()) {
    if (item.price().type() == "recurring") return true;
  }
  return false;
}

absl::StatusOr<PaymentLink> DraftPaymentLink(World& w, const PaymentLinkCreateParams& params) {
  if (params.line_items().empty()) return ParameterMissing("line_items");
  for (int i = 0; i < params.line_items_size(); ++i) {
    const PaymentLinkLineItemParams& item = params.line_items(i);
    if (!item.has_price()) return ParameterMissing(ItemParam(i, "price"));
    if (!item.has_quantity()) return ParameterMissing(ItemParam(i, "quantity"));
  }
  for (int i = 0; i < params.shipping_options_size(); ++i) {
    if (!params.shipping_options(i).has_shipping_rate()) {
      return ParameterMissing(absl::StrCat("shipping_options[", i, "][shipping_rate]"));
    }
  }
  const bool subscription = SellsSubscription(w, params);
  PAYSIM_RETURN_IF_ERROR(CheckSettings(params, subscription));
  if (params.has_payment_intent_data()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckPaymentLinkIntentData(w, params.payment_intent_data(), subscription,
                                   PaymentLinkTakesCards(params.payment_method_types())));
  }
  // Checkout's checks of the line items, currency, collection and payment method types.
  const CheckoutSessionCreateParams session = SessionParamsForCreate(params, subscription);
  PAYSIM_ASSIGN_OR_RETURN(CheckoutRequest request, CheckCreate(w, session));

  PaymentLink link;
  link.set_active(true);
  PaymentLinkAfterCompletion* after = link.mutable_after_completion();
  after->set_type(PAYSIM_INTERNED("hosted_confirmation"));
  after->mutable_hosted_confirmation();
  link.mutable_automatic_tax()->set_enabled(false);
  link.set_billing_address_collection(PAYSIM_INTERNED("auto"));
  link.set_currency(request.currency);
  if (!subscription) link.mutable_invoice_creation()->mutable_invoice_data();  // not enabled
  link.mutable_custom_text();
  link.set_customer_creation(subscription ? "always" : "if_required");
  link.set_payment_method_collection(PAYSIM_INTERNED("always"));
  for (const std::string& type : params.payment_method_types()) {
    link.add_payment_method_types(type);
  }
  link.mutable_phone_number_collection()->set_enabled(false);
  if (params.has_shipping_address_collection()) {
    for (const std::string& country : params.shipping_address_collection().allowed_countries()) {
      link.mutable_shipping_address_collection()->add_allowed_countries(country);
    }
  }
  for (const ShippingOptionPlan& plan : request.shipping) {  // existing rates only
    CheckoutShippingOption* option = link.add_shipping_options();
    option->set_shipping_amount(plan.amount());
    option->set_shipping_rate(plan.rate->id());
  }
  link.set_submit_type(PAYSIM_INTERNED("auto"));
  link.mutable_tax_id_collection()->set_enabled(false);
  link.mutable_tax_id_collection()->set_required(PAYSIM_INTERNED("never"));
  if (subscription) {  // rendered with its defaults on a link that sells a subscription
    link.mutable_subscription_data()->mutable_invoice_settings()->mutable_issuer()->set_type(
        PAYSIM_INTERNED("self"));
  }
  ApplySettings(params, &link);
  CheckoutSession offered;  // its optional_items as Checkout renders them
  RenderOptionalItems(session, offered);
  for (const CheckoutOptionalItem& item : offered.optional_items()) {
    *link.add_optional_items() = item;
  }
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), link.mutable_metadata()));
  for (const LinePlan& plan : request.plans) {
    LineItem* item = link.add_line_items();
    item->set_id(w.ids().NewId("li_"));
    item->set_object(PAYSIM_INTERNED("item"));
    SetLineItem(w, *plan.price, plan.quantity, item);
    if (plan.adjustable) {
      item->mutable_adjustable_quantity()->set_minimum(plan.minimum);
      item->mutable_adjustable_quantity()->set_maximum(plan.maximum);
    }
  }
  return link;
}

namespace {

// `optional_items` on update: the whole list again (`optional_items=` removes them), checked by
// Checkout's own checks of the sessions the updated link will open (so refusals name
// `optional_items[i][...]`). UNCERTAIN: from the version the parameter came in on create.
absl::Status ReplaceOptionalItems(World& w, const PaymentLinkUpdateParams& p, PaymentLink& link) {
  if (!CheckoutTakesOptionalItems(w.api_version())) return ParameterUnknown("optional_items");
  link.clear_optional_items();
  CheckoutSessionCreateParams session = SessionParamsFor(link);
  *session.mutable_optional_items() = p.optional_items();
  PAYSIM_RETURN_IF_ERROR(CheckCreate(w, session).status());
  CheckoutSession offered;  // its optional_items as Checkout renders them
  RenderOptionalItems(session, offered);
  for (const CheckoutOptionalItem& item : offered.optional_items()) {
    *link.add_optional_items() = item;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PaymentLink> UpdatedPaymentLink(World& w, const PaymentLink& current,
                                               const PaymentLinkUpdateParams& params) {
  PAYSIM_RETURN_IF_ERROR(CheckSettings(params, HasRecurringItem(current)));
  if (params.has_payment_intent_data()) {
    PAYSIM_RETURN_IF_ERROR(
        CheckPaymentLinkIntentData(w, params.payment_intent_data(), HasRecurringItem(current),
                                   PaymentLinkTakesCards(current.payment_method_types())));
  }
  PaymentLink updated = current;
  for (int i = 0; i < params.line_items_size(); ++i) {
    const PaymentLinkLineItemUpdateParams& given = params.line_items(i);
    if (!given.has_id()) return ParameterMissing(ItemParam(i, "id"));
    LineItem* item = nullptr;
    for (int j = 0; j < updated.line_items_size(); ++j) {
      if (updated.line_items(j).id() == given.id()) item = updated.mutable_line_items(j);
    }
    if (item == nullptr) return ResourceMissing("line item", given.id(), ItemParam(i, "id"));
    if (given.has_quantity()) {
      PAYSIM_RETURN_IF_ERROR(CheckQuantity(given.quantity(), ItemParam(i, "quantity")));
    }
    // The line's bounds (new ones if given, else its own) hold its quantity (the new one if
    // given).
    CheckoutAdjustableQuantityParams bounds = given.adjustable_quantity();
    if (!given.has_adjustable_quantity() && item->has_adjustable_quantity()) {
      bounds.set_enabled(true);
      bounds.set_minimum(item->adjustable_quantity().minimum());
      bounds.set_maximum(item->adjustable_quantity().maximum());
    }
    if (given.has_adjustable_quantity() || item->has_adjustable_quantity()) {
      LinePlan plan;
      plan.quantity = given.has_quantity() ? given.quantity() : item->quantity();
      PAYSIM_RETURN_IF_ERROR(CheckAdjustableQuantity(bounds, /*metered=*/false, i, plan));
      if (plan.adjustable) {
        item->mutable_adjustable_quantity()->set_minimum(plan.minimum);
        item->mutable_adjustable_quantity()->set_maximum(plan.maximum);
      } else {
        item->clear_adjustable_quantity();
      }
    }
    if (given.has_quantity()) {
      const Price price = item->price();
      SetLineItem(w, price, given.quantity(), item);
    }
  }
  PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
  ApplySettings(params, &updated);
  if (!params.optional_items().empty() || params.optional_items_emptied()) {
    PAYSIM_RETURN_IF_ERROR(ReplaceOptionalItems(w, params, updated));
  }
  if (params.has_active()) updated.set_active(params.active());
  return updated;
}

}  // namespace internal
}  // namespace paysim

