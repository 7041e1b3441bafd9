// customer_balance_options.h (internal): what a PaymentIntent paid from the customer's cash
// balance takes: `payment_method_options[customer_balance]` (funding_type bank_transfer, the
// bank transfer type) and a customer.
//
// Errors (invalid_request_error; nothing is changed by a check): funding_type other than
// bank_transfer (param payment_method_options[customer_balance][funding_type]); a bank
// transfer type Stripe does not offer (param
// payment_method_options[customer_balance][bank_transfer][type]); customer_balance options on
// an intent whose payment_method_types lack it (param payment_method_options); a
// customer_balance payment without a customer (param customer).
//
// Thread safety: pure functions.
#ifndef PAYSIM_ENGINE_INTERNAL_CUSTOMER_BALANCE_OPTIONS_H_
#define PAYSIM_ENGINE_INTERNAL_CUSTOMER_BALANCE_OPTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proto/params.pb.h"
#include "proto/payment_intent.obj.h"

namespace paysim {
namespace internal {

// Checks the customer_balance options of `params` against the intent's payment_method_types
// (`types`) and its customer (`has_customer`), for an intent that will pay with `type` ("" :
// none chosen yet). Returns the intent's payment_method_options (empty when none are given).
absl::StatusOr<PaymentIntentPaymentMethodOptions> CheckCustomerBalanceOptions(
    const PaymentIntentCreateParams& params, const std::vector<std::string>& types,
    bool has_customer, const std::string& type);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_CUSTOMER_BALANCE_OPTIONS_H_
