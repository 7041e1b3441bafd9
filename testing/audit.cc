// AuditEngine: the whole world checked through the public API, in O(objects) (audit.h).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/list.h"
#include "testing/audit.h"

namespace paysim {
namespace testing {

namespace {

// Every item of a list endpoint, oldest page first: `list(params)` answers one page.
template <typename T, typename Params, typename F>
absl::Status ListAll(F list, std::vector<T>* out) {
  Params params;
  params.set_limit(kListMaxLimit);
  for (;;) {
    absl::StatusOr<ListResult<T>> page = list(params);
    if (!page.ok()) return page.status();
    for (T& item : page->data) out->push_back(std::move(item));
    if (!page->has_more || page->data.empty()) return absl::OkStatus();
    params.set_starting_after(out->back().id());
  }
}

absl::Status Broken(absl::string_view what) { return absl::InternalError(what); }

}  // namespace

absl::Status AuditEngine(Engine& engine) {
  std::vector<Charge> charges;
  absl::Status s = ListAll<Charge, ChargeListParams>(
      [&](const ChargeListParams& p) { return engine.charges().List(p); }, &charges);
  if (!s.ok()) return s;
  std::vector<Refund> refunds;
  s = ListAll<Refund, RefundListParams>(
      [&](const RefundListParams& p) { return engine.refunds().List(p); }, &refunds);
  if (!s.ok()) return s;
  std::vector<BalanceTransaction> transactions;
  s = ListAll<BalanceTransaction, BalanceTransactionListParams>(
      [&](const BalanceTransactionListParams& p) { return engine.balance().ListTransactions(p); },
      &transactions);
  if (!s.ok()) return s;
  std::vector<Event> events;
  s = ListAll<Event, EventListParams>(
      [&](const EventListParams& p) { return engine.events().List(p); }, &events);
  if (!s.ok()) return s;

  absl::flat_hash_map<std::string, const BalanceTransaction*> by_id;
  std::map<std::string, std::pair<int64_t, int64_t>> sums;  // currency -> (available, pending)
  for (const BalanceTransaction& txn : transactions) {
    by_id[txn.id()] = &txn;
    auto& sum = sums[txn.currency()];
    (txn.status() == "available" ? sum.first : sum.second) += txn.net();
    if (txn.net() != txn.amount() - txn.fee()) {
      return Broken(absl::StrCat(txn.id(), ": net != amount - fee"));
    }
  }
  absl::flat_hash_map<std::string, std::pair<int64_t, int64_t>> refunded;  // captured, released
  for (const Refund& refund : refunds) {
    auto& r = refunded[refund.charge()];
    if (refund.has_balance_transaction()) {
      auto it = by_id.find(refund.balance_transaction());
      if (it == by_id.end() || it->second->amount() != -refund.amount()) {
        return Broken(absl::StrCat(refund.id(), ": balance transaction missing or wrong"));
      }
      if (refund.status() == "failed" || refund.status() == "canceled") {
        // The money came back: a refund_failure transaction of the same amount.
        auto back = by_id.find(refund.failure_balance_transaction());
        if (back == by_id.end() || back->second->amount() != refund.amount()) {
          return Broken(absl::StrCat(refund.id(), ": failure balance transaction missing or wrong"));
        }
        continue;
      }
      r.first += refund.amount();
    } else if (refund.status() == "pending") {
      r.first += refund.amount();  // held until its bank debit settles
    } else if (refund.status() != "canceled") {
      r.second += refund.amount();  // a released hold's refund (before basil)
    }
  }
  for (const Charge& c : charges) {
    const auto r = refunded[c.id()];
    if (c.amount_refunded() != r.first + r.second) {
      return Broken(absl::StrCat(c.id(), ": amount_refunded is not the sum of its refunds"));
    }
    if (c.status() == "failed" || c.status() == "pending") {
      // Nothing received: nothing refunded (but a pending debit's held refunds), no balance
      // transaction. (A bank debit keeps captured=true while pending and after failing; a card
      // charge never does.)
      const bool card = c.payment_method_details().type() == "card";
      const int64_t held = c.status() == "pending" ? r.first : 0;
      if ((card && c.captured()) || c.amount_refunded() != held || c.has_balance_transaction()) {
        return Broken(absl::StrCat(c.id(), ": a ", c.status(), " charge moved money (refunded ",
                                   c.amount_refunded(), ")"));
      }
      continue;
    }
    if (r.first > c.amount_captured()) {
      return Broken(absl::StrCat(c.id(), ": refunded more than captured"));
    }
    if (c.captured()) {
      auto it = by_id.find(c.balance_transaction());
      if (it == by_id.end() || it->second->amount() != c.amount_captured()) {
        return Broken(absl::StrCat(c.id(), ": capture's balance transaction missing or wrong"));
      }
      if (r.second != 0 && r.second != c.amount() - c.amount_captured()) {
        return Broken(absl::StrCat(c.id(), ": released refunds != released amount"));
      }
    } else if (!c.authorization_released()) {
      if (absl::ToUnixSeconds(engine.Now()) >= c.payment_method_details().card().capture_before()) {
        return Broken(absl::StrCat(c.id(), ": open hold past capture_before"));
      }
    }
  }
  absl::StatusOr<Balance> balance = engine.balance().Retrieve();
  if (!balance.ok()) return balance.status();
  for (const BalanceAmount& amount : balance->available()) {
    if (amount.amount() != sums[amount.currency()].first) {
      return Broken(absl::StrCat("available ", amount.currency(), " != sum of transactions"));
    }
  }
  for (const BalanceAmount& amount : balance->pending()) {
    if (amount.amount() != sums[amount.currency()].second) {
      return Broken(absl::StrCat("pending ", amount.currency(), " != sum of transactions"));
    }
  }
  absl::flat_hash_set<std::string> ids;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!ids.insert(events[i].id()).second) return Broken("duplicate event id");
    if (i > 0 && events[i].created() > events[i - 1].created()) {
      return Broken(absl::StrCat("events out of time order at ", events[i].id()));
    }
  }
  if (ids.size() != engine.events().size()) return Broken("event list misses events");
  return absl::OkStatus();
}

}  // namespace testing
}  // namespace paysim
