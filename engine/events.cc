// Events: retrieve, list, subscribe.
#include "engine/events.h"

#include <utility>

#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {

absl::StatusOr<Event> EventService::Retrieve(absl::string_view id, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Event> { return w.events.Retrieve(id); });
}

absl::StatusOr<ListResult<Event>> EventService::List(const EventListParams& params,
                                                     const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<ListResult<Event>> {
    ListWindow window;
    PAYSIM_RETURN_IF_ERROR(MakeListWindow(params, &window));
    return w.events.List(window, params.type());
  });
}

int EventService::Subscribe(std::vector<std::string> enabled_events, EventHandler handler) {
  absl::MutexLock lock(&world_->mu);
  return world_->events.Subscribe(std::move(enabled_events), std::move(handler));
}

void EventService::Unsubscribe(int subscription) {
  absl::MutexLock lock(&world_->mu);
  world_->events.Unsubscribe(subscription);
}

size_t EventService::size() const {
  absl::MutexLock lock(&world_->mu);
  return world_->events.size();
}

}  // namespace paysim
