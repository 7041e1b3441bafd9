// Operations on Charges: create (every test card alias, saved sources, invalid params), capture,
// update, retrieve; charges made by PaymentIntents and Checkout join the pools through events.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "engine/card_catalog.h"
#include "engine/currency.h"
#include "engine/metadata.h"
#include "engine/stripe_error.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

void CreateCharge(Simulation& sim) {
  ChargeCreateParams params;
  const std::string currency = sim.Currency();
  params.set_currency(currency);
  params.set_amount(sim.Amount(currency));
  const bool capture = sim.Chance(50);
  if (!capture || sim.Chance(30)) params.set_capture(capture);
  const TestCard* card = nullptr;
  switch (sim.Rand(10)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4: {
      params.set_source(sim.TestCardAlias());  // every test card alias, tok_* and pm_card_*
      card = FindTestCardByAlias(params.source());
      break;
    }
    case 5:
      params.set_source(sim.PickId(pool::kTokens, "tok_"));
      break;
    case 6:
      params.set_source(sim.PickId(pool::kPaymentMethods, "pm_"));
      break;
    case 7:
      params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
      break;
    case 8:
      params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
      params.set_source(sim.PickId(pool::kPaymentMethods, "pm_"));
      break;
    default:
      params.set_source(sim.TestCardAliasWithPrefix("tok_"));
      card = FindTestCardByAlias(params.source());
      break;
  }
  if (sim.Chance(20)) params.set_description("order");
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(10)) params.set_statement_descriptor_suffix("ORDER 42");
  if (card != nullptr) {
    sim.Expect(
        card->charge_outcome == CardOutcome::kSucceeded ? Expectation::kOk : Expectation::kRefused,
        absl::StrCat("test card ", params.source()));
  }
  switch (sim.Rand(16)) {
    case 0:
      params.set_amount(FindCurrency(currency)->minimum_amount - 1);
      sim.ExpectRefusal("amount below the minimum");
      break;
    case 1:
      params.set_amount(kMaxChargeAmount + 1);
      sim.ExpectRefusal("amount above the maximum");
      break;
    case 2:
      params.set_currency("xyz");
      sim.ExpectRefusal("currency xyz");
      break;
    case 3:
      params.clear_amount();
      sim.ExpectRefusal("no amount");
      break;
    case 4:
      params.set_statement_descriptor("<bad>");
      sim.ExpectRefusal("descriptor <bad>");
      break;
    case 5:
      params.set_receipt_email("nope");
      sim.ExpectRefusal("receipt_email nope");
      break;
    case 6:
      (*params.mutable_metadata())[std::string(kMetadataMaxKeyLength + 1, 'k')] = "v";
      sim.ExpectRefusal(absl::StrCat("metadata key of ", kMetadataMaxKeyLength + 1, " characters"));
      break;
    default:
      break;
  }
  RequestOptions options = sim.RandomRequestOptionsWithKey();
  auto create = [params](Engine& e, const RequestOptions& o) {
    return e.charges().Create(params, o);
  };
  absl::StatusOr<Charge> charge =
      sim.CheckedCall("", [&](Engine& e) { return create(e, options); });
  // A declined charge is kept: its id comes with the error.
  std::string id;
  if (charge.ok()) {
    id = charge->id();
  } else if (absl::optional<StripeError> error = GetStripeError(charge.status())) {
    id = error->charge();
  }
  if (!id.empty()) {
    sim.pool(pool::kCharges).Add(id, sim.rng());
    if (charge.ok() && !charge->captured()) sim.pool(pool::kHolds).Add(id, sim.rng());
    sim.Touch(id);
  }
  ChargeCreateParams other = params;
  other.set_description("another order");
  sim.RecordForReplay(
      options, create,
      [other](Engine& e, const RequestOptions& o) { return e.charges().Create(other, o); },
      Render(charge), charge.status());
}

void CaptureCharge(Simulation& sim) {
  const std::string id =
      sim.Chance(70) ? sim.PickId(pool::kHolds, "ch_") : sim.PickId(pool::kCharges, "ch_");
  ChargeCaptureParams params;
  absl::StatusOr<Charge> before =
      sim.CallBothEngines([&](Engine& e) { return e.charges().Retrieve(id); });
  if (before.ok()) {
    const Charge& c = *before;
    const CurrencyInfo* currency = FindCurrency(c.currency());
    // A PaymentIntent's charge is captured through the intent, not the Charges API.
    const bool open = c.status() == "succeeded" && !c.captured() && !c.authorization_released() &&
                      !c.has_payment_intent();
    const int64_t min = currency->minimum_amount;
    switch (sim.Rand(5)) {
      case 0:
        params.set_amount(c.amount() + 1);
        sim.ExpectRefusal("capture more than the amount");
        break;
      case 1:
      case 2:
        if (c.amount() > min) {
          params.set_amount(min + static_cast<int64_t>(sim.Rand(c.amount() - min + 1)));
        }
        [[fallthrough]];
      default:
        if (open) sim.ExpectSuccess("capture of an open hold");
        if (!open) sim.ExpectRefusal("not an open hold");
        break;
    }
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.charges().Capture(id, params); });
}

void UpdateCharge(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCharges, "ch_");
  ChargeUpdateParams params;
  if (sim.Chance(50)) params.set_description(absl::StrCat("updated ", sim.Rand(10)));
  sim.RandomMetadata(params.mutable_metadata());
  if (sim.Chance(5)) {
    params.set_receipt_email("bad");
    sim.ExpectRefusal("receipt_email bad");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.charges().Update(id, params); });
}

void RetrieveCharge(Simulation& sim) {
  const std::string id = sim.PickId(pool::kCharges, "ch_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.charges().Retrieve(id); });
}

// Charges made by PaymentIntents and Checkout join the pools too: the Charges and Refunds APIs
// act on them as well.
void ObserveChargeEvent(Simulation& sim, const Event& event) {
  const Charge& charge = event.data().object().charge();
  ObserveObject(sim, charge, /*current=*/false);
  if (event.type() == "charge.succeeded" || event.type() == "charge.failed" ||
      event.type() == "charge.pending") {
    sim.pool(pool::kCharges).Add(charge.id(), sim.rng());
    if (!charge.captured() && event.type() == "charge.succeeded") {
      sim.pool(pool::kHolds).Add(charge.id(), sim.rng());
    }
  }
}

std::unique_ptr<google::protobuf::Message> RetrieveChargeObject(Simulation& sim,
                                                                const std::string& id) {
  return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.charges().Retrieve(id); }));
}

}  // namespace

void RegisterChargeOperations(ResourceRegistry& registry) {
  registry.AddOperation("charge_create", 14, CreateCharge);
  registry.AddOperation("charge_capture", 6, CaptureCharge);
  registry.AddOperation("charge_update", 2, UpdateCharge);
  registry.AddOperation("charge_retrieve", 1, RetrieveCharge);
  registry.AddRetriever("ch_", RetrieveChargeObject);
  registry.AddRetriever("py_", RetrieveChargeObject);  // bank debits
  registry.AddEventObserver(StripeObject::kCharge, ObserveChargeEvent);
  // A failed charge stays failed; captures and releases are checked by the charge's model.
  registry.AddLifecycle(Charge::descriptor(), StatusFromEngine("charge"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
