// A simulated run's epochs, steps, random choices and side-by-side comparisons.
#include "testing/simulator/simulation.h"

#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "engine/api_version.h"
#include "engine/card_catalog.h"
#include "engine/currency.h"

namespace paysim {
namespace testing {
namespace simulator_internal {

void Simulation::StartEpoch(int64_t epoch) {
  epoch_ = epoch;
  std::seed_seq seq{static_cast<uint32_t>(options_.seed),
                    static_cast<uint32_t>(options_.seed >> 32), static_cast<uint32_t>(epoch),
                    static_cast<uint32_t>(epoch >> 32)};
  rng_.seed(seq);
  static constexpr absl::string_view kVersions[] = {kLatestApiVersion, kLatestApiVersion,
                                                    "2025-03-31.basil", "2024-06-20"};
  EngineOptions engine_options;
  engine_options.seed = rng_();
  engine_options.api_version = std::string(kVersions[Rand(std::size(kVersions))]);
  engines_.Start(engine_options);
  model_.Clear();
}

void Simulation::StartStep(int64_t step) {
  step_ = step;
  ++result_->steps;
  expectation_ = Expectation::kAny;
  expectation_why_.clear();
  touched_.clear();
  responses_.clear();
  engines_.FireDueTimers();
}

void Simulation::StartSideBySide() {
  ++result_->snapshots;
  std::string problem;
  const bool started = engines_.StartSideBySide(&problem);
  if (!problem.empty()) ReportViolation(problem);
  if (started) {
    side_by_side_until_ = step_ + 1 + static_cast<int64_t>(Rand(options_.side_by_side_steps));
  }
}

void Simulation::EndSideBySide() {
  std::string problem;
  engines_.EndSideBySide(/*keep_restored=*/Chance(50), &problem);
  if (!problem.empty()) ReportViolation(problem);
}

void Simulation::ReportViolation(const std::string& what) {
  ++result_->violations;
  std::string report =
      absl::StrCat("seed ", options_.seed, " step ", step_, " (epoch ", epoch_, "): ", what);
  if (options_.log != nullptr) *options_.log << "VIOLATION " << report << "\n";
  if (static_cast<int>(result_->reports.size()) < options_.max_reports) {
    result_->reports.push_back(std::move(report));
  }
}

std::string Simulation::TestCardAlias() {
  absl::Span<const absl::string_view> aliases = AllTestCardAliases();
  return std::string(aliases[Rand(aliases.size())]);
}

std::string Simulation::TestCardAliasWithPrefix(absl::string_view prefix) {
  for (int i = 0; i < 64; ++i) {
    std::string alias = TestCardAlias();
    if (absl::StartsWith(alias, prefix)) return alias;
  }
  return std::string(prefix == "tok_" ? "tok_visa" : "pm_card_visa");
}

std::string Simulation::Currency() {
  static constexpr absl::string_view kCurrencies[] = {"usd", "usd", "usd", "eur",
                                                      "gbp", "jpy", "USD", "czk"};
  return std::string(kCurrencies[Rand(std::size(kCurrencies))]);
}

std::string Simulation::NewTaxRate() {
  TaxRateCreateParams params;
  params.set_display_name("Sales tax");
  params.set_percentage(Chance(50) ? 10 : 7.25);
  params.set_inclusive(Chance(30));
  const absl::StatusOr<TaxRate> rate =
      CallBothEngines([&](Engine& e) { return e.tax_rates().Create(params); });
  return rate.ok() ? rate->id() : "";
}

std::string Simulation::QuarterCoupon() {
  CouponCreateParams params;
  params.set_id(std::string(kSimulatedCoupon));
  params.set_percent_off(25);
  params.set_duration("forever");
  // Refused (the id taken) on every later call: the coupon is there either way.
  (void)CallBothEngines([&](Engine& e) { return e.coupons().Create(params); });
  return std::string(kSimulatedCoupon);
}

void Simulation::RandomOneTimeItem(SubscriptionAddInvoiceItemParams& item,
                                   absl::string_view name) {
  PriceCreateParams params;
  params.set_currency("usd");
  params.set_unit_amount(Amount("usd"));
  params.mutable_product_data()->set_name(std::string(name));
  const absl::StatusOr<Price> price =
      CallBothEngines([&](Engine& e) { return e.prices().Create(params); });
  if (price.ok() && Chance(45)) {  // the product priced inline: a fee, or a credit
    SubscriptionAddInvoiceItemPriceDataParams* data = item.mutable_price_data();
    data->set_currency("usd");
    data->set_product(price->product());
    data->set_unit_amount(Chance(50) ? price->unit_amount() : -price->unit_amount() / 2);
  } else {
    item.set_price(price.ok() ? price->id() : "");
  }
  if (Chance(40)) item.set_quantity(1 + static_cast<int64_t>(Rand(3)));
}

int64_t Simulation::Amount(const std::string& currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  const int64_t min = (info != nullptr ? info : FindCurrency("usd"))->minimum_amount;
  switch (Rand(6)) {
    case 0:
      return min;
    case 1:
      return kMaxChargeAmount;
    case 2:
      return min + static_cast<int64_t>(Rand(100));
    default:
      return min + static_cast<int64_t>(Rand(100000));
  }
}

std::string Simulation::PickId(absl::string_view pool_name, absl::string_view missing_prefix) {
  const Pool& ids = pool(pool_name);
  if (ids.empty() || Chance(3)) return absl::StrCat(missing_prefix, "missing", Rand(1000));
  return ids.Pick(rng_);
}

void Simulation::RandomMetadata(Metadata* metadata) {
  const int n = static_cast<int>(Rand(3));
  for (int i = 0; i < n; ++i) (*metadata)[absl::StrCat("k", Rand(4))] = absl::StrCat(Rand(10));
  if (Chance(10)) (*metadata)[absl::StrCat("k", Rand(4))] = "";  // removes the key on update
}

RequestOptions Simulation::RandomRequestOptions() {
  RequestOptions options;
  if (Chance(5)) options.api_version = Chance(50) ? "2024-06-20" : "2025-03-31.basil";
  return options;
}

RequestOptions Simulation::RandomRequestOptionsWithKey() {
  RequestOptions options = RandomRequestOptions();
  if (Chance(15)) options.idempotency_key = absl::StrCat("key", model_.next_key++);
  return options;
}

int64_t Simulation::CurrentYear() const {
  return absl::ToCivilYear(engines_.Now(), absl::UTCTimeZone()).year();
}

std::unique_ptr<google::protobuf::Message> Simulation::Retrieve(const std::string& id) {
  const Retriever* retriever = resources_.FindRetriever(id);
  return retriever == nullptr ? nullptr : retriever->retrieve(*this, id);
}

}  // namespace simulator_internal
}  // namespace testing
}  // namespace paysim
