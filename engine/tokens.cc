// Tokens: create, retrieve, single use, expiry.
#include "engine/tokens.h"
#include "engine/internal/interned.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/internal/card_details.h"
#include "engine/internal/token_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/world.h"

namespace paysim {

absl::StatusOr<Token> TokenService::Create(const TokenCreateParams& params,
                                           const RequestOptions& options) {
  internal::World& w = *world_;
  return w.RunIdempotent<Token>(options, "POST /v1/tokens", params, [&]() -> absl::StatusOr<Token> {
    if (!params.has_card()) return ParameterMissing("card");
    PAYSIM_ASSIGN_OR_RETURN(internal::CheckedCard checked,
                            internal::CheckCardParams(params.card(), w.now(), "card"));
    Token token;
    token.set_id(w.ids().NewId("tok_"));
    token.set_object(internal::Interned("token"));
    *token.mutable_card() =
        internal::MakeLegacyCard(w.ids().NewId("card_"), checked, &params.card());
    token.set_created(w.created());
    token.set_livemode(false);
    token.set_type(internal::Interned("card"));
    return internal::TokenLifecycle::Create(w, std::move(token));
  });
}

absl::StatusOr<Token> TokenService::Retrieve(absl::string_view id, const RequestOptions& options) {
  internal::World& w = *world_;
  return w.Run(options, [&]() -> absl::StatusOr<Token> {
    PAYSIM_ASSIGN_OR_RETURN(const Token* token, w.tokens().Get(id));
    return *token;
  });
}

}  // namespace paysim
