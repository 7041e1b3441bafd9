// payment_methods.h: PaymentMethods (`pm_...`) of type card, and the bank debits sepa_debit
// (`sepa_debit[iban]`, with billing_details[name] and [email]; Stripe's test IBANs decide the
// debit's outcome) and us_bank_account (`us_bank_account[account_number|routing_number|
// account_holder_type|account_type]`: Stripe's ACH test accounts, routing number 110000000,
// and billing_details[name]).
//
// Lifecycle: created (from card details, a token, or minted from a `pm_card_*` test name)
// -> attached to a customer -> detached, which is final: a detached PaymentMethod can no
// longer be used or attached again. A `pm_card_*` name used anywhere mints a new
// PaymentMethod each time, as Stripe does.
//
// Cards that Stripe's tests say "can't be attached" (declines, fraud blocks) fail to attach
// with their 402 card_error; `pm_card_chargeCustomerFail` attaches and then fails to charge.
//
// Events: payment_method.attached, payment_method.detached, payment_method.updated.
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_PAYMENT_METHODS_H_
#define PAYSIM_ENGINE_PAYMENT_METHODS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

class PaymentMethodService {
 public:
  explicit PaymentMethodService(internal::World* world) : world_(world) {}

  // Create()
  //
  // `type` must be "card"; `card` carries number/exp_month/exp_year/cvc or `token`.
  // `allow_redisplay` is always | limited | unspecified (default unspecified).
  absl::StatusOr<PaymentMethod> Create(const PaymentMethodCreateParams& params,
                                       const RequestOptions& options = {});

  // A `pm_card_*` name mints and returns a new PaymentMethod, as Stripe does.
  absl::StatusOr<PaymentMethod> Retrieve(absl::string_view id,
                                         const RequestOptions& options = {});

  // Only an attached PaymentMethod can be updated (billing_details, allow_redisplay,
  // metadata, card expiry).
  absl::StatusOr<PaymentMethod> Update(absl::string_view id,
                                       const PaymentMethodUpdateParams& params,
                                       const RequestOptions& options = {});

  // Attach()
  //
  // Errors: parameter_missing customer; resource_missing for an unknown customer; 400 if
  // attached to another customer or detached before; 402 card_error for cards that cannot be
  // attached.
  absl::StatusOr<PaymentMethod> Attach(absl::string_view id,
                                       const PaymentMethodAttachParams& params,
                                       const RequestOptions& options = {});

  // Detaches for good; clears the customer's default_payment_method if it was this one.
  absl::StatusOr<PaymentMethod> Detach(absl::string_view id, const RequestOptions& options = {});

  // Newest first, filtered by `customer` and `type` when given.
  absl::StatusOr<ListResult<PaymentMethod>> List(const PaymentMethodListParams& params,
                                                 const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_PAYMENT_METHODS_H_
