#include "engine/internal/source_tokens.h"

#include "absl/strings/match.h"
#include "engine/internal/card_details.h"
#include "engine/internal/payment_method_lifecycle.h"
#include "engine/internal/status_macros.h"
#include "engine/internal/token_lifecycle.h"

namespace paysim {
namespace internal {

absl::StatusOr<SourceToken> CheckSourceToken(World& w, const std::string& source,
                                             absl::string_view param) {
  if (absl::StartsWith(source, "tok_")) {
    if (const TestCard* card = FindTestCardByAlias(source)) {
      PAYSIM_RETURN_IF_ERROR(PaymentMethodLifecycle::CheckAttachable(*card));
      return SourceToken{nullptr, card};
    }
  }
  PAYSIM_ASSIGN_OR_RETURN(const Token* token, TokenLifecycle::FindUsable(w, source, param));
  // UNCERTAIN: Stripe refuses to save a declining card whichever way it was tokenized; a
  // token made from the number of a declining test card is refused as its test name is.
  if (const TestCard* card = FindTestCardByNumber(token->card().number())) {
    PAYSIM_RETURN_IF_ERROR(PaymentMethodLifecycle::CheckAttachable(*card));
  }
  return SourceToken{token, nullptr};
}

Card TakeCardFromToken(World& w, const SourceToken& source) {
  if (source.token != nullptr) {
    TokenLifecycle::Use(w, *source.token);
    return source.token->card();
  }
  return MakeLegacyCard(w.ids().NewId("card_"), CheckedTestCard(*source.test_card, w.now()),
                        nullptr);
}

}  // namespace internal
}  // namespace paysim
