#include "engine/internal/balance_ledger.h"
#include "engine/internal/interned.h"

#include <cstdint>
#include <string>
#include <tuple>
#include <utility>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "engine/balance.h"
#include "engine/currency.h"
#include "engine/internal/shared_values.h"

namespace paysim {
namespace internal {
namespace {

using Machine = BalanceLedger::Machine;
using S = BalanceTransactionState;
using T = BalanceTransactionTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kRecordPending, S::kPending, ""},
    {Machine::kCreated, T::kRecordAvailable, S::kAvailable, ""},
    {Machine::From({S::kPending}), T::kFundsArrive, S::kAvailable, "balance.available"},
    // Stripe's own fixture for balance.available is a charge with pm_card_bypassPending.
    {Machine::kCreated, T::kRecordBypassingPending, S::kAvailable, "balance.available"},
};
constexpr absl::string_view kStates[] = {"pending", "available"};
constexpr absl::string_view kTriggers[] = {
    "a capture",
    "a refund, a refund's failure, a dispute's funds, a payout, a payout's failure or "
    "cancellation, a top-up's success",
    "available_on comes (2 days)",
    "a capture that bypasses pending"};

// `object.set_currency(code)`, from the currency table's static node when `code` is exactly a
// supported code: the ledger's transactions and fee details share one "usd" instead of each
// allocating a copy of the text.
template <typename M>
void SetCurrencyField(M& object, const std::string& code) {
  const CurrencyInfo* info = FindCurrency(code);
  if (info != nullptr && info->code == code) {
    object.set_currency(Interned(info->code));  // the table's codes are in static storage
  } else {
    object.set_currency(code);
  }
}

// A transaction with its stable fields only (proto/balance.proto: object, balance type,
// currency, description, category, type), built once per such fields and shared: one block for
// all the transactions of one kind. `description` null: none. Set the other fields after.
BalanceTransaction CommonPart(const std::string& currency, const obj::SharedString* description,
                              const obj::InternedString& category,
                              const obj::InternedString& type) {
  using Key = std::tuple<std::string, bool, obj::SharedString, const obj::InternedString*,
                         const obj::InternedString*>;
  thread_local Memo<Key, BalanceTransaction, 16> common;
  Key key(currency, description != nullptr,
          description != nullptr ? *description : obj::SharedString(), &category, &type);
  return common.Get(absl::HashOf(currency, std::get<2>(key).get(), &type), key, [&] {
    BalanceTransaction txn;
    txn.set_object(PAYSIM_INTERNED("balance_transaction"));
    txn.set_balance_type(PAYSIM_INTERNED("payments"));
    SetCurrencyField(txn, currency);
    if (description != nullptr) txn.set_description(*description);
    txn.set_reporting_category(category);
    txn.set_type(type);
    return txn;
  });
}

void SetAmount(BalanceAmount* entry, const std::string& currency, int64_t amount) {
  entry->set_amount(amount);
  entry->set_currency(currency);
  entry->mutable_source_types()->set_card(amount);
}

}  // namespace

const Machine& BalanceLedger::machine() {
  static constexpr Machine kMachine(
      kRows, {"balance_transaction", "status", kStates, kStates, kTriggers});
  return kMachine;
}

const BalanceTransaction& BalanceLedger::Record(World& world, BalanceTransaction txn,
                                                BalanceTransactionTrigger trigger) {
  const Machine::Row* row = machine().FindCreate(trigger);
  txn.set_status(Interned(machine().Rendered(row->to)));
  BalanceTotals& totals = world.balance_totals(Key())[txn.currency()];
  (row->to == S::kAvailable ? totals.available : totals.pending) += txn.net();
  if (txn.balance_type().empty()) txn.set_balance_type(PAYSIM_INTERNED("payments"));
  const BalanceTransaction& stored = world.balance_transactions().Insert(Key(), std::move(txn));
  ForEachEvent(row->events, [&](absl::string_view type) {
    world.Emit(type, CurrentBalance(world));
  });
  return stored;
}

