// invoice_payment_method.h (internal): what an invoice is paid with. The payment method an
// automatic attempt charges (Stripe's order: the invoice's, the subscription's, then the
// customer's defaults), and the payment method types its PaymentIntent allows: those of its
// payment_settings[payment_method_types] when given (on the invoice, or copied from its
// subscription), else Stripe's automatic choice: card, and the bank debit type (sepa_debit,
// us_bank_account) of the payment method an attempt would charge.
//
// Only FollowPaymentMethodTypes writes (it asks the PaymentIntent lifecycle). Thread safety:
// callers hold the World's lock.
#ifndef PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_METHOD_H_
#define PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_METHOD_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/world.h"
#include "proto/billing.obj.h"
#include "proto/checkout.obj.h"
#include "proto/invoice_params.pb.h"

namespace paysim {
namespace internal {

// The payment method an automatic attempt on `invoice` uses ("" if none): the invoice's
// default_payment_method, its default_source, the subscription's default_payment_method and
// default_source, the customer's invoice_settings.default_payment_method, then the customer's
// default source (a source is a saved card_ id; a deleted one is passed over).
std::string PaymentMethodFor(World& world, const Invoice& invoice);
// The one the subscription's next invoice would use ("" if none).
std::string PaymentMethodFor(World& world, const Subscription& subscription);

// The payment_method_types of the PaymentIntent that collects `invoice` (see above). A
// payment method `also_allowed` (one an attempt is about to charge: a `pm_` id, a card or a
// source) adds its type to Stripe's automatic choice, never to types the invoice was given.
std::vector<std::string> PaymentMethodTypesFor(World& world, const Invoice& invoice,
                                               absl::string_view also_allowed = "");

// Whether `payment_method`'s type is among `types` (an unknown type is not refused here).
bool PaymentMethodAllowed(World& world, const std::vector<std::string>& types,
                          absl::string_view payment_method);

// The type of the payment method `id` pays with: a PaymentMethod's type; "card" for a saved
// card or source; "" when unknown.
std::string PaymentMethodTypeOf(World& world, absl::string_view id);

// OK unless `subscription`'s payment_settings[payment_method_types] (given) leave out the type
// of `payment_method` (the one its invoice would charge); then the error an attempt would
// meet (invalid_request_error naming payment_method). For error_if_incomplete, refused before
// anything changes.
absl::Status CheckPaymentMethodAllowed(World& world, const Subscription& subscription,
                                       absl::string_view payment_method);

// Gives the open `invoice`'s PaymentIntent, while it waits for a payment method or a
// confirmation, `types` (PaymentMethodTypesFor's; nothing when they are its types already; no
// event: Stripe has no payment_intent.updated).
void FollowPaymentMethodTypes(World& world, const Invoice& invoice,
                              const std::vector<std::string>& types);

// Sets an invoice's payment_settings[payment_method_types] from `params` (checked by
// CheckPaymentSettingsTypes); nothing when not given, Stripe's automatic choice when emptied.
// And its payment_method_options[card][request_three_d_secure] when given (checked by
// CheckPaymentSettingsOptions).
void SetInvoicePaymentSettings(const InvoicePaymentSettingsParams& params, Invoice& invoice);

// Checks payment_settings[payment_method_options] of a subscription or an invoice:
// [card][request_three_d_secure] one of automatic, any, challenge (else invalid_request_error
// naming payment_method_options[card][request_three_d_secure]).
absl::Status CheckPaymentSettingsOptions(const PaymentSettingsMethodOptionsParams& options);

// Gives `pi`, the PaymentIntent `invoice` is paid with, the invoice's
// payment_method_options[card][request_three_d_secure] when given (and cards among its types).
void PassCardOptions(const Invoice& invoice, PaymentIntent& pi);

// Checks payment_settings[payment_method_types] of a subscription or an invoice: each one of
// card, sepa_debit and us_bank_account (else invalid_request_error naming
// payment_settings[payment_method_types][i]).
absl::Status CheckPaymentSettingsTypes(
    const google::protobuf::RepeatedPtrField<std::string>& types);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_INVOICE_PAYMENT_METHOD_H_
