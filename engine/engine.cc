#include "engine/engine.h"

#include <utility>

#include "engine/api_version.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {

Engine::Engine(EngineOptions options)
    : world_(std::make_unique<internal::World>(options)),
      tokens_(world_.get()),
      customers_(world_.get()),
      customer_sources_(world_.get()),
      tax_ids_(world_.get()),
      meters_(world_.get()),
      meter_events_(world_.get()),
      billing_portal_(world_.get()),
      customer_balance_transactions_(world_.get()),
      cash_balances_(world_.get()),
      search_(world_.get()),
      payment_methods_(world_.get()),
      charges_(world_.get()),
      payment_intents_(world_.get()),
      setup_intents_(world_.get()),
      refunds_(world_.get()),
      balance_(world_.get()),
      events_(world_.get()),
      products_(world_.get()),
      prices_(world_.get()),
      checkout_sessions_(world_.get()),
      checkout_page_(world_.get(), &payment_intents_, &setup_intents_),
      subscriptions_(world_.get()),
      disputes_(world_.get()),
      early_fraud_warnings_(world_.get()),
      payouts_(world_.get()),
      topups_(world_.get()),
      quotes_(world_.get()),
      mandates_(world_.get()),
      invoices_(world_.get()),
      invoice_items_(world_.get()),
      coupons_(world_.get()),
      promotion_codes_(world_.get()),
      tax_rates_(world_.get()),
      shipping_rates_(world_.get()),
      payment_links_(world_.get()),
      plans_(world_.get()),
      credit_notes_(world_.get()),
      invoice_payments_(world_.get()),
      test_clocks_(world_.get()),
      subscription_schedules_(world_.get()),
      subscription_items_(world_.get()) {}

Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(EngineOptions options) {
  PAYSIM_RETURN_IF_ERROR(ValidateApiVersion(options.api_version));
  if (options.exchange_rates.has_value()) {
    PAYSIM_RETURN_IF_ERROR(ValidateExchangeRates(*options.exchange_rates));
  }
  return std::make_unique<Engine>(std::move(options));
}

absl::Status Engine::SetExchangeRates(ExchangeRateTable table) {
  PAYSIM_RETURN_IF_ERROR(ValidateExchangeRates(table));
  world_->SetExchangeRates(std::move(table));
  return absl::OkStatus();
}

void Engine::FireDueTimers() { world_->FireDueTimers(); }

absl::Time Engine::Now() const { return world_->clock()->Now(); }

size_t Engine::pending_timers() const {
  return world_->Locked([&] { return world_->timers().size(); });
}

const EngineOptions& Engine::options() const { return world_->options(); }

namespace {

// A result saved under an idempotency key as the bytes the caller serialized.
struct SerializedResult {
  std::string bytes;
  std::string SerializeAsString() const { return bytes; }
  bool ParseFromString(absl::string_view data) {
    bytes = std::string(data);
    return true;
  }
};

}  // namespace

absl::StatusOr<std::string> Engine::RunIdempotentBytes(
    const RequestOptions& options, absl::string_view endpoint,
    const google::protobuf::Message& params, absl::FunctionRef<absl::StatusOr<std::string>()> operation) {
  absl::StatusOr<SerializedResult> saved = world_->RunIdempotent<SerializedResult>(
      options, endpoint, params, [&]() -> absl::StatusOr<SerializedResult> {
        PAYSIM_ASSIGN_OR_RETURN(std::string bytes, operation());
        return SerializedResult{std::move(bytes)};
      });
  if (!saved.ok()) return saved.status();
  return std::move(saved->bytes);
}

}  // namespace paysim