const BalanceTransaction& BalanceLedger::RecordCharge(World& world, const Charge& charge,
                                                      int64_t amount, bool bypass_pending) {
  const obj::SharedString description = charge.description_shared();
  BalanceTransaction txn =
      CommonPart(charge.currency(), charge.has_description() ? &description : nullptr,
                 PAYSIM_INTERNED("charge"), PAYSIM_INTERNED("charge"));
  txn.set_id(world.ids().NewId("txn_"));
  txn.set_amount(amount);
  const absl::Time available_on =
      bypass_pending ? world.now() : world.now() + kFundsAvailableDelay;
  txn.set_available_on(absl::ToUnixSeconds(available_on));
  txn.set_created(world.created());
  const int64_t fee = FeeFor(charge.payment_method_details().type(), amount);
  txn.set_fee(fee);
  // The same fee in the same currency: one list, built once, for all such transactions.
  using FeeKey = std::pair<int64_t, std::string>;
  thread_local Memo<FeeKey, obj::Repeated<FeeDetail>, 16> fee_lists;
  const FeeKey key(fee, charge.currency());
  *txn.mutable_fee_details() = fee_lists.Get(static_cast<uint64_t>(fee), key, [&] {
    obj::Repeated<FeeDetail> list;
    FeeDetail* detail = list.Add();
    detail->set_amount(fee);
    SetCurrencyField(*detail, key.second);
    detail->set_description(PAYSIM_INTERNED("Stripe processing fees"));
    detail->set_type(PAYSIM_INTERNED("stripe_fee"));
    return list;
  });
  txn.set_net(amount - fee);
  txn.set_source(charge.id_shared());
  const BalanceTransaction& stored =
      Record(world, std::move(txn), bypass_pending ? T::kRecordBypassingPending : T::kRecordPending);
  if (!bypass_pending) {
    world.timers().Schedule(available_on, TimerKind::kFundsAvailable, stored.id());
  }
  return stored;
}

const BalanceTransaction& BalanceLedger::RecordRefund(World& world, const Refund& refund) {
  obj::SharedString description;
  description.Set(PAYSIM_INTERNED("REFUND FOR CHARGE"));
  BalanceTransaction txn = CommonPart(refund.currency(), &description,
                                      PAYSIM_INTERNED("refund"), PAYSIM_INTERNED("refund"));
  txn.set_id(world.ids().NewId("txn_"));
  txn.set_amount(-refund.amount());
  txn.set_available_on(world.created());
  txn.set_created(world.created());
  txn.set_fee(0);
  txn.set_net(-refund.amount());
  txn.set_source(refund.id_shared());
  return Record(world, std::move(txn), T::kRecordAvailable);
}

const BalanceTransaction& BalanceLedger::RecordRefundFailure(World& world,
                                                             const Refund& refund) {
  BalanceTransaction txn;
  txn.set_id(world.ids().NewId("txn_"));
  txn.set_object(PAYSIM_INTERNED("balance_transaction"));
  txn.set_amount(refund.amount());
  txn.set_available_on(world.created());
  txn.set_created(world.created());
  SetCurrencyField(txn, refund.currency());
  txn.set_description(PAYSIM_INTERNED("REFUND FAILURE"));
  txn.set_fee(0);
  txn.set_net(refund.amount());
  txn.set_reporting_category(PAYSIM_INTERNED("refund_failure"));
  txn.set_source(refund.id_shared());
  txn.set_type(PAYSIM_INTERNED("refund_failure"));
  return Record(world, std::move(txn), T::kRecordAvailable);
}

namespace {

// A dispute's transaction: `amount` and `fee` signed as they move the balance.
BalanceTransaction DisputeTransaction(World& world, const Dispute& dispute, int64_t amount,
                                      int64_t fee, absl::string_view description,
                                      absl::string_view category) {
  BalanceTransaction txn;
  txn.set_id(world.ids().NewId("txn_"));
  txn.set_object(PAYSIM_INTERNED("balance_transaction"));
  txn.set_amount(amount);
  txn.set_available_on(world.created());
  txn.set_created(world.created());
  txn.set_currency(dispute.currency_shared());
  txn.set_description(absl::StrCat(description, dispute.charge()));
  txn.set_fee(fee);
  FeeDetail* detail = txn.add_fee_details();
  detail->set_amount(fee);
  detail->set_currency(dispute.currency_shared());
  detail->set_description(PAYSIM_INTERNED("Dispute fee"));
  detail->set_type(PAYSIM_INTERNED("stripe_fee"));
  txn.set_net(amount - fee);
  txn.set_reporting_category(Interned(category));
  txn.set_source(dispute.id_shared());
  txn.set_type(PAYSIM_INTERNED("adjustment"));
  return txn;
}

}  // namespace

