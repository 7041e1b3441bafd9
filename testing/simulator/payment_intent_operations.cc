// Operations on PaymentIntents: create (confirmed or not, manual capture, off-session), update,
// confirm, capture, cancel, and the customer's answer to 3D Secure.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/currency.h"
#include "engine/stripe_error.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void CreatePaymentIntent(Simulation& sim) {
  PaymentIntentCreateParams params;
  const std::string currency = sim.Currency();
  params.set_currency(currency);
  params.set_amount(sim.Amount(currency));
  if (sim.Chance(40)) params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  if (sim.Chance(70)) {
    params.set_payment_method(sim.Chance(70) ? sim.TestCardAliasWithPrefix("pm_card_")
                                             : sim.PickId(pool::kPaymentMethods, "pm_"));
  } else if (params.has_customer() && sim.Chance(50)) {
    // The customer's saved card by its card_ id, or (confirmed with nothing named) its
    // default source; a customer without one is refused.
    const std::string id = params.customer();
    const absl::StatusOr<Customer> customer =
        sim.CallBothEngines([&](Engine& e) { return e.customers().Retrieve(id); });
    if (customer.ok() && customer->has_default_source() && sim.Chance(50)) {
      params.set_payment_method(customer->default_source());
    } else {
      params.set_confirm(true);
    }
  }
  if (sim.Chance(40)) params.set_capture_method(sim.Chance(60) ? "manual" : "automatic");
  if (sim.Chance(15)) params.set_confirmation_method("manual");
  if (sim.Chance(20)) {
    params.set_setup_future_usage(sim.Chance(50) ? "off_session" : "on_session");
  }
  sim.RandomMetadata(params.mutable_metadata());
  if (params.has_payment_method() && sim.Chance(60)) {
    params.set_confirm(true);
    if (sim.Chance(20)) params.set_off_session(true);
    if (sim.Chance(10)) params.set_error_on_requires_action(true);
    if (sim.Chance(20)) params.set_return_url("https://example.com/return");
  }
  if (sim.Chance(15)) {  // 3D Secure asked for: 4000000000003055 is challenged, ...3097 fails
    params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        sim.Chance(50) ? "any" : "challenge");
  }
  switch (sim.Rand(20)) {
    case 0:
      params.set_capture_method("sometimes");
      sim.ExpectRefusal("capture_method sometimes");
      break;
    case 1:
      params.clear_confirm();
      params.set_off_session(true);
      sim.ExpectRefusal("off_session without confirm");
      break;
    case 2:
      params.set_statement_descriptor("PAYSIM");
      sim.ExpectRefusal("statement_descriptor on a card payment");
      break;
    case 3:
      params.clear_currency();
      sim.ExpectRefusal("no currency");
      break;
    case 4:
      params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
          "sometimes");
      sim.ExpectRefusal("request_three_d_secure sometimes");
      break;
    default:
      break;
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.payment_intents().Create(params, o);
  };
  absl::StatusOr<PaymentIntent> pi =
      sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  // A declined confirmation keeps the intent: its id comes with the error.
  std::string id;
  if (pi.ok()) {
    id = pi->id();
  } else if (absl::optional<StripeError> error = GetStripeError(pi.status())) {
    id = error->payment_intent();
  }
  if (!id.empty()) {
    sim.pool(pool::kPaymentIntents).Add(id, sim.rng());
    sim.Touch(id);
  }
  PaymentIntentCreateParams other = params;
  other.set_description("another");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.payment_intents().Create(other, o); },
      Render(pi), pi.status());
}

void UpdatePaymentIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentIntents, "pi_");
  PaymentIntentUpdateParams params;
  if (sim.Chance(30)) params.set_description("updated");
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(20)) params.set_amount(sim.Amount("usd"));
  if (sim.Chance(20)) params.set_payment_method(sim.TestCardAliasWithPrefix("pm_card_"));
  if (sim.Chance(10)) {  // 3D Secure asked of the next confirmation
    params.mutable_payment_method_options()->mutable_card()->set_request_three_d_secure(
        sim.Chance(50) ? "any" : "challenge");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_intents().Update(id, params); });
}

void ConfirmPaymentIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentIntents, "pi_");
  PaymentIntentConfirmParams params;
  if (sim.Chance(50)) {
    params.set_payment_method(sim.Chance(70) ? sim.TestCardAliasWithPrefix("pm_card_")
                                             : sim.PickId(pool::kPaymentMethods, "pm_"));
  }
  if (sim.Chance(15)) params.set_off_session(true);
  if (sim.Chance(10)) params.set_return_url("https://example.com/return");
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto confirm = [id, params](Engine& e, const RequestOptions& o) {
    return e.payment_intents().Confirm(id, params, o);
  };
  absl::StatusOr<PaymentIntent> pi =
      sim.CheckedCall(id, [&](Engine& e) { return confirm(e, options); });
  PaymentIntentConfirmParams other = params;
  other.set_receipt_email("other@example.com");
  sim.RecordForReplay(
      options, confirm,
      [id, other](Engine& e, const RequestOptions& o) {
        return e.payment_intents().Confirm(id, other, o);
      },
      Render(pi), pi.status());
}

void CapturePaymentIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentIntents, "pi_");
  PaymentIntentCaptureParams params;
  absl::StatusOr<PaymentIntent> before =
      sim.CallBothEngines([&](Engine& e) { return e.payment_intents().Retrieve(id); });
  if (before.ok()) {
    if (before->status() == "requires_capture") {
      sim.ExpectSuccess("requires_capture");
      const int64_t min = FindCurrency(before->currency())->minimum_amount;
      if (sim.Chance(40) && before->amount_capturable() > min) {
        params.set_amount_to_capture(
            min + static_cast<int64_t>(sim.Rand(before->amount_capturable() - min + 1)));
      } else if (sim.Chance(10)) {
        params.set_amount_to_capture(before->amount_capturable() + 1);
        sim.ExpectRefusal("more than amount_capturable");
      }
    } else {
      sim.ExpectRefusal(absl::StrCat("status ", before->status()));
    }
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_intents().Capture(id, params); });
}

void CancelPaymentIntent(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentIntents, "pi_");
  PaymentIntentCancelParams params;
  if (sim.Chance(40)) params.set_cancellation_reason(sim.Chance(50) ? "abandoned" : "duplicate");
  absl::StatusOr<PaymentIntent> before =
      sim.CallBothEngines([&](Engine& e) { return e.payment_intents().Retrieve(id); });
  if (before.ok()) {
    // A processing intent (a bank debit on its way) cannot be canceled either.
    const bool cancelable = before->status() != "succeeded" && before->status() != "canceled" &&
                            before->status() != "processing";
    sim.Expect(cancelable ? Expectation::kOk : Expectation::kRefused,
               absl::StrCat("status ", before->status()));
    // An invoice's PaymentIntent is canceled by voiding the invoice.
    if (!before->invoice_id().empty()) sim.ExpectRefusal("an invoice's PaymentIntent");
  }
  if (sim.Chance(5)) {
    params.set_cancellation_reason("bored");
    sim.ExpectRefusal("cancellation_reason bored");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_intents().Cancel(id, params); });
}

// The simulated customer completes (mostly) or fails the 3D Secure challenge.
void AnswerPaymentIntentThreeDSecure(Simulation& sim) {
  const std::string id = sim.PickId(pool::kPaymentIntents, "pi_");
  if (sim.Chance(70)) {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_intents().CompleteThreeDSecure(id); });
  } else {
    sim.RunCheckedCall(id, [&](Engine& e) { return e.payment_intents().FailThreeDSecure(id); });
  }
}

// Intents made by Checkout join the pool: the intent APIs act on them too.
void ObservePaymentIntentEvent(Simulation& sim, const Event& event) {
  const PaymentIntent& pi = event.data().object().payment_intent();
  ObserveObject(sim, pi, /*current=*/false);
  if (event.type() == "payment_intent.created") {
    sim.pool(pool::kPaymentIntents).Add(pi.id(), sim.rng());
  }
}

}  // namespace

void RegisterPaymentIntentOperations(ResourceRegistry& registry) {
  registry.AddOperation("payment_intent_create", 8, CreatePaymentIntent);
  registry.AddOperation("payment_intent_update", 2, UpdatePaymentIntent);
  registry.AddOperation("payment_intent_confirm", 4, ConfirmPaymentIntent);
  registry.AddOperation("payment_intent_capture", 3, CapturePaymentIntent);
  registry.AddOperation("payment_intent_cancel", 2, CancelPaymentIntent);
  registry.AddOperation("payment_intent_3ds", 3, AnswerPaymentIntentThreeDSecure);
  registry.AddRetriever("pi_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(
        sim.CallBothEngines([&](Engine& e) { return e.payment_intents().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kPaymentIntent, ObservePaymentIntentEvent);
  registry.AddLifecycle(PaymentIntent::descriptor(), StatusFromEngine("payment_intent"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
