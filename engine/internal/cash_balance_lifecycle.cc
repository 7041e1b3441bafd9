// Customers' cash balances: funding, application to payments, the balance per currency.
#include "engine/internal/cash_balance_lifecycle.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/types/span.h"
#include "engine/internal/interned.h"
#include "engine/internal/payment_intent_lifecycle.h"

namespace paysim {
namespace internal {

int64_t CashBalanceLifecycle::Available(World& world, absl::string_view customer,
                                        absl::string_view currency) {
  // The newest transaction's ending balance in that currency (the index is oldest first).
  const absl::Span<const int64_t> ordinals = ByCustomer(world).Of(customer);
  for (auto it = ordinals.rbegin(); it != ordinals.rend(); ++it) {
    const CustomerCashBalanceTransaction* t = world.cash_balance_transactions().AtOrdinal(*it);
    if (t != nullptr && t->currency() == currency) return t->ending_balance();
  }
  return 0;
}

std::map<std::string, int64_t> CashBalanceLifecycle::AvailableByCurrency(
    World& world, absl::string_view customer) {
  std::map<std::string, int64_t> available;
  for (const int64_t ordinal : ByCustomer(world).Of(customer)) {
    const CustomerCashBalanceTransaction* t = world.cash_balance_transactions().AtOrdinal(ordinal);
    if (t != nullptr) available[t->currency()] = t->ending_balance();
  }
  return available;
}

const OrdinalIndex& CashBalanceLifecycle::ByCustomer(World& world) {
  return world.customer_cash_history(Key()).BuiltFrom(
      world.cash_balance_transactions(),
      [](const CustomerCashBalanceTransaction& t) -> std::optional<absl::string_view> {
        return absl::string_view(t.customer());
      });
}

namespace {

// The account's default reconciliation mode. UNCERTAIN: an account can change its default in
// the Dashboard; paysim's accounts keep Stripe's, automatic.
constexpr absl::string_view kMerchantDefaultMode = "automatic";

// Sets `currency`'s amount in `available`; the currencies are those BankTransferTypeFor knows.
void SetAvailable(CashBalanceAvailable& available, absl::string_view currency, int64_t amount) {
  if (currency == "eur") available.set_eur(amount);
  if (currency == "gbp") available.set_gbp(amount);
  if (currency == "jpy") available.set_jpy(amount);
  if (currency == "mxn") available.set_mxn(amount);
  if (currency == "usd") available.set_usd(amount);
}

}  // namespace

CashBalance CashBalanceLifecycle::Of(World& world, const Customer& customer) {
  CashBalance balance;
  balance.set_object(PAYSIM_INTERNED("cash_balance"));
  for (const auto& [currency, amount] : AvailableByCurrency(world, customer.id())) {
    SetAvailable(*balance.mutable_available(), currency, amount);
  }
  balance.set_customer(customer.id_shared());
  balance.set_livemode(false);
  CashBalanceSettings* settings = balance.mutable_settings();
  settings->set_reconciliation_mode(std::string(ReconciliationMode(customer)));
  settings->set_using_merchant_default(!customer.has_cash_balance_reconciliation_mode());
  return balance;
}

absl::string_view CashBalanceLifecycle::ReconciliationMode(const Customer& customer) {
  return customer.has_cash_balance_reconciliation_mode()
             ? absl::string_view(customer.cash_balance_reconciliation_mode())
             : kMerchantDefaultMode;
}

absl::string_view CashBalanceLifecycle::BankTransferTypeFor(absl::string_view currency) {
  if (currency == "usd") return "us_bank_transfer";
  if (currency == "eur") return "eu_bank_transfer";
  if (currency == "gbp") return "gb_bank_transfer";
  if (currency == "jpy") return "jp_bank_transfer";
  if (currency == "mxn") return "mx_bank_transfer";
  return "";
}

const CustomerCashBalanceTransaction& CashBalanceLifecycle::Fund(World& world,
                                                                 const Customer& customer,
                                                                 int64_t amount,
                                                                 absl::string_view currency,
                                                                 absl::string_view reference) {
  CustomerCashBalanceTransaction funded;
  funded.set_currency(std::string(currency));
  funded.set_customer(customer.id_shared());
  funded.set_ending_balance(Available(world, customer.id(), currency) + amount);
  CashBalanceFundedBankTransfer* transfer = funded.mutable_funded()->mutable_bank_transfer();
  // UNCERTAIN: the reference Stripe records when none is given; paysim makes one like the
  // references of its bank transfer instructions.
  transfer->set_reference(reference.empty()
                              ? absl::AsciiStrToUpper(world.ids().RandomString(12))
                              : std::string(reference));
  transfer->set_type(std::string(BankTransferTypeFor(currency)));
  funded.set_net_amount(amount);
  funded.set_type(PAYSIM_INTERNED("funded"));
  const CustomerCashBalanceTransaction& stored = Record(world, std::move(funded));
  const bool automatic = ReconciliationMode(customer) == "automatic";
  if (automatic) Reconcile(world, customer.id(), currency);
  // Stripe announces the funds when some remain after automatic reconciliation (here: in the
  // funded currency), and in manual mode every time funds arrive.
  if (!automatic || Available(world, customer.id(), currency) > 0) {
    world.Emit("cash_balance.funds_available", Of(world, customer));
  }
  return stored;
}

void CashBalanceLifecycle::Reconcile(World& world, const std::string& customer,
                                     absl::string_view currency) {
  // The waiting payments in this currency, oldest first.
  std::vector<std::string> waiting;
  for (const int64_t ordinal : PaymentIntentLifecycle::ByCustomer(world).Of(customer)) {
    const PaymentIntent* pi = world.payment_intents().AtOrdinal(ordinal);
    if (pi != nullptr && pi->currency() == currency &&
        PaymentIntentLifecycle::AwaitsBankTransfer(*pi)) {
      waiting.push_back(pi->id());
    }
  }
  for (const std::string& id : waiting) {
    const int64_t available = Available(world, customer, currency);
    if (available <= 0) break;
    const PaymentIntent* pi = world.payment_intents().Find(id);
    if (pi != nullptr) PaymentIntentLifecycle::ApplyCashBalance(world, *pi, available);
  }
}

const CustomerCashBalanceTransaction& CashBalanceLifecycle::ApplyToPayment(
    World& world, absl::string_view customer, absl::string_view currency, int64_t amount,
    absl::string_view payment_intent) {
  CustomerCashBalanceTransaction applied;
  applied.mutable_applied_to_payment()->set_payment_intent(std::string(payment_intent));
  applied.set_currency(std::string(currency));
  applied.set_customer(std::string(customer));
  applied.set_ending_balance(Available(world, customer, currency) - amount);
  applied.set_net_amount(-amount);
  applied.set_type(PAYSIM_INTERNED("applied_to_payment"));
  return Record(world, std::move(applied));
}

const CustomerCashBalanceTransaction& CashBalanceLifecycle::Record(
    World& world, CustomerCashBalanceTransaction transaction) {
  transaction.set_id(world.ids().NewId("ccsbtxn_"));
  transaction.set_object(PAYSIM_INTERNED("customer_cash_balance_transaction"));
  transaction.set_created(world.created());
  transaction.set_livemode(false);
  const CustomerCashBalanceTransaction& stored =
      world.cash_balance_transactions().Insert(Key(), std::move(transaction));
  world.customer_cash_history(Key()).Enter(stored.customer(), world.cash_balance_transactions(),
                                           stored);
  world.Emit("customer_cash_balance_transaction.created", stored);
  return stored;
}

}  // namespace internal
}  // namespace paysim
