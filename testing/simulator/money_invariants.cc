// Money adds up: charges, refunds, balance transactions and the balance.
#include "testing/simulator/money_invariants.h"

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/balance.h"
#include "engine/json_render.h"
#include "engine/list.h"
#include "testing/simulator/rendering.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

void CheckCharge(Simulation& sim, const Charge& c) {
  const ChargeModel& model = sim.model().charges[c.id()];
  const int64_t now = sim.Now();
  auto fail = [&](absl::string_view what) {
    sim.ReportViolation(absl::StrCat(c.id(), ": ", what, "\n  ", RenderJson(c)));
  };
  const bool card = c.payment_method_details().type() == "card";
  if (c.status() == "failed") {
    // A failed bank debit keeps captured (it had no separate authorization); no money moved.
    if ((card && (c.captured() || c.amount_captured() != 0)) || c.amount_refunded() != 0 ||
        c.paid() || c.has_balance_transaction() || model.refunds_of_captured != 0) {
      fail("a failed charge moved money");
    }
    return;
  }
  if (c.status() == "pending") {
    // A bank debit on its way: nothing received yet; its refunds are held until it settles.
    if (card || !c.captured() || c.amount_captured() != c.amount() || c.paid() ||
        c.has_balance_transaction()) {
      fail("a pending charge moved money");
    }
    if (c.amount_refunded() != model.refunds_of_captured ||
        c.refunded_from_captured() != model.refunds_of_captured ||
        c.amount_refunded() > c.amount()) {
      fail(absl::StrCat("a pending charge's held refunds (", model.refunds_of_captured,
                        ") != amount_refunded"));
    }
    return;
  }
  if (c.status() != "succeeded") return fail("status neither succeeded, pending nor failed");
  if (!c.paid()) fail("succeeded but not paid");
  // captured + released + still held = authorized
  int64_t held = 0;
  int64_t released = 0;
  if (c.captured()) {
    if (c.amount_captured() <= 0 || c.amount_captured() > c.amount()) fail("bad amount_captured");
    released = c.amount() - c.amount_captured();
    if (!c.has_balance_transaction()) fail("captured without a balance transaction");
  } else {
    if (c.amount_captured() != 0) fail("uncaptured with amount_captured");
    if (c.authorization_released()) {
      released = c.amount();
    } else {
      held = c.amount();
      const int64_t capture_before = c.payment_method_details().card().capture_before();
      if (now >= capture_before) {
        fail(absl::StrCat("an open hold outlived capture_before (now ", now, ")"));
      }
      sim.model().deadlines.push_back(capture_before);
    }
  }
  if (c.amount_captured() + released + held != c.amount()) fail("captured + released != amount");
  // Refunds: of captured funds at most what was captured; released ones (before basil) exactly
  // the released amount or nothing.
  if (model.refunds_of_captured > c.amount_captured()) fail("refunded more than captured");
  // A dispute's funds and the refunds never exceed the charge.
  if (model.disputed_funds < 0 ||
      model.disputed_funds + c.refunded_from_captured() > c.amount_captured()) {
    fail(absl::StrCat("disputed funds ", model.disputed_funds, " + refunds exceed the captured ",
                      "amount"));
  }
  if (model.disputed_funds > 0 && !c.disputed()) fail("funds withdrawn but not `disputed`");
  if (model.refunds_of_captured != c.refunded_from_captured()) {
    fail(absl::StrCat("refunds of captured funds seen ", model.refunds_of_captured,
                      " != refunded_from_captured"));
  }
  if (model.refunds_released != 0 && model.refunds_released != released) {
    fail(absl::StrCat("released refunds ", model.refunds_released, " != released ", released));
  }
  if (c.amount_refunded() != model.refunds_of_captured + model.refunds_released) {
    fail(absl::StrCat("amount_refunded != sum of its refunds (", model.refunds_of_captured, " + ",
                      model.refunds_released, ")"));
  }
  const bool refunded = c.amount_refunded() >= c.amount() ||
                        (c.captured() && c.refunded_from_captured() >= c.amount_captured());
  if (c.refunded() != refunded) fail("`refunded` does not match the refunds");
  if (c.captured() && !model.transaction_checked) {
    sim.model().charges[c.id()].transaction_checked = true;
    absl::StatusOr<BalanceTransaction> txn = sim.CallBothEngines(
        [&](Engine& e) { return e.balance().RetrieveTransaction(c.balance_transaction()); });
    if (!txn.ok() || txn->amount() != c.amount_captured() || txn->source() != c.id() ||
        txn->fee() != CardFee(c.amount_captured()) ||
        txn->net() != c.amount_captured() - txn->fee() || txn->currency() != c.currency() ||
        txn->type() != "charge") {
      fail(absl::StrCat("its balance transaction does not match: ",
                        txn.ok() ? RenderJson(*txn) : StatusText(txn.status())));
    }
  }
}

void CheckRefundTransaction(Simulation& sim, const Refund& refund) {
  absl::StatusOr<BalanceTransaction> txn = sim.CallBothEngines(
      [&](Engine& e) { return e.balance().RetrieveTransaction(refund.balance_transaction()); });
  if (!txn.ok() || txn->amount() != -refund.amount() || txn->net() != -refund.amount() ||
      txn->source() != refund.id() || txn->type() != "refund") {
    sim.ReportViolation(absl::StrCat("refund ", refund.id(),
                                     ": its balance transaction does not match (",
                                     txn.ok() ? RenderJson(*txn) : "missing", ")"));
  }
}

