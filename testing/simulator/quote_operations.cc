// Operations on Quotes: create (one-time or recurring lines, sometimes a trial, tax rates per
// line or by default, sometimes bad input), update, finalize, accept, cancel, retrieve, list.
// Invariants: a quote's amounts are its lines' sum (taxes included); an open or accepted quote has its number; an accepted one names what it made
// (a subscription, or an invoice), no other quote does.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/quotes.h"
#include "testing/simulator/object_invariants.h"
#include "testing/simulator/simulation.h"

namespace paysim {
namespace testing {
namespace simulator_internal {
namespace {

constexpr absl::string_view kQuotes = "quotes";

// A time within `days` days from now (at least a second on).
int64_t Later(Simulation& sim, int days) {
  return sim.Now() + 1 + static_cast<int64_t>(sim.Rand(static_cast<uint64_t>(days) * 86400));
}

// A new usd price (monthly, or one-time), made on both engines; "" if refused.
std::string NewQuotePrice(Simulation& sim, bool recurring) {
  PriceCreateParams params;
  params.set_currency("usd");
  params.set_unit_amount(sim.Amount("usd"));
  params.mutable_product_data()->set_name("Quoted");
  if (recurring) params.mutable_recurring()->set_interval("month");
  absl::StatusOr<Price> price =
      sim.CallBothEngines([&](Engine& e) { return e.prices().Create(params); });
  return price.ok() ? price->id() : "";
}

template <class Params>
void RandomLines(Simulation& sim, Params& params) {
  const bool recurring = sim.Chance(60);
  const int lines = 1 + static_cast<int>(sim.Rand(3));
  for (int i = 0; i < lines; ++i) {
    QuoteLineItemParams* line = params.add_line_items();
    const std::string price = NewQuotePrice(sim, recurring);
    absl::StatusOr<Price> made = absl::NotFoundError("");
    if (sim.Chance(30)) {  // its product priced inline instead
      made = sim.CallBothEngines([&](Engine& e) { return e.prices().Retrieve(price); });
    }
    if (made.ok()) {
      QuotePriceDataParams* data = line->mutable_price_data();
      data->set_currency("usd");
      data->set_product(made->product());
      data->set_unit_amount(sim.Amount("usd"));
      if (recurring) data->mutable_recurring()->set_interval("month");
    } else {
      line->set_price(price);
    }
    if (sim.Chance(50)) line->set_quantity(1 + static_cast<int64_t>(sim.Rand(5)));
    if (sim.Chance(15)) line->add_tax_rates(sim.NewTaxRate());
  }
  if (sim.Chance(15)) params.add_default_tax_rates(sim.NewTaxRate());
}

// An update's line_items naming the quote's first line (kept, maybe a new quantity) and
// sometimes adding new lines.
void KeepFirstLine(Simulation& sim, const std::string& id, QuoteUpdateParams& params) {
  const absl::StatusOr<Quote> quote =
      sim.CallBothEngines([&](Engine& e) { return e.quotes().Retrieve(id); });
  if (!quote.ok() || quote->line_items().empty()) return;
  QuoteLineItemParams* kept = params.add_line_items();
  kept->set_id(quote->line_items(0).id());
  if (sim.Chance(50)) kept->set_quantity(1 + static_cast<int64_t>(sim.Rand(5)));
}

void CreateQuote(Simulation& sim) {
  QuoteCreateParams params;
  if (sim.Chance(90)) params.set_customer(sim.PickId(pool::kCustomers, "cus_"));
  if (sim.Chance(90)) RandomLines(sim, params);
  if (sim.Chance(30)) params.set_description("simulated quote");
  if (sim.Chance(20)) params.set_expires_at(Later(sim, 20));
  if (sim.Chance(15)) params.mutable_subscription_data()->set_trial_period_days(7);
  if (sim.Chance(15)) {
    params.set_collection_method("send_invoice");
    params.mutable_invoice_settings()->set_days_until_due(static_cast<int64_t>(sim.Rand(30)));
  }
  sim.RandomMetadata(params.mutable_metadata());
  switch (sim.Rand(12)) {
    case 0:
      params.set_expires_at(sim.Now());
      sim.ExpectRefusal("a quote that expires now");
      break;
    case 1:
      params.add_line_items()->set_quantity(2);
      sim.ExpectRefusal("a line without a price");
      break;
    case 2:
      params.set_collection_method("send_invoice");
      params.mutable_invoice_settings()->clear_days_until_due();
      sim.ExpectRefusal("send_invoice without days_until_due");
      break;
    default:
      break;
  }
  sim.RunCheckedCall("", [&](Engine& e) { return e.quotes().Create(params); });
}

void UpdateQuote(Simulation& sim) {
  const std::string id = sim.PickId(kQuotes, "qt_");
  QuoteUpdateParams params;
  if (sim.Chance(20)) KeepFirstLine(sim, id, params);
  if (sim.Chance(40)) RandomLines(sim, params);
  if (sim.Chance(40)) params.set_expires_at(Later(sim, 10));
  if (sim.Chance(30)) params.set_header(sim.Chance(30) ? "" : "Offer");
  sim.RandomMetadata(params.mutable_metadata());
  sim.RunCheckedCall(id, [&](Engine& e) { return e.quotes().Update(id, params); });
}

void FinalizeQuote(Simulation& sim) {
  const std::string id = sim.PickId(kQuotes, "qt_");
  QuoteFinalizeParams params;
  if (sim.Chance(20)) params.set_expires_at(Later(sim, 10));
  sim.RunCheckedCall(id, [&](Engine& e) { return e.quotes().Finalize(id, params); });
}

void AcceptQuote(Simulation& sim) {
  const std::string id = sim.PickId(kQuotes, "qt_");
  const absl::StatusOr<Quote> before =
      sim.CallBothEngines([&](Engine& e) { return e.quotes().Retrieve(id); });
  if (!before.ok() || before->status() != "open") sim.ExpectRefusal("accept of a quote not open");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.quotes().Accept(id); });
}

void CancelQuote(Simulation& sim) {
  const std::string id = sim.PickId(kQuotes, "qt_");
  const absl::StatusOr<Quote> before =
      sim.CallBothEngines([&](Engine& e) { return e.quotes().Retrieve(id); });
  if (!before.ok() || (before->status() != "draft" && before->status() != "open")) {
    sim.ExpectRefusal("cancel of an accepted or canceled quote");
  }
  sim.RunCheckedCall(id, [&](Engine& e) { return e.quotes().Cancel(id); });
}

void RetrieveQuote(Simulation& sim) {
  const std::string id = sim.PickId(kQuotes, "qt_");
  sim.RunCheckedCall(id, [&](Engine& e) { return e.quotes().Retrieve(id); });
}

void ListQuotes(Simulation& sim) {
  QuoteListParams params;
  static constexpr absl::string_view kStatuses[] = {"draft", "open", "accepted", "canceled"};
  if (sim.Chance(50)) params.set_status(std::string(kStatuses[sim.Rand(4)]));
  sim.RunCheckedCall("", [&](Engine& e) { return e.quotes().List(params); });
}

void ObserveQuoteEvent(Simulation& sim, const Event& event) {
  const Quote& quote = event.data().object().quote();
  sim.pool(kQuotes).Add(quote.id(), sim.rng());
  ObserveObject(sim, quote, /*current=*/false);
  int64_t sum = 0;
  for (const LineItem& line : quote.line_items()) sum += line.amount_total();
  if (sum != quote.amount_total()) {
    sim.ReportViolation(absl::StrCat(quote.id(), ": amount_total ", quote.amount_total(),
                                     " but its lines sum to ", sum));
  }
  const bool numbered = quote.status() == "open" || quote.status() == "accepted";
  if (numbered && !quote.has_number()) {
    sim.ReportViolation(absl::StrCat(quote.id(), ": ", quote.status(), " without a number"));
  }
  const bool made = quote.has_invoice() || quote.has_subscription();
  if ((quote.status() == "accepted") != made) {
    sim.ReportViolation(absl::StrCat(quote.id(), ": ", quote.status(), " naming ",
                                     made ? "what acceptance made" : "nothing made"));
  }
  sim.Touch(quote.id());
}

}  // namespace

void RegisterQuoteOperations(ResourceRegistry& registry) {
  registry.AddOperation("quote_create", 2, CreateQuote);
  registry.AddOperation("quote_update", 1, UpdateQuote);
  registry.AddOperation("quote_finalize", 1, FinalizeQuote);
  registry.AddOperation("quote_accept", 1, AcceptQuote);
  registry.AddOperation("quote_cancel", 1, CancelQuote);
  registry.AddOperation("quote_retrieve", 1, RetrieveQuote);
  registry.AddOperation("quote_list", 1, ListQuotes);
  registry.AddRetriever("qt_", [](Simulation& sim, const std::string& id) {
    return OwnedOrNull(sim.CallBothEngines([&](Engine& e) { return e.quotes().Retrieve(id); }));
  });
  registry.AddEventObserver(StripeObject::kQuote, ObserveQuoteEvent);
  registry.AddLifecycle(Quote::descriptor(), StatusFromEngine("quote"));
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
