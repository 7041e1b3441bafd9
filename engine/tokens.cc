// Tokens: create, retrieve, single use, expiry.
#include "engine/tokens.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/card_details.h"
#include "engine/operations.h"
#include "engine/status_macros.h"
#include "engine/world.h"

namespace paysim {

absl::StatusOr<Token> TokenService::Create(const TokenCreateParams& params,
                                           const RequestOptions& options) {
  internal::World& w = *world_;
  return w.RunIdempotent<Token>(options, "POST /v1/tokens", params, [&]() -> absl::StatusOr<Token> {
    if (!params.has_card()) return ParameterMissing("card");
    PAYSIM_ASSIGN_OR_RETURN(internal::CheckedCard checked,
                            internal::CheckCardParams(params.card(), w.now, "card"));
    Token token;
    token.set_id(w.ids.NewId("tok_"));
    token.set_object("token");
    *token.mutable_card() = internal::MakeLegacyCard(w.ids.NewId("card_"), checked, &params.card());
    token.set_created(w.created());
    token.set_livemode(false);
    token.set_type("card");
    token.set_used(false);
    w.timers.Schedule(w.now + kTokenLifetime, TimerKind::kTokenExpiry, token.id());
    return w.tokens.Insert(std::move(token));
  });
}

absl::StatusOr<Token> TokenService::Retrieve(absl::string_view id, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Token> {
    PAYSIM_ASSIGN_OR_RETURN(Token * token, w.tokens.Get(id));
    return *token;
  });
}

namespace internal {

absl::StatusOr<Token*> FindUsableToken(World& world, absl::string_view id,
                                       absl::string_view param) {
  Token* token = world.tokens.Find(id);
  // Stripe does not document what using an expired token answers; paysim answers as for a
  // token that does not exist, which is what a caller holding a stale token must handle.
  if (token == nullptr || token->expired()) return ResourceMissing("token", id, param);
  if (token->used()) {
    StripeError error;
    error.set_type("invalid_request_error");
    error.set_code("token_already_used");
    error.set_param(std::string(param));
    error.set_message(absl::StrCat("You cannot use a Stripe token more than once: ", id, "."));
    error.set_http_status(400);
    return MakeStripeError(std::move(error), /*state_conflict=*/true);
  }
  return token;
}

void OnTokenExpiry(World& world, const std::string& token_id) {
  Token* token = world.tokens.Find(token_id);
  if (token != nullptr && !token->used()) token->set_expired(true);
}

}  // namespace internal
}  // namespace paysim
