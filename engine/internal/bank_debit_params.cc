// Bank debit parameters: PaymentMethod details, mandates, currencies (bank_debit_params.h).
#include "engine/internal/bank_debit_params.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/interned.h"
#include "engine/internal/params_util.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/sepa_debit.h"
#include "engine/internal/status_macros.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// `prefix`[a][b]..., or a[b]... without a prefix.
std::string Param(absl::string_view prefix, absl::string_view first,
                  absl::string_view second = "") {
  std::string out = prefix.empty() ? std::string(first) : absl::StrCat(prefix, "[", first, "]");
  if (!second.empty()) absl::StrAppend(&out, "[", second, "]");
  return out;
}

}  // namespace

absl::StatusOr<BankDebitDraft> CheckBankDebitParams(const BankDebitParams& params,
                                                    absl::string_view prefix) {
  if (params.type == nullptr) return ParameterMissing(Param(prefix, "type"));
  const std::string& type = *params.type;
  if (!IsBankDebitType(type)) {
    return InvalidRequestError(
        "", Param(prefix, "type"),
        absl::StrCat("Invalid type: ", type,
                     ". paysim supports PaymentMethods of type card, sepa_debit and "
                     "us_bank_account."));
  }
  if (params.metadata != nullptr) PAYSIM_RETURN_IF_ERROR(ValidateMetadata(*params.metadata));
  if (params.allow_redisplay != nullptr) {
    PAYSIM_RETURN_IF_ERROR(ValidateEnum(*params.allow_redisplay,
                                        {"always", "limited", "unspecified"},
                                        Param(prefix, "allow_redisplay")));
  }
  const BillingDetailsParams empty_billing;
  const BillingDetailsParams& billing =
      params.billing_details != nullptr ? *params.billing_details : empty_billing;
  if (billing.has_email()) {
    PAYSIM_RETURN_IF_ERROR(
        ValidateEmail(billing.email(), Param(prefix, "billing_details", "email")));
  }
  BankDebitDraft draft;
  draft.pm.set_type(Interned(type));
  if (type == "sepa_debit") {
    if (params.sepa_debit == nullptr) return ParameterMissing(Param(prefix, "sepa_debit"));
    if (!params.sepa_debit->has_iban()) {
      return ParameterMissing(Param(prefix, "sepa_debit", "iban"));
    }
    draft.account_number = NormalizeIban(params.sepa_debit->iban());
    PAYSIM_RETURN_IF_ERROR(ValidateIban(draft.account_number, Param(prefix, "sepa_debit", "iban")));
    // SEPA Direct Debit needs the account holder's name and email (Stripe's mandate).
    if (!billing.has_name() || billing.name().empty()) {
      return ParameterMissing(Param(prefix, "billing_details", "name"));
    }
    if (!billing.has_email() || billing.email().empty()) {
      return ParameterMissing(Param(prefix, "billing_details", "email"));
    }
    *draft.pm.mutable_sepa_debit() = SepaDebitSection(draft.account_number);
  } else {
    if (params.us_bank_account == nullptr) {
      return ParameterMissing(Param(prefix, "us_bank_account"));
    }
    const UsBankAccountParams& bank = *params.us_bank_account;
    PAYSIM_ASSIGN_OR_RETURN(
        const BankTestAccount* account,
        CheckTestBankAccount(bank.has_account_number() ? &bank.account_number() : nullptr,
                             bank.has_routing_number() ? &bank.routing_number() : nullptr,
                             Param(prefix, "us_bank_account")));
    if (bank.has_account_holder_type()) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(bank.account_holder_type(), {"individual", "company"},
                                          Param(prefix, "us_bank_account", "account_holder_type")));
    }
    if (bank.has_account_type()) {
      PAYSIM_RETURN_IF_ERROR(ValidateEnum(bank.account_type(), {"checking", "savings"},
                                          Param(prefix, "us_bank_account", "account_type")));
    }
    // ACH needs the account holder's name.
    if (!billing.has_name() || billing.name().empty()) {
      return ParameterMissing(Param(prefix, "billing_details", "name"));
    }
    draft.account_number = std::string(account->account_number);
    draft.routing_number = std::string(kTestRoutingNumber);
    *draft.pm.mutable_us_bank_account() =
        UsBankAccountSection(draft.account_number, draft.routing_number,
                             bank.account_holder_type(), bank.account_type());
  }
  *draft.pm.mutable_billing_details() = EmptyBillingDetails();
  ApplyBillingDetails(billing, draft.pm.mutable_billing_details());
  if (params.metadata != nullptr) *draft.pm.mutable_metadata() = *params.metadata;
  if (params.allow_redisplay != nullptr) draft.pm.set_allow_redisplay(*params.allow_redisplay);
  return draft;
}

