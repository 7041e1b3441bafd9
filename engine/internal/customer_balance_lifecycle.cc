#include "engine/internal/customer_balance_lifecycle.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/customer_lifecycle.h"
#include "engine/internal/interned.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {

absl::StatusOr<std::string> CustomerBalanceLifecycle::CheckCurrency(const Customer& customer,
                                                                    absl::string_view currency) {
  if (!customer.has_currency()) {
    return std::string(currency.empty() ? kDefaultBalanceCurrency : currency);
  }
  if (!currency.empty() && currency != customer.currency()) {
    // UNCERTAIN: Stripe's wording; a customer's balance is kept in its one currency.
    return InvalidRequestError(
        "", "currency",
        absl::StrCat("The currency of this transaction (", currency,
                     ") does not match the customer's currency (", customer.currency(),
                     "). A customer's balance can only be adjusted in the customer's currency."));
  }
  return customer.currency();
}

const CustomerBalanceTransaction* CustomerBalanceLifecycle::Move(World& world,
                                                                 const Customer& customer,
                                                                 BalanceMove move) {
  if (move.amount == 0) return nullptr;
  absl::StatusOr<std::string> currency = CheckCurrency(customer, move.currency);
  move.currency = currency.ok() ? *std::move(currency) : customer.currency();
  Customer updated = customer;
  updated.set_balance(customer.balance() + move.amount);
  if (!updated.has_currency()) updated.set_currency(move.currency);
  const Customer& stored = CustomerLifecycle::Update(world, customer, updated);
  return &Record(world, stored, move, stored.balance());
}

void CustomerBalanceLifecycle::RecordApplied(World& world, const Customer& customer,
                                             int64_t amount, absl::string_view type) {
  if (amount == 0) return;
  BalanceMove move;
  move.amount = amount;
  move.type = type;
  move.currency =
      customer.has_currency() ? customer.currency() : std::string(kDefaultBalanceCurrency);
  Record(world, customer, move, customer.balance());
}

const CustomerBalanceTransaction& CustomerBalanceLifecycle::Update(
    World& world, const CustomerBalanceTransaction& current,
    const CustomerBalanceTransaction& updated) {
  CustomerBalanceTransaction& transaction =
      *world.customer_balance_transactions().Mutable(Key(), current.id());
  transaction = updated;
  return transaction;
}

const CustomerBalanceTransaction& CustomerBalanceLifecycle::Record(World& world,
                                                                   const Customer& customer,
                                                                   const BalanceMove& move,
                                                                   int64_t ending_balance) {
  CustomerBalanceTransaction transaction;
  transaction.set_id(world.ids().NewId("cbtx_"));
  transaction.set_object(PAYSIM_INTERNED("customer_balance_transaction"));
  transaction.set_amount(move.amount);
  transaction.set_created(world.created());
  if (!move.credit_note.empty()) transaction.set_credit_note(move.credit_note);
  transaction.set_currency(move.currency);
  transaction.set_customer(customer.id_shared());
  if (!move.description.empty()) transaction.set_description(move.description);
  transaction.set_ending_balance(ending_balance);
  if (!move.invoice.empty()) transaction.set_invoice(move.invoice);
  transaction.set_livemode(false);
  *transaction.mutable_metadata() = move.metadata;
  transaction.set_type(std::string(move.type));
  const CustomerBalanceTransaction& stored =
      world.customer_balance_transactions().Insert(Key(), std::move(transaction));
  world.customer_balance_history(Key()).Enter(stored.customer(),
                                              world.customer_balance_transactions(), stored);
  return stored;
}

const OrdinalIndex& CustomerBalanceLifecycle::ByCustomer(World& world) {
  return world.customer_balance_history(Key()).BuiltFrom(
      world.customer_balance_transactions(),
      [](const CustomerBalanceTransaction& t) -> std::optional<absl::string_view> {
        return absl::string_view(t.customer());
      });
}

}  // namespace internal
}  // namespace paysim