void ReadNewTransactions(Simulation& sim) {
  Model& model = sim.model();
  std::vector<BalanceTransaction> fresh;
  for (;;) {
    BalanceTransactionListParams params;
    params.set_limit(kListMaxLimit);
    if (!model.last_transaction.empty()) params.set_ending_before(model.last_transaction);
    absl::StatusOr<ListResult<BalanceTransaction>> page =
        sim.CallBothEngines([&](Engine& e) { return e.balance().ListTransactions(params); });
    if (!page.ok()) {
      sim.ReportViolation(
          absl::StrCat("listing balance transactions failed: ", StatusText(page.status())));
      return;
    }
    if (page->data.empty()) break;
    if (model.last_transaction.empty() && page->has_more) {
      sim.ReportViolation(
          absl::StrCat("more than ", kListMaxLimit, " balance transactions before the first read"));
      return;
    }
    // ending_before pages are newest first, holding the transactions just after the cursor.
    for (auto it = page->data.rbegin(); it != page->data.rend(); ++it) fresh.push_back(*it);
    model.last_transaction = page->data.front().id();
    if (!page->has_more) break;
  }
  const int64_t now = sim.Now();
  for (const BalanceTransaction& txn : fresh) {
    const bool available = txn.available_on() <= now;
    if (txn.status() != (available ? "available" : "pending")) {
      sim.ReportViolation(absl::StrCat(txn.id(), " is ", txn.status(), " with available_on ",
                                       txn.available_on(), " at ", now));
    }
    if (txn.net() != txn.amount() - txn.fee()) {
      sim.ReportViolation(absl::StrCat(txn.id(), ": net != amount - fee"));
    }
    BalanceModel::Totals& totals = model.balance.totals[txn.currency()];
    if (available) {
      totals.available += txn.net();
    } else {
      totals.pending += txn.net();
      model.balance.pending.emplace(txn.available_on(), txn.currency(), txn.net());
      model.deadlines.push_back(txn.available_on());
    }
    // Every transaction belongs to a charge, a refund, a dispute, a payout or a top-up that
    // names it.
    const bool of_charge =
        absl::StartsWith(txn.source(), "ch_") || absl::StartsWith(txn.source(), "py_");
    const bool of_dispute = absl::StartsWith(txn.source(), "du_");
    const bool of_payout = absl::StartsWith(txn.source(), "po_");
    const bool of_topup = absl::StartsWith(txn.source(), "tu_");
    if (!(of_charge    ? txn.type() == "charge"
          : of_dispute ? txn.type() == "adjustment"
          : of_topup   ? txn.type() == "topup" && txn.amount() > 0
          : of_payout  ? (txn.type() == "payout" ? txn.amount() < 0 : txn.amount() > 0) &&
                            (txn.type() == "payout" || txn.type() == "payout_failure" ||
                             txn.type() == "payout_cancel")
                       : absl::StartsWith(txn.source(), "re_"))) {
      sim.ReportViolation(absl::StrCat(txn.id(), ": unexpected source ", txn.source()));
    }
    sim.Touch(txn.source());
  }
}

void CheckBalance(Simulation& sim) {
  BalanceModel& expected = sim.model().balance;
  expected.MakeAvailable(sim.Now());
  absl::StatusOr<Balance> balance =
      sim.CallBothEngines([&](Engine& e) { return e.balance().Retrieve(); });
  if (!balance.ok()) {
    sim.ReportViolation(absl::StrCat("balance: ", StatusText(balance.status())));
    return;
  }
  auto check = [&](const obj::Repeated<BalanceAmount>& amounts,
                   bool available) {
    for (const BalanceAmount& amount : amounts) {
      auto it = expected.totals.find(amount.currency());
      const int64_t sum =
          it == expected.totals.end() ? 0 : (available ? it->second.available : it->second.pending);
      if (amount.amount() != sum) {
        sim.ReportViolation(absl::StrCat("balance ", available ? "available" : "pending", " ",
                                         amount.currency(), " is ", amount.amount(),
                                         ", the transactions sum to ", sum));
      }
    }
  };
  check(balance->available(), true);
  check(balance->pending(), false);
  for (const auto& [currency, totals] : expected.totals) {
    bool listed = false;
    for (const BalanceAmount& amount : balance->available()) {
      listed |= amount.currency() == currency;
    }
    if (!listed && (totals.available != 0 || totals.pending != 0)) {
      sim.ReportViolation(absl::StrCat("balance does not list ", currency));
    }
  }
}

void CheckInvoicePayments(Simulation& sim, const Invoice& invoice) {
  int64_t paid = 0;
  for (const InvoicePayment& payment : invoice.payments().data()) {
    if (payment.invoice() != invoice.id()) {
      sim.ReportViolation(absl::StrCat(payment.id(), " is listed by ", invoice.id(),
                                       " but names ", payment.invoice()));
    }
    if (payment.status() != "paid") continue;
    if (payment.amount_paid() < 0 || payment.amount_paid() > payment.amount_requested()) {
      sim.ReportViolation(absl::StrCat(payment.id(), ": paid ", payment.amount_paid(),
                                       " of the ", payment.amount_requested(), " it asked"));
    }
    paid += payment.amount_paid();
  }
  const bool open = invoice.status() == "open";
  if ((open && invoice.amount_paid() != paid) || invoice.amount_paid() < paid) {
    sim.ReportViolation(absl::StrCat(invoice.id(), " (", invoice.status(), "): amount_paid ",
                                     invoice.amount_paid(), ", its payments paid ", paid));
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
