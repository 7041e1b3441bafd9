// What a PaymentIntent pays with (payment_choice.h).
#include "engine/internal/payment_choice.h"

#include <utility>

#include "engine/internal/interned.h"
#include "engine/internal/payment_method_lifecycle.h"

namespace paysim {
namespace internal {

std::vector<std::string> TypesOf(const PaymentIntent& pi) {
  return std::vector<std::string>(pi.payment_method_types().begin(),
                                  pi.payment_method_types().end());
}

std::string CommitPaymentMethod(World& w, PaymentChoice& choice) {
  if (choice.customer_balance) {
    PaymentMethod pm;
    pm.set_id(w.ids().NewId("pm_"));
    pm.set_object(PAYSIM_INTERNED("payment_method"));
    pm.set_allow_redisplay(PAYSIM_INTERNED("unspecified"));
    pm.mutable_billing_details()->mutable_address();  // always present
    pm.set_created(w.created());
    pm.set_livemode(false);
    pm.set_type(PAYSIM_INTERNED("customer_balance"));
    return PaymentMethodLifecycle::Create(w, std::move(pm)).id();
  }
  if (choice.draft.has_value()) {
    return CreateBankDebitPaymentMethod(w, std::move(*choice.draft)).id();
  }
  if (!choice.resolved.resolved()) return "";
  return CommitIntentPaymentMethod(w, choice.resolved).id();
}

}  // namespace internal
}  // namespace paysim
