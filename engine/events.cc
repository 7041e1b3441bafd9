// Events: retrieve, list, subscribe.
#include "engine/events.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"
#include "engine/stripe_error.h"

namespace paysim {

absl::StatusOr<Event> EventService::Retrieve(absl::string_view id, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Event> { return w.events().Retrieve(id); });
}

absl::StatusOr<ListResult<Event>> EventService::List(const EventListParams& params,
                                                     const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Event>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    if (params.has_type() && !params.types().empty()) {
      // UNCERTAIN: Stripe's wording.
      return InvalidRequestError("", "types",
                                 "You may pass either `type` or `types`, but not both.");
    }
    if (params.types_size() > kMaxEventTypesFilter) {
      return InvalidRequestError(
          "", "types",
          absl::StrCat("You may pass at most ", kMaxEventTypesFilter, " event types."));
    }
    std::vector<absl::string_view> types;
    if (params.has_type()) types.push_back(params.type());
    for (const std::string& type : params.types()) types.push_back(type);
    absl::optional<bool> delivery_success;
    if (params.has_delivery_success()) delivery_success = params.delivery_success();
    return w.events().List(window, types, delivery_success);
  });
}

int EventService::Subscribe(std::vector<std::string> enabled_events, EventHandler handler,
                            std::function<bool()> active) {
  return world_->Locked([&] {
    return world_->events().Subscribe(std::move(enabled_events), std::move(handler),
                                      std::move(active));
  });
}

void EventService::Unsubscribe(int subscription) {
  world_->Locked([&] { world_->events().Unsubscribe(subscription); });
}

void EventService::AdjustPendingWebhooks(absl::string_view event_id, int delta) {
  world_->Locked([&] { world_->events().AdjustPendingWebhooks(event_id, delta); });
}

size_t EventService::size() const {
  return world_->Locked([&] { return world_->events().size(); });
}

uint64_t EventService::emitted() const {
  return world_->Locked([&] { return world_->events().recorded(); });
}

}  // namespace paysim
