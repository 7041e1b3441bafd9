// Events: retrieve, list, subscribe.
#include "engine/events.h"

#include <utility>

#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

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
    return w.events().List(window, params.type());
  });
}

int EventService::Subscribe(std::vector<std::string> enabled_events, EventHandler handler) {
  return world_->Locked(
      [&] { return world_->events().Subscribe(std::move(enabled_events), std::move(handler)); });
}

void EventService::Unsubscribe(int subscription) {
  world_->Locked([&] { world_->events().Unsubscribe(subscription); });
}

size_t EventService::size() const {
  return world_->Locked([&] { return world_->events().size(); });
}

uint64_t EventService::emitted() const {
  return world_->Locked([&] { return world_->events().recorded(); });
}

}  // namespace paysim
