// refund_lifecycle.h (internal): the Refund lifecycle, the only writer of refunds.
//
//   from       trigger                                   to         events
//   (new)      a refund of a charge (or of the released  succeeded  refund.created
//              part of a hold, before 2025-03-31.basil)
//
// A refund's charge moves with it (charge_lifecycle.h asks for the refund, then records it on
// the charge). Updates of metadata change no state (refund.updated).
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_REFUND_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_REFUND_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "google/protobuf/map.h"
#include "proto/charge.obj.h"
#include "proto/refund.obj.h"

namespace paysim {
namespace internal {

enum class RefundState : uint8_t { kSucceeded };
enum class RefundTrigger : uint8_t { kCreate };

class RefundLifecycle {
 public:
  using Machine = StateMachine<RefundState, RefundTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  // Stores a succeeded Refund of `amount` on `charge`, with its balance transaction when
  // `of_captured_funds` (money that was received; a released hold has none). Not announced:
  // the charge's lifecycle calls Announce where Stripe's event order puts refund.created.
  static const Refund& Record(World& world, const Charge& charge, int64_t amount,
                              absl::string_view reason,
                              const google::protobuf::Map<std::string, std::string>& metadata,
                              bool of_captured_funds);

  // Emits the refund's creation events (refund.created).
  static void Announce(World& world, const Refund& refund);

  // Applies an update (fields already checked) and emits refund.updated with what changed.
  static const Refund& Update(World& world, const Refund& refund, const Refund& updated);

 private:
  static WriteKey<RefundLifecycle> Key() { return {}; }
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_REFUND_LIFECYCLE_H_
