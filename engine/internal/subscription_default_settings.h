// subscription_default_settings.h (internal): the settings every subscription renders as
// Stripe's defaults, written by the Subscription lifecycle when it creates one:
//   billing_mode      {"flexible": null, "type": "classic"}
//   invoice_settings  {"account_tax_ids": null, "issuer": {"type": "self"}}
//   payment_settings  {"payment_method_options": null, "payment_method_types": null,
//                      "save_default_payment_method": "off"}
// and, always null here: application, application_fee_percent, billing_cycle_anchor_config,
// billing_thresholds, default_source, next_pending_invoice_item_invoice, on_behalf_of,
// pending_invoice_item_interval, pending_setup_intent, pending_update, transfer_data.
// paysim takes none of the parameters that would change them.
//
// Thread safety: the shared parts are immutable constants.
#ifndef PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_DEFAULT_SETTINGS_H_
#define PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_DEFAULT_SETTINGS_H_

#include "proto/checkout.obj.h"

namespace paysim {
namespace internal {

// Writes the defaults above on a new `subscription`.
void StampDefaultSettings(Subscription& subscription);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SUBSCRIPTION_DEFAULT_SETTINGS_H_