const BalanceTransaction& BalanceLedger::RecordDisputeWithdrawal(World& world,
                                                                 const Dispute& dispute,
                                                                 int64_t amount, int64_t fee) {
  return Record(world,
                DisputeTransaction(world, dispute, -amount, fee, "Chargeback withdrawal for ",
                                   "dispute"),
                T::kRecordAvailable);
}

const BalanceTransaction& BalanceLedger::RecordDisputeReinstatement(World& world,
                                                                    const Dispute& dispute,
                                                                    int64_t amount, int64_t fee) {
  return Record(world,
                DisputeTransaction(world, dispute, amount, -fee, "Chargeback reversal for ",
                                   "dispute_reversal"),
                T::kRecordAvailable);
}

namespace {

// A payout's transaction: `amount` signed as it moves the balance.
BalanceTransaction PayoutTransaction(World& world, const Payout& payout, int64_t amount,
                                     absl::string_view type, absl::string_view category) {
  BalanceTransaction txn;
  txn.set_id(world.ids().NewId("txn_"));
  txn.set_object(PAYSIM_INTERNED("balance_transaction"));
  txn.set_amount(amount);
  txn.set_available_on(world.created());
  txn.set_created(world.created());
  txn.set_currency(payout.currency_shared());
  if (payout.has_description()) txn.set_description(payout.description_shared());
  txn.set_fee(0);
  txn.set_net(amount);
  txn.set_reporting_category(Interned(category));
  txn.set_source(payout.id_shared());
  txn.set_type(Interned(type));
  return txn;
}

}  // namespace

const BalanceTransaction& BalanceLedger::RecordPayout(World& world, const Payout& payout) {
  return Record(world, PayoutTransaction(world, payout, -payout.amount(), "payout", "payout"),
                T::kRecordAvailable);
}

const BalanceTransaction& BalanceLedger::RecordPayoutReturn(World& world, const Payout& payout,
                                                            bool canceled) {
  return Record(world,
                PayoutTransaction(world, payout, payout.amount(),
                                  canceled ? "payout_cancel" : "payout_failure",
                                  "payout_reversal"),
                T::kRecordAvailable);
}

const BalanceTransaction& BalanceLedger::RecordTopup(World& world, const Topup& topup) {
  BalanceTransaction txn;
  txn.set_id(world.ids().NewId("txn_"));
  txn.set_object(PAYSIM_INTERNED("balance_transaction"));
  txn.set_amount(topup.amount());
  txn.set_available_on(world.created());
  txn.set_created(world.created());
  txn.set_currency(topup.currency_shared());
  if (topup.has_description()) txn.set_description(topup.description_shared());
  txn.set_fee(0);
  txn.set_net(topup.amount());
  txn.set_reporting_category(PAYSIM_INTERNED("topup"));
  txn.set_source(topup.id_shared());
  txn.set_type(PAYSIM_INTERNED("topup"));
  return Record(world, std::move(txn), T::kRecordAvailable);
}

int64_t BalanceLedger::Available(const World& world, absl::string_view currency) {
  const auto& all = world.balance_totals();
  const auto it = all.find(std::string(currency));
  return it == all.end() ? 0 : it->second.available;
}

Balance BalanceLedger::CurrentBalance(World& world) {
  Balance balance;
  balance.set_object(PAYSIM_INTERNED("balance"));
  balance.set_livemode(false);
  std::map<std::string, BalanceTotals>& all = world.balance_totals(Key());
  all.try_emplace(world.options().default_currency);  // always listed
  for (const auto& [currency, totals] : all) {
    SetAmount(balance.add_available(), currency, totals.available);
    SetAmount(balance.add_pending(), currency, totals.pending);
  }
  return balance;
}

void BalanceLedger::OnFundsAvailable(World& world, absl::string_view transaction_id) {
  BalanceTransaction* txn = world.balance_transactions().Mutable(Key(), transaction_id);
  if (txn == nullptr) return;
  const Machine::Row* row =
      machine().Find(txn->status() == "pending" ? S::kPending : S::kAvailable, T::kFundsArrive);
  if (row == nullptr) return;
  txn->set_status(Interned(machine().Rendered(row->to)));
  BalanceTotals& totals = world.balance_totals(Key())[txn->currency()];
  totals.pending -= txn->net();
  totals.available += txn->net();
  ForEachEvent(row->events, [&](absl::string_view type) {
    world.Emit(type, CurrentBalance(world));
  });
}

}  // namespace internal
}  // namespace paysim
