// Operations on invoices' partial payments: a PaymentIntent of an invoice's customer, made
// for part of what the invoice has left (sometimes more, sometimes in another currency,
// sometimes confirmed first), attached to an invoice the billing operations have seen (open,
// or by now paid, void or a draft: refused; a charge_automatically one: refused). The intent
// joins the PaymentIntents' pool, so that their operations confirm, capture, update or
// cancel it later. The invariant that payments add up is money_invariants.h's
// CheckInvoicePayments, run on every invoice event.
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/invoices.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kInvoices = "invoices";  // billing_operations.cc's pool

// What `invoice` has left that no open attached payment asks for.
int64_t Unrequested(const Invoice& invoice) {
  int64_t left = invoice.amount_remaining();
  for (const InvoicePayment& payment : invoice.payments().data()) {
    if (!payment.is_default() && payment.status() == "open") left -= payment.amount_requested();
  }
  return left;
}

void AttachPayment(Simulation& sim) {
  const std::string id = sim.PickId(kInvoices, "in_");
  const absl::StatusOr<Invoice> invoice =
      sim.CallBothEngines([&](Engine& e) { return e.invoices().Retrieve(id); });
  InvoiceAttachPaymentParams params;
  if (!invoice.ok()) {
    params.set_payment_intent("pi_missing");
    sim.ExpectRefusal("an unknown invoice");
    sim.RunCheckedCall("", [&](Engine& e) { return e.invoices().AttachPayment(id, params); });
    return;
  }
  const int64_t unrequested = Unrequested(*invoice);
  PaymentIntentCreateParams create;
  create.set_customer(invoice->customer());
  create.set_currency(invoice->currency());
  if (sim.Chance(5)) create.set_currency(invoice->currency() == "usd" ? "eur" : "usd");
  // Part of what is left (at least Stripe's minimum charge), sometimes one more than it.
  int64_t amount = unrequested > 50 ? 50 + static_cast<int64_t>(sim.Rand(unrequested - 49)) : 50;
  if (sim.Chance(10)) amount = unrequested + 1 > 50 ? unrequested + 1 : 50;
  create.set_amount(amount);
  if (sim.Chance(30)) {
    // Cards whose confirmation schedules nothing (a dispute's card would open it at the next
    // call, inside the attach being checked).
    create.set_payment_method(sim.Chance(80) ? "pm_card_visa" : "pm_card_authenticationRequired");
    create.set_confirm(true);
  }
  const absl::StatusOr<PaymentIntent> pi =
      sim.CallBothEngines([&](Engine& e) { return e.payment_intents().Create(create); });
  if (!pi.ok()) return;  // a declined confirmation: nothing to attach
  sim.pool(pool::kPaymentIntents).Add(pi->id(), sim.rng());
  sim.Touch(pi->id());
  params.set_payment_intent(pi->id());
  if (invoice->status() != "open") {
    sim.ExpectRefusal(absl::StrCat("a payment attached to a ", invoice->status(), " invoice"));
  } else if (!invoice->subscription_id().empty() &&
             invoice->collection_method() == "charge_automatically") {
    sim.ExpectRefusal("a payment attached to a charge_automatically subscription invoice");
  } else if (pi->currency() != invoice->currency()) {
    sim.ExpectRefusal("a payment in another currency than the invoice's");
  } else if (pi->status() == "canceled") {
    sim.ExpectRefusal("a canceled PaymentIntent");
  } else if (pi->amount() > unrequested) {
    sim.ExpectRefusal("a payment for more than the invoice has left");
  } else {
    sim.ExpectSuccess("a payment for part of what the invoice has left");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.invoices().AttachPayment(id, params); });
}

}  // namespace

void RegisterInvoicePaymentOperations(ResourceRegistry& registry) {
  registry.AddOperation("invoice_attach_payment", 1, AttachPayment);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
