// balance.h: the account balance and its balance transactions (`txn_...`).
//
// Every capture creates a `charge` transaction (fee: CardFee, 2.9% + 30, or a bank debit's
// own fee, FeeFor; net = amount - fee) that is pending until `available_on`,
// kFundsAvailableDelay after creation, when it turns available (event balance.available).
// Cards that bypass the pending balance are available at once (event balance.available at
// once). Every refund of captured funds creates a `refund` transaction (negative, available at
// once). The balance is, per currency, the sum of the nets.
//
// Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_BALANCE_H_
#define PAYSIM_ENGINE_BALANCE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/list.h"
#include "engine/request_options.h"
#include "proto/balance.obj.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Funds from a card payment become available two days after it is captured (Stripe's
// standard rolling delay; business days are not modelled).
constexpr absl::Duration kFundsAvailableDelay = absl::Hours(48);

// CardFee()
//
// The fee on a captured card amount (minor units of any currency): Stripe's standard US card
// pricing, 2.9% + 30, rounded half up. A charge's balance transaction carries it as `fee`.
constexpr int64_t CardFee(int64_t amount) { return (amount * 29 + 500) / 1000 + 30; }

// The cap of AchDebitFee: $5.00.
constexpr int64_t kAchDebitFeeCap = 500;

// AchDebitFee()
//
// The fee on a settled ACH Direct Debit (`us_bank_account`): Stripe's US pricing, 0.8% rounded
// half up, capped at kAchDebitFeeCap.
constexpr int64_t AchDebitFee(int64_t amount) {
  return (amount * 8 + 500) / 1000 < kAchDebitFeeCap ? (amount * 8 + 500) / 1000
                                                     : kAchDebitFeeCap;
}

// The fixed part and the cap of SepaDebitFee: EUR 0.30 and EUR 6.00.
constexpr int64_t kSepaDebitFeeFixed = 30;
constexpr int64_t kSepaDebitFeeCap = 600;

// SepaDebitFee()
//
// The fee on a settled SEPA Direct Debit (`sepa_debit`): 0.8% rounded half up plus
// kSepaDebitFeeFixed, capped at kSepaDebitFeeCap. UNCERTAIN: Stripe's pricing page for a US
// account was not read; this is the figure published for US businesses' SEPA debits
// (0.8% + EUR 0.30, capped at EUR 6.00). European accounts pay a flat fee instead.
constexpr int64_t SepaDebitFee(int64_t amount) {
  return (amount * 8 + 500) / 1000 + kSepaDebitFeeFixed < kSepaDebitFeeCap
             ? (amount * 8 + 500) / 1000 + kSepaDebitFeeFixed
             : kSepaDebitFeeCap;
}

// FeeFor()
//
// The fee on `amount` paid by a payment method of `type` (a charge's
// payment_method_details.type): the bank debits' own, else CardFee.
inline int64_t FeeFor(absl::string_view type, int64_t amount) {
  return type == "us_bank_account" ? AchDebitFee(amount)
         : type == "sepa_debit"    ? SepaDebitFee(amount)
                                   : CardFee(amount);
}

class BalanceService {
 public:
  explicit BalanceService(internal::World* world) : world_(world) {}

  // Available and pending amounts per currency (the default currency is always listed).
  absl::StatusOr<Balance> Retrieve(const RequestOptions& options = {});

  absl::StatusOr<BalanceTransaction> RetrieveTransaction(absl::string_view id,
                                                         const RequestOptions& options = {});

  // Newest first, filtered by `source` (ch_/re_ id) and `type` when given.
  absl::StatusOr<ListResult<BalanceTransaction>> ListTransactions(
      const BalanceTransactionListParams& params, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_BALANCE_H_
