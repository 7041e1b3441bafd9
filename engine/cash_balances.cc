// Customers' cash balances: the cash_balance object (retrieve, update settings), funding (test
// helper), transactions retrieve and list.
#include "engine/cash_balances.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/cash_balance_lifecycle.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/intent_common.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::CashBalanceLifecycle;
using internal::CustomerLifecycle;
using internal::World;

std::string TransactionsUrl(absl::string_view customer) {
  return absl::StrCat("/v1/customers/", customer, "/cash_balance_transactions");
}

}  // namespace

absl::StatusOr<CashBalance> CashBalanceService::Retrieve(absl::string_view customer_id,
                                                         const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CashBalance> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    return CashBalanceLifecycle::Of(w, *customer);
  });
}

absl::StatusOr<CashBalance> CashBalanceService::Update(absl::string_view customer_id,
                                                       const CashBalanceUpdateParams& params,
                                                       const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CashBalance>(
      options, [&] { return absl::StrCat("POST /v1/customers/", customer_id, "/cash_balance"); },
      params, [&]() -> absl::StatusOr<CashBalance> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        const bool has_mode = params.settings().has_reconciliation_mode();
        const std::string& mode = params.settings().reconciliation_mode();
        if (has_mode) {
          PAYSIM_RETURN_IF_ERROR(internal::ValidateEnum(
              mode, {"automatic", "manual", "merchant_default"}, "settings[reconciliation_mode]"));
        }
        // transition + commit
        if (has_mode) {
          CustomerLifecycle::SetCashBalanceReconciliationMode(
              w, *customer, mode == "merchant_default" ? "" : mode);
        }
        return CashBalanceLifecycle::Of(w, *w.customers().Find(customer->id()));
      });
}

absl::StatusOr<CustomerCashBalanceTransaction> CashBalanceService::Fund(
    absl::string_view customer_id, const FundCashBalanceParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CustomerCashBalanceTransaction>(
      options,
      [&] { return absl::StrCat("POST /v1/test_helpers/customers/", customer_id,
                                "/fund_cash_balance"); },
      params, [&]() -> absl::StatusOr<CustomerCashBalanceTransaction> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        if (!params.has_amount()) return ParameterMissing("amount");
        if (!params.has_currency() || params.currency().empty()) {
          return ParameterMissing("currency");
        }
        if (params.amount() <= 0) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError("", "amount",
                                     "The amount must be a positive integer.");
        }
        const CurrencyInfo* info = nullptr;
        PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &info));
        const std::string currency = absl::AsciiStrToLower(params.currency());
        if (CashBalanceLifecycle::BankTransferTypeFor(currency).empty()) {
          // UNCERTAIN: Stripe's wording.
          return InvalidRequestError(
              "", "currency",
              absl::StrCat("Bank transfers cannot fund a cash balance in ", currency,
                           ". Supported currencies: eur, gbp, jpy, mxn, usd."));
        }
        // transition + commit
        return CashBalanceLifecycle::Fund(w, *customer, params.amount(), currency,
                                          params.reference());
      });
}

absl::StatusOr<CustomerCashBalanceTransaction> CashBalanceService::RetrieveTransaction(
    absl::string_view customer_id, absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CustomerCashBalanceTransaction> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    const CustomerCashBalanceTransaction* transaction = w.cash_balance_transactions().Find(id);
    if (transaction == nullptr || transaction->customer() != customer->id()) {
      return ResourceMissing("customer cash balance transaction", id, "id");
    }
    return *transaction;
  });
}

absl::StatusOr<ListResult<CustomerCashBalanceTransaction>> CashBalanceService::ListTransactions(
    absl::string_view customer_id, const CashBalanceTransactionListParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<CustomerCashBalanceTransaction>> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.cash_balance_transactions().ListAt(  // the customer's only: no walk over all
        window, TransactionsUrl(customer->id()),
        internal::CashBalanceLifecycle::ByCustomer(w).Of(customer->id()),
        [](const CustomerCashBalanceTransaction&) { return true; });
  });
}

}  // namespace paysim
