// Checks on every object seen: terminal states kept, and each resource's consistency rules.
#include "testing/simulator/object_invariants.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/tokens.h"
#include "testing/simulator/lifecycles.h"
#include "testing/simulator/money_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void ObserveCharge(Simulation& sim, const Charge& charge, bool current) {
  ChargeModel& model = sim.model().charges[charge.id()];
  model.amount = charge.amount();
  // (The lifecycle check reports this too, as a left terminal state.)
  if (model.failed && charge.status() != "failed") {
    sim.ReportViolation(absl::StrCat(charge.id(), ": a failed charge changed status"));
  }
  model.failed = model.failed || charge.status() == "failed";
  if (model.amount_captured >= 0 &&
      (!charge.captured() || charge.amount_captured() != model.amount_captured ||
       charge.status() != "succeeded")) {
    sim.ReportViolation(absl::StrCat(charge.id(), ": a captured charge changed its capture (",
                                     model.amount_captured, " -> ", charge.amount_captured(), ")"));
  }
  if (charge.captured() && charge.status() == "succeeded") {
    model.amount_captured = charge.amount_captured();
  }
  if (model.released && !charge.authorization_released()) {
    sim.ReportViolation(absl::StrCat(charge.id(), ": a released authorization came back"));
  }
  model.released = model.released || charge.authorization_released();
  if (current) CheckCharge(sim, charge);
}

void ObservePaymentIntent(Simulation& sim, const PaymentIntent& pi) {
  if (pi.status() == "requires_capture" || pi.status() == "succeeded") {
    if (!pi.has_latest_charge()) {
      sim.ReportViolation(absl::StrCat(pi.id(), ": paid without a charge"));
    }
  }
  if (pi.amount_capturable() < 0 || pi.amount_received() > pi.amount() ||
      (pi.status() != "requires_capture" && pi.amount_capturable() != 0)) {
    sim.ReportViolation(absl::StrCat(pi.id(), ": inconsistent amounts in status ", pi.status()));
  }
}

void ObservePaymentMethod(Simulation& sim, const PaymentMethod& pm) {
  if (pm.detached() && pm.has_customer()) {
    sim.ReportViolation(absl::StrCat(pm.id(), ": detached but still has a customer"));
  }
}

void ObserveToken(Simulation& sim, const Token& token) {
  if (!token.used() && !token.expired() &&
      sim.Now() >= token.created() + absl::ToInt64Seconds(kTokenLifetime)) {
    sim.ReportViolation(absl::StrCat(token.id(), ": unused token outlived its ",
                                     absl::FormatDuration(kTokenLifetime)));
  }
}

void ObserveCheckoutSession(Simulation& sim, const CheckoutSession& session) {
  if (session.status() != "complete" && session.payment_status() == "paid") {
    sim.ReportViolation(absl::StrCat(session.id(), ": paid but ", session.status()));
  }
  // Adaptive Pricing: one shape at a time, only when enabled, always into another currency.
  const bool converted = session.has_currency_conversion() || session.has_presentment_details();
  if (converted && !session.adaptive_pricing().enabled()) {
    sim.ReportViolation(absl::StrCat(session.id(), ": converted without adaptive_pricing"));
  }
  if (session.has_currency_conversion() && session.has_presentment_details()) {
    sim.ReportViolation(
        absl::StrCat(session.id(), ": both currency_conversion and presentment_details"));
  }
  if (session.has_currency_conversion() &&
      session.currency_conversion().source_currency() == session.currency()) {
    sim.ReportViolation(absl::StrCat(session.id(), ": converted into its own currency"));
  }
  if (session.has_presentment_details() &&
      session.presentment_details().presentment_currency() == session.currency()) {
    sim.ReportViolation(absl::StrCat(session.id(), ": presented in its own currency"));
  }
  if (session.mode() == "setup") return;
  // Every amount adds up, in the session's currency (before basil a converted session shows
  // all its amounts in the customer's): the line items and the shipping make the total and the
  // tax, the total is what remains after the discount plus shipping plus at most the tax, and
  // the breakdown's shares make the discount and the tax.
  const int64_t amount_total = session.amount_total();
  const int64_t amount_subtotal = session.amount_subtotal();
  int64_t total = session.shipping_cost().amount_total();
  int64_t tax = session.shipping_cost().amount_tax();
  for (const auto& item : session.line_items()) {
    total += item.amount_total();
    tax += item.amount_tax();
    if (item.currency() != session.currency()) {
      sim.ReportViolation(absl::StrCat(session.id(), ": a line item in ", item.currency(),
                                       ", the session in ", session.currency()));
    }
  }
  const CheckoutTotalDetails& details = session.total_details();
  int64_t breakdown_tax = 0;
  int64_t breakdown_discount = 0;
  for (const auto& share : details.breakdown().taxes()) breakdown_tax += share.amount();
  for (const auto& share : details.breakdown().discounts()) breakdown_discount += share.amount();
  const int64_t base = amount_subtotal - details.amount_discount() + details.amount_shipping();
  if (total != amount_total || tax != details.amount_tax() || amount_total < base ||
      amount_total > base + details.amount_tax() || breakdown_tax != details.amount_tax() ||
      breakdown_discount != details.amount_discount()) {
    sim.ReportViolation(absl::StrCat(session.id(), ": amounts do not add up (total ",
                                     amount_total, ", lines and shipping ", total, ", tax ",
                                     details.amount_tax(), " vs ", tax, ", breakdown ",
                                     breakdown_tax, " and ", breakdown_discount, ")"));
  }
  if (session.status() == "complete" && session.automatic_tax().enabled() &&
      session.automatic_tax().status() != "complete") {
    sim.ReportViolation(absl::StrCat(session.id(), ": complete with automatic tax ",
                                     session.automatic_tax().status()));
  }
}

}  // namespace

void ObserveObject(Simulation& sim, const google::protobuf::Message& object, bool current) {
  if (const Lifecycle* lifecycle = sim.resources().FindLifecycle(object.GetDescriptor())) {
    CheckNoStateRegresses(*lifecycle, object, current, sim.model().lifecycles,
                          [&sim](const std::string& what) { sim.ReportViolation(what); });
  }
  if (const auto* charge = dynamic_cast<const Charge*>(&object)) {
    ObserveCharge(sim, *charge, current);
  } else if (const auto* pi = dynamic_cast<const PaymentIntent*>(&object)) {
    ObservePaymentIntent(sim, *pi);
  } else if (const auto* pm = dynamic_cast<const PaymentMethod*>(&object)) {
    ObservePaymentMethod(sim, *pm);
  } else if (const auto* token = dynamic_cast<const Token*>(&object)) {
    ObserveToken(sim, *token);
  } else if (const auto* session = dynamic_cast<const CheckoutSession*>(&object)) {
    ObserveCheckoutSession(sim, *session);
  }
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
