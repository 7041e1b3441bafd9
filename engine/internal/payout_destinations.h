// payout_destinations.h (internal): the account's test external accounts, where payouts go.
//
// paysim's account has one bank account per payout outcome Stripe's test bank numbers select
// (docs.stripe.com/connect/testing, "Testing payouts": routing 110000000 with account
// 000123456789 succeeds, 000111111116 fails with no_account, 000111111113 account_closed,
// 000222222227 insufficient_funds, 000333333335 debit_not_authorized, 000444444440
// invalid_currency). Each has a fixed id; a payout names one by that id or by the `btok_`
// token Stripe's docs give for the same bank numbers (btok_us_verified_noAccount, ...).
// Without a destination a payout goes to kDefaultPayoutDestination, which succeeds.
//
// UNCERTAIN: Stripe's `destination` takes an external account id only; the `btok_` names are
// paysim's shortcut (a token would first have to be added to the account as a bank account,
// and paysim has no Accounts API). The ids are paysim's own, fixed, so they are the same in
// every run.
//
// Thread safety: immutable data, pure functions.
#ifndef PAYSIM_ENGINE_INTERNAL_PAYOUT_DESTINATIONS_H_
#define PAYSIM_ENGINE_INTERNAL_PAYOUT_DESTINATIONS_H_

#include "absl/strings/string_view.h"

namespace paysim {

struct PayoutDestination {
  absl::string_view id;               // ba_...
  absl::string_view token;            // btok_us_verified[_<outcome>]
  absl::string_view account_number;   // Stripe's test account number (US routing 110000000)
  absl::string_view failure_code;     // "" when payouts to it succeed
  absl::string_view failure_message;  // Stripe's failure message for failure_code
};

// The account's default external account: payouts without a destination go there, and arrive.
inline constexpr absl::string_view kDefaultPayoutDestination = "ba_1PaysimDefaultBankAcct";

// The test external account `id_or_token` names (its id or its token), or nullptr.
const PayoutDestination* FindPayoutDestination(absl::string_view id_or_token);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PAYOUT_DESTINATIONS_H_
