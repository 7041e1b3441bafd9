// source_tokens.h (internal): a card token given as a customer's `source` (POST /v1/customers,
// POST /v1/customers/{id}, POST /v1/customers/{id}/sources), checked, then turned into the
// customer's saved card.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_SOURCE_TOKENS_H_
#define PAYSIM_ENGINE_INTERNAL_SOURCE_TOKENS_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/card_catalog.h"
#include "engine/internal/world.h"
#include "proto/card.obj.h"
#include "proto/token.obj.h"

namespace paysim {
namespace internal {

// A token given as `source`: a stored card token (used up on commit) or a test token name
// such as `tok_visa` (a new card on commit, as tokens.h describes).
struct SourceToken {
  const Token* token = nullptr;
  const TestCard* test_card = nullptr;
  bool given() const { return token != nullptr || test_card != nullptr; }
};

// Checks `source` (named `param` in errors); nothing is changed. Errors: resource_missing
// (unknown or expired token), token_already_used, and the 402 card_error of a test card that
// Stripe refuses to save (declines, fraud blocks), as attaching a PaymentMethod refuses it.
absl::StatusOr<SourceToken> CheckSourceToken(World& world, const std::string& source,
                                             absl::string_view param = "source");

// The card the token carries (a stored token is used up), not yet saved: the caller saves it
// with CustomerLifecycle::AddCard. REQUIRES: CheckSourceToken(source) succeeded in this call.
Card TakeCardFromToken(World& world, const SourceToken& source);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_SOURCE_TOKENS_H_
