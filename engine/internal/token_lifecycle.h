// token_lifecycle.h (internal): the Token lifecycle, the only writer of tokens.
//
//   from      trigger                                  to        events
//   (new)     create                                   unused    -
//   unused    used by a charge, a customer's source,   used      -
//             or a PaymentMethod
//   unused    kTokenLifetime passes                    expired   -
//
// `used` renders true for used, false otherwise; an expired token is not found (Stripe does
// not document it; see FindUsable). Stripe emits no token events.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_TOKEN_LIFECYCLE_H_
#define PAYSIM_ENGINE_INTERNAL_TOKEN_LIFECYCLE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/internal/state_machine.h"
#include "engine/internal/world.h"
#include "engine/lifecycle.h"
#include "proto/token.obj.h"

namespace paysim {
namespace internal {

enum class TokenState : uint8_t { kUnused, kUsed, kExpired };
enum class TokenTrigger : uint8_t { kCreate, kUse, kLapse };

class TokenLifecycle {
 public:
  using Machine = StateMachine<TokenState, TokenTrigger>;
  static const Machine& machine();
  static Lifecycle Published() { return machine().Publish(); }

  static TokenState StateOf(const Token& token);

  // Stores `token` (id, card, created set) as unused; it lapses kTokenLifetime later.
  static const Token& Create(World& world, Token token);

  // The token `id` if it can be used now, else resource_missing (unknown or expired) or
  // token_already_used, naming `param`. Does not use it.
  static absl::StatusOr<const Token*> FindUsable(World& world, absl::string_view id,
                                                 absl::string_view param);

  // unused -> used. REQUIRES: FindUsable(id) succeeded in this call.
  static void Use(World& world, const Token& token);

  // Timer: the token lapses if still unused.
  static void OnLifetimeEnd(World& world, absl::string_view token_id);

 private:
  static WriteKey<TokenLifecycle> Key() { return {}; }
  static void Enter(World& world, Token& token, TokenTrigger trigger);
};

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TOKEN_LIFECYCLE_H_
