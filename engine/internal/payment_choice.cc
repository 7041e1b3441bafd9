// What a PaymentIntent pays with (payment_choice.h).
#include "engine/internal/payment_choice.h"

#include <utility>

namespace paysim {
namespace internal {

std::vector<std::string> TypesOf(const PaymentIntent& pi) {
  return std::vector<std::string>(pi.payment_method_types().begin(),
                                  pi.payment_method_types().end());
}

std::string CommitPaymentMethod(World& w, PaymentChoice& choice) {
  if (choice.draft.has_value()) {
    return CreateBankDebitPaymentMethod(w, std::move(*choice.draft)).id();
  }
  if (!choice.resolved.resolved()) return "";
  return CommitIntentPaymentMethod(w, choice.resolved).id();
}

}  // namespace internal
}  // namespace paysim
