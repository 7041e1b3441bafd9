// What a PaymentIntent pays with (payment_choice.h).
#include "engine/internal/payment_choice.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/interned.h"
#include "engine/internal/mandate_lifecycle.h"
#include "engine/internal/payment_method_lifecycle.h"

namespace paysim {
namespace internal {

std::vector<std::string> TypesOf(const PaymentIntent& pi) {
  return std::vector<std::string>(pi.payment_method_types().begin(),
                                  pi.payment_method_types().end());
}

absl::Status ChooseMandate(World& w, const MandateDataParams* mandate_data,
                           const std::string* mandate, absl::string_view object,
                           PaymentChoice& choice) {
  const bool bank_debit = IsBankDebitType(choice.type);
  if (mandate != nullptr && !bank_debit) {
    // UNCERTAIN: Stripe's wording; paysim's mandates are bank debits'.
    return InvalidRequestError(
        "", "mandate",
        absl::StrCat("A mandate may only be used with a PaymentMethod of type sepa_debit or "
                     "us_bank_account, not ",
                     choice.type, "."));
  }
  const PaymentMethod* existing = choice.resolved.existing;
  if (mandate != nullptr) {
    PAYSIM_ASSIGN_OR_RETURN(
        const Mandate* found,
        MandateLifecycle::FindUsable(w, *mandate, existing == nullptr ? "" : existing->id()));
    choice.mandate = found->id();
  } else if (bank_debit && mandate_data == nullptr && existing != nullptr) {
    // A saved PaymentMethod's mandate covers its later debits (off-session payments).
    const Mandate* saved = MandateLifecycle::ActiveFor(w, *existing);
    if (saved != nullptr) choice.mandate = saved->id();
  }
  PAYSIM_RETURN_IF_ERROR(
      CheckMandateData(mandate_data, choice.type, object, !choice.mandate.empty()));
  if (bank_debit && choice.mandate.empty()) {
    choice.acceptance = AcceptanceOf(*mandate_data, w.created());
  }
  return absl::OkStatus();
}

IntentPaymentMethod DefaultSourceOf(World& w, absl::string_view customer) {
  const Customer* c = customer.empty() ? nullptr : w.customers().Find(customer);
  if (c == nullptr || !c->has_default_source()) return IntentPaymentMethod();
  absl::StatusOr<IntentPaymentMethod> source = ResolveIntentPaymentMethod(
      w, c->default_source(), customer, "PaymentIntent", "payment_method");
  return source.ok() ? *std::move(source) : IntentPaymentMethod();
}

obj::SharedString CommitPaymentMethod(World& w, PaymentChoice& choice) {
  if (choice.customer_balance) {
    PaymentMethod pm;
    pm.set_id(w.ids().NewId("pm_"));
    pm.set_object(PAYSIM_INTERNED("payment_method"));
    pm.set_allow_redisplay(PAYSIM_INTERNED("unspecified"));
    pm.mutable_billing_details()->mutable_address();  // always present
    pm.set_created(w.created());
    pm.set_livemode(false);
    pm.set_type(PAYSIM_INTERNED("customer_balance"));
    pm.mutable_customer_balance()->set_present(true);
    return PaymentMethodLifecycle::Create(w, std::move(pm)).id_shared();
  }
  if (choice.draft.has_value()) {
    return CreateBankDebitPaymentMethod(w, std::move(*choice.draft)).id_shared();
  }
  if (!choice.resolved.resolved()) return obj::SharedString();
  return CommitIntentPaymentMethod(w, choice.resolved).id_shared();
}

}  // namespace internal
}  // namespace paysim