const PaymentMethod& CreateBankDebitPaymentMethod(World& world, BankDebitDraft draft) {
  return PaymentMethodLifecycle::CreateBankAccount(world, std::move(draft.pm),
                                                   draft.account_number, draft.routing_number);
}

absl::Status CheckMandateData(const MandateDataParams* mandate_data, absl::string_view type,
                              absl::string_view object, bool has_mandate) {
  if (!IsBankDebitType(type)) {
    // UNCERTAIN: Stripe's wording; cards take no mandate here.
    if (mandate_data == nullptr) return absl::OkStatus();
    return InvalidRequestError(
        "", "mandate_data",
        absl::StrCat("mandate_data is not supported for PaymentMethods of type ", type, "."));
  }
  if (has_mandate && mandate_data == nullptr) return absl::OkStatus();
  if (mandate_data == nullptr || !mandate_data->has_customer_acceptance()) {
    // UNCERTAIN: Stripe's wording for a bank debit confirmed without the mandate's acceptance.
    return InvalidRequestError(
        "", "mandate_data",
        absl::StrCat("A mandate is required to confirm a ", object, " with a ", type,
                     " PaymentMethod. Pass mandate_data[customer_acceptance] with the "
                     "customer's acceptance."));
  }
  const CustomerAcceptanceParams& acceptance = mandate_data->customer_acceptance();
  if (!acceptance.has_type()) {
    return ParameterMissing("mandate_data[customer_acceptance][type]");
  }
  PAYSIM_RETURN_IF_ERROR(ValidateEnum(acceptance.type(), {"online", "offline"},
                                      "mandate_data[customer_acceptance][type]"));
  if (acceptance.type() == "online") {
    if (!acceptance.has_online()) {
      return ParameterMissing("mandate_data[customer_acceptance][online]");
    }
    if (!acceptance.online().has_ip_address()) {
      return ParameterMissing("mandate_data[customer_acceptance][online][ip_address]");
    }
    if (!acceptance.online().has_user_agent()) {
      return ParameterMissing("mandate_data[customer_acceptance][online][user_agent]");
    }
  }
  return absl::OkStatus();
}

MandateCustomerAcceptance AcceptanceOf(const MandateDataParams& mandate_data, int64_t now) {
  const CustomerAcceptanceParams& params = mandate_data.customer_acceptance();
  MandateCustomerAcceptance acceptance;
  acceptance.set_accepted_at(params.has_accepted_at() ? params.accepted_at() : now);
  acceptance.set_type(Interned(params.type()));
  if (params.type() == "online") {
    MandateOnlineAcceptance* online = acceptance.mutable_online();
    online->set_ip_address(params.online().ip_address());
    online->set_user_agent(params.online().user_agent());
  } else {
    acceptance.mutable_offline()->set_present(true);
  }
  return acceptance;
}

absl::Status CheckBankDebitCurrency(const std::vector<std::string>& types,
                                    absl::string_view currency) {
  for (const std::string& type : types) {
    const absl::string_view supported =
        type == "sepa_debit" ? "eur" : type == "us_bank_account" ? "usd" : "";
    if (supported.empty() || currency == supported) continue;
    // UNCERTAIN: Stripe's wording (seen for Checkout: "The payment method `sepa_debit` only
    // supports the following currencies: `eur`.").
    return InvalidRequestError(
        "", "currency",
        absl::StrCat("The currency provided (", currency, ") is invalid. Payments with ", type,
                     " support the following currencies: ", supported, "."));
  }
  return absl::OkStatus();
}

absl::Status CheckTypeAllowed(const std::vector<std::string>& types,
                              absl::string_view type, absl::string_view param,
                              absl::string_view object) {
  for (const std::string& allowed : types) {
    if (allowed == type) return absl::OkStatus();
  }
  return InvalidRequestError(
      "", param,
      absl::StrCat("The PaymentMethod provided (", type,
                   ") is not allowed for this ", object,
                   ". Please attach a PaymentMethod of one of the following types: ",
                   absl::StrJoin(types, ", "),
                   ". Alternatively, update the allowed payment_method_types for this ", object,
                   " to include \"",
                   type, "\"."));
}

}  // namespace internal
}  // namespace paysim
