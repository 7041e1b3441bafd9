// subscription_default_settings.h (internal): the settings every subscription renders as
// Stripe's defaults, written by the Subscription lifecycle when it creates one:
//   billing_mode      {"flexible": null, "type": "classic"}
//   invoice_settings  {"account_tax_ids": null, "issuer": {"type": "self"}}
//   payment_settings  {"payment_method_options": null, "payment_method_types": null,
//                      "save_default_payment_method": "off"}
// and, always null here: application, application_fee_percent, billing_cycle_anchor_config,
// billing_thresholds, default_source, next_pending_invoice_item_invoice, on_behalf_of,
// pending_invoice_item_interval, pending_setup_intent, pending_update, transfer_data.
// paysim takes none of the parameters that would change them, except
// payment_settings[save_default_payment_method] (`on_subscription`: a successful payment of one
// of its invoices makes the payment method that paid its default_payment_method; the
// Subscription lifecycle's OnInvoicePaid) and payment_settings[payment_method_types] (copied
// onto each invoice it makes: what the invoice's PaymentIntent may be paid with;
// invoice_payment_method.h).
//
// Thread safety: the shared parts are immutable constants.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_DEFAULT_SETTINGS_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_DEFAULT_SETTINGS_H_

#include "absl/status/status.h"
#include "proto/checkout.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

inline constexpr char kSaveOnSubscription[] = "on_subscription";

// Writes the defaults above on a new `subscription` (keeping the payment_settings it was
// given).
void StampDefaultSettings(Subscription& subscription);

// payment_settings[save_default_payment_method] is off or on_subscription, and each of
// payment_settings[payment_method_types] card, sepa_debit or us_bank_account (else
// invalid_request_error naming the parameter).
absl::Status CheckSubscriptionPaymentSettings(const SubscriptionPaymentSettingsParams& params);

// Sets what `params` asks for (checked) on `subscription`; nothing when it asks nothing (an
// emptied payment_method_types returns to Stripe's automatic choice).
void SetSubscriptionPaymentSettings(const SubscriptionPaymentSettingsParams& params,
                                    Subscription& subscription);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_DEFAULT_SETTINGS_H_
