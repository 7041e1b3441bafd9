// event_handler.h: the callback type of in-process event subscribers (events.h).
#ifndef PAYSIM_ENGINE_EVENT_HANDLER_H_
#define PAYSIM_ENGINE_EVENT_HANDLER_H_

#include <functional>

#include "proto/event.obj.h"

namespace paysim {

// Called with each event whose type the subscriber enabled, in emission order.
using EventHandler = std::function<void(const Event&)>;

}  // namespace paysim

#endif  // PAYSIM_ENGINE_EVENT_HANDLER_H_
