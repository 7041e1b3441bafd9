#include "engine/internal/subscription_default_settings.h"

#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/invoice_payment_method.h"
#include "engine/internal/status_macros.h"

namespace paysim {
namespace internal {
namespace {

// Built once and shared by every subscription (copy on write: each holds a reference).
struct Defaults {
  SubscriptionBillingMode billing_mode;
  SubscriptionInvoiceSettings invoice_settings;
  SubscriptionPaymentSettings payment_settings;
};

const Defaults& TheDefaults() {
  static const Defaults* defaults = [] {
    auto* made = new Defaults();
    made->billing_mode.set_type(Interned("classic"));
    made->invoice_settings.mutable_issuer()->set_type(Interned("self"));
    made->payment_settings.set_save_default_payment_method(Interned("off"));
    return made;
  }();
  return *defaults;
}

}  // namespace

void StampDefaultSettings(Subscription& subscription) {
  const Defaults& defaults = TheDefaults();
  *subscription.mutable_billing_mode() = defaults.billing_mode;
  *subscription.mutable_invoice_settings() = defaults.invoice_settings;
  // What the request asked for (payment_settings[...]) stays.
  if (subscription.payment_settings().save_default_payment_method() != kSaveOnSubscription &&
      subscription.payment_settings().payment_method_types().empty() &&
      !subscription.payment_settings().has_payment_method_options()) {
    *subscription.mutable_payment_settings() = defaults.payment_settings;
  } else if (subscription.payment_settings().save_default_payment_method().empty()) {
    subscription.mutable_payment_settings()->set_save_default_payment_method(Interned("off"));
  }
}

absl::Status CheckSubscriptionPaymentSettings(const SubscriptionPaymentSettingsParams& params) {
  if (params.has_save_default_payment_method()) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(params.save_default_payment_method(),
                                        {"off", kSaveOnSubscription},
                                        "payment_settings[save_default_payment_method]"));
  }
  PAYSIM_RETURN_IF_ERROR(CheckPaymentSettingsOptions(params.payment_method_options()));
  return CheckPaymentSettingsTypes(params.payment_method_types());
}

void SetSubscriptionPaymentSettings(const SubscriptionPaymentSettingsParams& params,
                                    Subscription& subscription) {
  if (params.has_save_default_payment_method()) {
    subscription.mutable_payment_settings()->set_save_default_payment_method(Interned(
        params.save_default_payment_method() == kSaveOnSubscription ? kSaveOnSubscription
                                                                     : "off"));
  }
  const CardIntentOptionsParams& card = params.payment_method_options().card();
  if (card.has_request_three_d_secure()) {
    subscription.mutable_payment_settings()
        ->mutable_payment_method_options()
        ->mutable_card()
        ->set_request_three_d_secure(InternedCopy(card.request_three_d_secure()));
  }
  if (!params.payment_method_types().empty() || params.payment_method_types_emptied()) {
    SubscriptionPaymentSettings* settings = subscription.mutable_payment_settings();
    settings->clear_payment_method_types();
    for (const std::string& type : params.payment_method_types()) {
      settings->add_payment_method_types(type);
    }
  }
}

}  // namespace internal
}  // namespace paysim
