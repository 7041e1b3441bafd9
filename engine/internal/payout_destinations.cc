#include "engine/internal/payout_destinations.h"

namespace paysim {
namespace {

// Failure messages: Stripe's "Types of payout failures" (docs.stripe.com/api/payouts/failures).
constexpr PayoutDestination kDestinations[] = {
    {kDefaultPayoutDestination, "btok_us_verified", "000123456789", "", ""},
    {"ba_1PaysimNoAccountBankAcc", "btok_us_verified_noAccount", "000111111116", "no_account",
     "The bank account details on file are probably incorrect. No bank account could be "
     "located with those details."},
    {"ba_1PaysimAcctClosedBankAc", "btok_us_verified_accountClosed", "000111111113",
     "account_closed", "The bank account has been closed."},
    {"ba_1PaysimInsufFundsBankAc", "btok_us_verified_insufficientFunds", "000222222227",
     "insufficient_funds", "Your Stripe account has insufficient funds to cover the payout."},
    {"ba_1PaysimDebitNotAuthBank", "btok_us_verified_debitNotAuthorized", "000333333335",
     "debit_not_authorized",
     "Debit transactions are not approved on the bank account. (Stripe requires bank accounts "
     "to be set up for both credit and debit payouts.)"},
    {"ba_1PaysimInvalidCurrBankA", "btok_us_verified_invalidCurrency", "000444444440",
     "invalid_currency",
     "The bank was unable to process this payout because of its currency. This is probably "
     "because the bank account cannot accept payments in that currency."},
};

}  // namespace

const PayoutDestination* FindPayoutDestination(absl::string_view id_or_token) {
  for (const PayoutDestination& d : kDestinations) {
    if (d.id == id_or_token || d.token == id_or_token) return &d;
  }
  return nullptr;
}

}  // namespace paysim
