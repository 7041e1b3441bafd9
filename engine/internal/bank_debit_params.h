// bank_debit_params.h (internal): the request parameters of bank debits outside Checkout: a
// `sepa_debit` or `us_bank_account` PaymentMethod's details (POST /v1/payment_methods, or an
// intent's `payment_method_data[...]`), the mandate the customer accepts (`mandate_data`),
// and which currencies and intents a bank debit fits.
//
// Each Check* function returns Stripe's error (parameter_missing and friends, HTTP 400) and
// changes nothing; CreateBankDebitPaymentMethod commits what a check accepted.
//
// REQUIRES (every function taking a World): world.mu held.
#ifndef PAYSIM_ENGINE_INTERNAL_BANK_DEBIT_PARAMS_H_
#define PAYSIM_ENGINE_INTERNAL_BANK_DEBIT_PARAMS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/bank_debits.h"
#include "engine/internal/world.h"
#include "google/protobuf/repeated_field.h"
#include "proto/params.pb.h"
#include "proto/mandate.obj.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

// A bank debit PaymentMethod's parameters, as POST /v1/payment_methods and
// payment_method_data[...] both carry them (pointers: null when not given).
struct BankDebitParams {
  const std::string* type = nullptr;
  const BillingDetailsParams* billing_details = nullptr;
  const SepaDebitParams* sepa_debit = nullptr;
  const UsBankAccountParams* us_bank_account = nullptr;
  const google::protobuf::Map<std::string, std::string>* metadata = nullptr;
  const std::string* allow_redisplay = nullptr;
};

// The view of PaymentMethodCreateParams or PaymentMethodDataParams.
template <typename Params>
BankDebitParams BankDebitParamsOf(const Params& p) {
  BankDebitParams out;
  if (p.has_type()) out.type = &p.type();
  if (p.has_billing_details()) out.billing_details = &p.billing_details();
  if (p.has_sepa_debit()) out.sepa_debit = &p.sepa_debit();
  if (p.has_us_bank_account()) out.us_bank_account = &p.us_bank_account();
  out.metadata = &p.metadata();
  if (p.has_allow_redisplay()) out.allow_redisplay = &p.allow_redisplay();
  return out;
}

// A checked bank debit PaymentMethod, not yet stored.
struct BankDebitDraft {
  PaymentMethod pm;              // type, its section, billing details, metadata
  std::string account_number;    // or the IBAN (normalized)
  std::string routing_number;    // ACH only
};

// Checks a bank debit PaymentMethod's parameters; `prefix` names them in errors ("" for
// POST /v1/payment_methods, "payment_method_data" for an intent). The type must be
// sepa_debit (sepa_debit[iban], a valid IBAN; billing_details[name] and [email]) or
// us_bank_account (a test account and routing number; billing_details[name]; the holder and
// account types Stripe lists).
absl::StatusOr<BankDebitDraft> CheckBankDebitParams(const BankDebitParams& params,
                                                    absl::string_view prefix);

// Stores the PaymentMethod a check accepted.
const PaymentMethod& CreateBankDebitPaymentMethod(World& world, BankDebitDraft draft);

// Checks `mandate_data` (null: not given) for confirming an intent (`object`: "PaymentIntent"
// or "SetupIntent") with a PaymentMethod of `type`: a bank debit needs the customer's
// acceptance (type online with [online][ip_address] and [user_agent], or offline) unless
// `has_mandate` (a mandate the PaymentMethod already has, or the `mandate` parameter); other
// types take none.
absl::Status CheckMandateData(const MandateDataParams* mandate_data, absl::string_view type,
                              absl::string_view object = "PaymentIntent",
                              bool has_mandate = false);

// The customer's acceptance as a Mandate shows it (`mandate_data` checked by
// CheckMandateData): accepted_at as given, else `now` (Unix seconds).
MandateCustomerAcceptance AcceptanceOf(const MandateDataParams& mandate_data, int64_t now);

// OK if an intent in `currency` may list `types`: sepa_debit takes eur, us_bank_account usd.
absl::Status CheckBankDebitCurrency(const std::vector<std::string>& types,
                                    absl::string_view currency);

// OK if a PaymentMethod of `type` may pay an intent (`object`) allowing `types` (error about
// `param`).
absl::Status CheckTypeAllowed(const std::vector<std::string>& types,
                              absl::string_view type, absl::string_view param,
                              absl::string_view object = "PaymentIntent");

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BANK_DEBIT_PARAMS_H_
