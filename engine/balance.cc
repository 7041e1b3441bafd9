// Balance: the balance and its transactions, as the ledger (internal/balance_ledger.h) keeps
// them.
#include "engine/balance.h"

#include "engine/internal/balance_ledger.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {

using internal::World;

absl::StatusOr<Balance> BalanceService::Retrieve(const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Balance> {
    return internal::BalanceLedger::CurrentBalance(w);
  });
}

absl::StatusOr<BalanceTransaction> BalanceService::RetrieveTransaction(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<BalanceTransaction> {
    PAYSIM_ASSIGN_OR_RETURN(const BalanceTransaction* txn, w.balance_transactions().Get(id));
    return *txn;
  });
}

absl::StatusOr<ListResult<BalanceTransaction>> BalanceService::ListTransactions(
    const BalanceTransactionListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<BalanceTransaction>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.balance_transactions().List(
        window, "/v1/balance_transactions", [&](const BalanceTransaction& t) {
          return (!params.has_source() || t.source() == params.source()) &&
                 (!params.has_type() || t.type() == params.type());
        });
  });
}

}  // namespace paysim
