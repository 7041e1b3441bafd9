#include "engine/engine.h"

#include <utility>

#include "engine/api_version.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "google/protobuf/any.pb.h"

namespace paysim {

Engine::Engine(EngineOptions options)
    : world_(std::make_unique<internal::World>(options)),
      tokens_(world_.get()),
      customers_(world_.get()),
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
      subscriptions_(world_.get()) {}

Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(EngineOptions options) {
  PAYSIM_RETURN_IF_ERROR(ValidateApiVersion(options.api_version));
  return std::make_unique<Engine>(std::move(options));
}

void Engine::FireDueTimers() { world_->FireDueTimers(); }

absl::Time Engine::Now() const { return world_->clock()->Now(); }

size_t Engine::pending_timers() const {
  return world_->Locked([&] { return world_->timers().size(); });
}

const EngineOptions& Engine::options() const { return world_->options(); }

absl::Status Engine::RunIdempotentMessage(const RequestOptions& options,
                                          absl::string_view endpoint,
                                          const google::protobuf::Message& params,
                                          google::protobuf::Message* result,
                                          absl::FunctionRef<absl::Status()> operation) {
  // The key's saved result is a serialized message; Any carries one of any type.
  absl::StatusOr<google::protobuf::Any> saved = world_->RunIdempotent<google::protobuf::Any>(
      options, endpoint, params, [&]() -> absl::StatusOr<google::protobuf::Any> {
        PAYSIM_RETURN_IF_ERROR(operation());
        google::protobuf::Any any;
        any.PackFrom(*result);
        return any;
      });
  if (!saved.ok()) return saved.status();
  // A replay fills `result` here; a first run already did (and gets the same bytes back).
  if (!saved->UnpackTo(result)) {
    return absl::InternalError("idempotent result of another type");
  }
  return absl::OkStatus();
}

}  // namespace paysim
