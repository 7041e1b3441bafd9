// A customer's balance transactions: create, retrieve, update, list.
#include "engine/customer_balance_transactions.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/currency.h"
#include "engine/internal/customer_balance_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

using internal::BalanceMove;
using internal::CustomerBalanceLifecycle;
using internal::World;

std::string TransactionsUrl(absl::string_view customer) {
  return absl::StrCat("/v1/customers/", customer, "/balance_transactions");
}

// The transaction `id` of `customer`, or 404 resource_missing. UNCERTAIN: Stripe's param for
// an unknown transaction is taken to be `id`, as for the customer's other nested objects.
absl::StatusOr<const CustomerBalanceTransaction*> FindTransaction(World& w,
                                                                  const Customer& customer,
                                                                  absl::string_view id) {
  const CustomerBalanceTransaction* transaction = w.customer_balance_transactions().Find(id);
  if (transaction == nullptr || transaction->customer() != customer.id()) {
    return ResourceMissing("customer balance transaction", id, "id");
  }
  return transaction;
}

}  // namespace

absl::StatusOr<CustomerBalanceTransaction> CustomerBalanceTransactionService::Create(
    absl::string_view customer_id, const CustomerBalanceTransactionCreateParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CustomerBalanceTransaction>(
      options, [&] { return absl::StrCat("POST ", TransactionsUrl(customer_id)); }, params,
      [&]() -> absl::StatusOr<CustomerBalanceTransaction> {
        // validate
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        if (!params.has_amount()) return ParameterMissing("amount");
        if (!params.has_currency() || params.currency().empty()) {
          return ParameterMissing("currency");
        }
        if (params.amount() == 0) {
          // UNCERTAIN: Stripe's wording for a zero amount.
          return InvalidRequestError("", "amount",
                                     "The amount of a customer balance transaction must be a "
                                     "non-zero integer.");
        }
        const CurrencyInfo* info = nullptr;
        PAYSIM_RETURN_IF_ERROR(ValidateCurrency(params.currency(), &info));
        const std::string currency = absl::AsciiStrToLower(params.currency());
        PAYSIM_RETURN_IF_ERROR(CustomerBalanceLifecycle::CheckCurrency(*customer, currency).status());
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        // transition + commit: the balance moves (customer.updated), the transaction is kept.
        BalanceMove move;
        move.amount = params.amount();
        move.type = "adjustment";
        move.currency = currency;
        move.description = params.description();
        move.metadata = params.metadata();
        return *CustomerBalanceLifecycle::Move(w, *customer, std::move(move));
      });
}

absl::StatusOr<CustomerBalanceTransaction> CustomerBalanceTransactionService::Retrieve(
    absl::string_view customer_id, absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<CustomerBalanceTransaction> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    PAYSIM_ASSIGN_OR_RETURN(const CustomerBalanceTransaction* transaction,
                            FindTransaction(w, *customer, id));
    return *transaction;
  });
}

absl::StatusOr<CustomerBalanceTransaction> CustomerBalanceTransactionService::Update(
    absl::string_view customer_id, absl::string_view id,
    const CustomerBalanceTransactionUpdateParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.RunIdempotent<CustomerBalanceTransaction>(
      options, [&] { return absl::StrCat("POST ", TransactionsUrl(customer_id), "/", id); },
      params, [&]() -> absl::StatusOr<CustomerBalanceTransaction> {
        PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
        PAYSIM_ASSIGN_OR_RETURN(const CustomerBalanceTransaction* transaction,
                                FindTransaction(w, *customer, id));
        PAYSIM_RETURN_IF_ERROR(ValidateMetadata(params.metadata()));
        CustomerBalanceTransaction updated = *transaction;
        PAYSIM_RETURN_IF_ERROR(MergeMetadata(params.metadata(), updated.mutable_metadata()));
        // Stripe unsets an optional string given as an empty string: it becomes null.
        if (params.has_description() && params.description().empty()) {
          updated.clear_description();
        } else if (params.has_description()) {
          updated.set_description(params.description());
        }
        return CustomerBalanceLifecycle::Update(w, *transaction, updated);
      });
}

absl::StatusOr<ListResult<CustomerBalanceTransaction>> CustomerBalanceTransactionService::List(
    absl::string_view customer_id, const CustomerBalanceTransactionListParams& params,
    const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<CustomerBalanceTransaction>> {
    PAYSIM_ASSIGN_OR_RETURN(const Customer* customer, w.customers().Get(customer_id));
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.customer_balance_transactions().ListAt(
        window, TransactionsUrl(customer->id()),
        internal::CustomerBalanceLifecycle::ByCustomer(w).Of(customer->id()),
        [](const CustomerBalanceTransaction&) { return true; });
  });
}

}  // namespace paysim
