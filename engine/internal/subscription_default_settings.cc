#include "engine/internal/subscription_default_settings.h"

#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"

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
  // What the request asked for (payment_settings[save_default_payment_method]) stays.
  const bool save = subscription.payment_settings().save_default_payment_method() ==
                    kSaveOnSubscription;
  *subscription.mutable_payment_settings() = defaults.payment_settings;
  if (save) {
    subscription.mutable_payment_settings()->set_save_default_payment_method(
        Interned(kSaveOnSubscription));
  }
}

absl::Status CheckSaveDefaultPaymentMethod(const SubscriptionPaymentSettingsParams& params) {
  if (!params.has_save_default_payment_method()) return absl::OkStatus();
  return ValidateEnum(params.save_default_payment_method(), {"off", kSaveOnSubscription},
                      "payment_settings[save_default_payment_method]");
}

void SetSaveDefaultPaymentMethod(const SubscriptionPaymentSettingsParams& params,
                                 Subscription& subscription) {
  if (!params.has_save_default_payment_method()) return;
  subscription.mutable_payment_settings()->set_save_default_payment_method(
      Interned(params.save_default_payment_method() == kSaveOnSubscription ? kSaveOnSubscription
                                                                            : "off"));
}

}  // namespace internal
}  // namespace paysim
