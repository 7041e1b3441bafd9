// The options of a PaymentIntent paid from the customer's cash balance.
#include "engine/internal/customer_balance_options.h"

#include <algorithm>

#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::StatusOr<PaymentIntentPaymentMethodOptions> CheckCustomerBalanceOptions(
    const PaymentIntentCreateParams& params, const std::vector<std::string>& types,
    bool has_customer, const std::string& type) {
  PaymentIntentPaymentMethodOptions out;
  const bool allowed =
      std::find(types.begin(), types.end(), "customer_balance") != types.end();
  if (params.has_payment_method_options() &&
      params.payment_method_options().has_customer_balance()) {
    const CustomerBalanceOptionsParams& given = params.payment_method_options().customer_balance();
    if (!allowed) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError(
          "", "payment_method_options",
          "payment_method_options[customer_balance] was given, but customer_balance is not one "
          "of this PaymentIntent's payment_method_types.");
    }
    if (given.has_funding_type()) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(given.funding_type(), {"bank_transfer"},
                                          "payment_method_options[customer_balance][funding_type]"));
    }
    CustomerBalancePaymentMethodOptions* options = out.mutable_customer_balance();
    if (given.has_bank_transfer() && given.bank_transfer().has_type()) {
      // UNCERTAIN: jp_bank_account is taken as jp_bank_transfer, the type Stripe's
      // instructions name.
      std::string transfer = given.bank_transfer().type();
      if (transfer == "jp_bank_account") transfer = "jp_bank_transfer";
      PAYSIM_RETURN_IF_ERROR(
          ValidateEnum(transfer,
                       {"eu_bank_transfer", "gb_bank_transfer", "jp_bank_transfer",
                        "mx_bank_transfer", "us_bank_transfer"},
                       "payment_method_options[customer_balance][bank_transfer][type]"));
      options->mutable_bank_transfer()->set_type(transfer);
    }
    if (given.has_funding_type()) options->set_funding_type(given.funding_type());
  }
  if (type == "customer_balance" && !has_customer) {
    // UNCERTAIN: Stripe's wording.
    return InvalidRequestError(
        "", "customer",
        "A customer is required to pay a PaymentIntent with the customer_balance payment method.");
  }
  return out;
}

}  // namespace internal
}  // namespace paysim
