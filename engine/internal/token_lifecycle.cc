#include "engine/internal/token_lifecycle.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"
#include "engine/tokens.h"

namespace paysim {
namespace internal {
namespace {

using Machine = TokenLifecycle::Machine;
using S = TokenState;
using T = TokenTrigger;

constexpr Machine::Row kRows[] = {
    {Machine::kCreated, T::kCreate, S::kUnused, ""},
    {Machine::From({S::kUnused}), T::kUse, S::kUsed, ""},
    {Machine::From({S::kUnused}), T::kLapse, S::kExpired, ""},
};
constexpr absl::string_view kStates[] = {"unused", "used", "expired"};
constexpr absl::string_view kRendered[] = {"false", "true", "false"};
constexpr absl::string_view kTriggers[] = {
    "create", "used by a charge, a customer's source or a PaymentMethod",
    "10 minutes pass unused"};

}  // namespace

const Machine& TokenLifecycle::machine() {
  static constexpr Machine kMachine(kRows, {"token", "used", kStates, kRendered, kTriggers});
  return kMachine;
}

TokenState TokenLifecycle::StateOf(const Token& token) {
  if (token.used()) return S::kUsed;
  return token.expired() ? S::kExpired : S::kUnused;
}

void TokenLifecycle::Enter(World& world, Token& token, TokenTrigger trigger) {
  (void)world;
  const Machine::Row* row = machine().Find(StateOf(token), trigger);
  if (row == nullptr) return;  // the table has no such move: nothing happens
  token.set_used(row->to == S::kUsed);
  token.set_expired(row->to == S::kExpired);
}

const Token& TokenLifecycle::Create(World& world, Token token) {
  token.set_used(false);
  Token& stored = world.tokens().Insert(Key(), std::move(token));
  world.timers().Schedule(world.now() + kTokenLifetime, TimerKind::kTokenExpiry, stored.id());
  return stored;
}

absl::StatusOr<const Token*> TokenLifecycle::FindUsable(World& world, absl::string_view id,
                                                        absl::string_view param) {
  const Token* token = world.tokens().Find(id);
  // Stripe does not document what using an expired token answers; paysim answers as for a
  // token that does not exist, which is what a caller holding a stale token must handle.
  if (token == nullptr || StateOf(*token) == S::kExpired) return ResourceMissing("token", id, param);
  if (StateOf(*token) == S::kUsed) {
    StripeError error;
    error.set_type(Interned("invalid_request_error"));
    error.set_code(Interned("token_already_used"));
    error.set_param(std::string(param));
    error.set_message(absl::StrCat("You cannot use a Stripe token more than once: ", id, "."));
    error.set_http_status(400);
    return MakeStripeError(std::move(error), /*state_conflict=*/true);
  }
  return token;
}

void TokenLifecycle::Use(World& world, const Token& token) {
  if (Token* stored = world.tokens().Mutable(Key(), token.id())) {
    Enter(world, *stored, T::kUse);
  }
}

void TokenLifecycle::OnLifetimeEnd(World& world, absl::string_view token_id) {
  Token* token = world.tokens().Mutable(Key(), token_id);
  if (token != nullptr && StateOf(*token) == S::kUnused) Enter(world, *token, T::kLapse);
}

}  // namespace internal
}  // namespace paysim
