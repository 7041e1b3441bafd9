// sepa_debit.h (internal): SEPA Direct Debit accounts: IBAN checks, Stripe's test IBANs and
// what a `sepa_debit` PaymentMethod shows of its account.
//
// A test IBAN decides the debit's outcome as an ACH test account does (bank_debits.h: the
// same BankTestAccount, looked up by IBAN). Any other IBAN that passes the checks succeeds.
//
// Thread safety: every function is thread-safe (constant tables only).
#ifndef PAYSIM_ENGINE_INTERNAL_SEPA_DEBIT_H_
#define PAYSIM_ENGINE_INTERNAL_SEPA_DEBIT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/bank_debits.h"
#include "proto/payment_method.obj.h"

namespace paysim {
namespace internal {

// The IBAN as Stripe keeps it: spaces removed, letters upper case.
std::string NormalizeIban(absl::string_view iban);

// OK if `iban` (normalized) is an IBAN: two letters, two check digits, a length its country
// uses (15 to 34 for countries paysim has no length for), and ISO 13616's mod-97 check.
// Else the invalid_request_error about `param`.
absl::Status ValidateIban(absl::string_view iban, absl::string_view param);

// The test account of `iban` (normalized): one of Stripe's test IBANs, or, for any other
// IBAN, the account that succeeds. Never null.
const BankTestAccount& SepaTestAccount(absl::string_view iban);

// The `sepa_debit` section of a PaymentMethod for `iban` (normalized, valid): bank and branch
// codes where paysim knows the country's layout (null elsewhere), country, fingerprint, last4.
PaymentMethodSepaDebit SepaDebitSection(absl::string_view iban);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SEPA_DEBIT_H_
