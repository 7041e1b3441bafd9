// Balance: balance transactions for captures and refunds, pending -> available, the balance.
#include "engine/balance.h"

#include <utility>

#include "engine/operations.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {
namespace {

using internal::World;

BalanceTransaction& Record(World& w, BalanceTransaction txn) {
  World::BalanceTotals& totals = w.balance_totals[txn.currency()];
  (txn.status() == "available" ? totals.available : totals.pending) += txn.net();
  return w.balance_transactions.Insert(std::move(txn));
}

BalanceAmount* AmountFor(google::protobuf::RepeatedPtrField<BalanceAmount>* amounts,
                         const std::string& currency, int64_t amount) {
  BalanceAmount* entry = amounts->Add();
  entry->set_amount(amount);
  entry->set_currency(currency);
  entry->mutable_source_types()->set_card(amount);
  return entry;
}

Balance CurrentBalance(World& w) {
  Balance balance;
  balance.set_object("balance");
  balance.set_livemode(false);
  w.balance_totals.try_emplace(w.options.default_currency);  // always listed
  for (const auto& [currency, totals] : w.balance_totals) {
    AmountFor(balance.mutable_available(), currency, totals.available);
    AmountFor(balance.mutable_pending(), currency, totals.pending);
  }
  return balance;
}

}  // namespace

absl::StatusOr<Balance> BalanceService::Retrieve(const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Balance> { return CurrentBalance(w); });
}

absl::StatusOr<BalanceTransaction> BalanceService::RetrieveTransaction(
    absl::string_view id, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<BalanceTransaction> {
    PAYSIM_ASSIGN_OR_RETURN(BalanceTransaction * txn, w.balance_transactions.Get(id));
    return *txn;
  });
}

absl::StatusOr<ListResult<BalanceTransaction>> BalanceService::ListTransactions(
    const BalanceTransactionListParams& params, const RequestOptions& options) {
  World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<BalanceTransaction>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.balance_transactions.List(
        window, "/v1/balance_transactions", [&](const BalanceTransaction& t) {
          return (!params.has_source() || t.source() == params.source()) &&
                 (!params.has_type() || t.type() == params.type());
        });
  });
}

namespace internal {

BalanceTransaction& RecordChargeTransaction(World& world, const Charge& charge, int64_t amount,
                                            bool bypass_pending) {
  BalanceTransaction txn;
  txn.set_id(world.ids.NewId("txn_"));
  txn.set_object("balance_transaction");
  txn.set_amount(amount);
  const absl::Time available_on = bypass_pending ? world.now : world.now + kFundsAvailableDelay;
  txn.set_available_on(absl::ToUnixSeconds(available_on));
  txn.set_created(world.created());
  txn.set_currency(charge.currency());
  if (charge.has_description()) txn.set_description(charge.description());
  const int64_t fee = CardFee(amount);
  txn.set_fee(fee);
  FeeDetail* detail = txn.add_fee_details();
  detail->set_amount(fee);
  detail->set_currency(charge.currency());
  detail->set_description("Stripe processing fees");
  detail->set_type("stripe_fee");
  txn.set_net(amount - fee);
  txn.set_reporting_category("charge");
  txn.set_source(charge.id());
  txn.set_status(bypass_pending ? "available" : "pending");
  txn.set_type("charge");
  BalanceTransaction& stored = Record(world, std::move(txn));
  if (!bypass_pending) {
    world.timers.Schedule(available_on, TimerKind::kFundsAvailable, stored.id());
  }
  return stored;
}

BalanceTransaction& RecordRefundTransaction(World& world, const Refund& refund) {
  BalanceTransaction txn;
  txn.set_id(world.ids.NewId("txn_"));
  txn.set_object("balance_transaction");
  txn.set_amount(-refund.amount());
  txn.set_available_on(world.created());
  txn.set_created(world.created());
  txn.set_currency(refund.currency());
  txn.set_description("REFUND FOR CHARGE");
  txn.set_fee(0);
  txn.set_net(-refund.amount());
  txn.set_reporting_category("refund");
  txn.set_source(refund.id());
  txn.set_status("available");
  txn.set_type("refund");
  return Record(world, std::move(txn));
}

void OnFundsAvailable(World& world, const std::string& transaction_id) {
  BalanceTransaction* txn = world.balance_transactions.Find(transaction_id);
  if (txn == nullptr || txn->status() != "pending") return;
  txn->set_status("available");
  World::BalanceTotals& totals = world.balance_totals[txn->currency()];
  totals.pending -= txn->net();
  totals.available += txn->net();
  world.Emit("balance.available", CurrentBalance(world));
}

}  // namespace internal
}  // namespace paysim
