// tokens.h: Tokens (`tok_...`), single-use references to card details.
//
// Lifecycle: created -> used (by a charge, a customer's source, or a PaymentMethod) or
// expired (kTokenLifetime after creation, unused). A used or expired token cannot be used.
// Stripe's predefined test tokens (`tok_visa`, `tok_chargeDeclined`, ...) are names, not
// stored tokens: each use mints a fresh card, so they can be used any number of times.
//
// Errors: card details are checked as Stripe test mode checks them (402 card_error:
// incorrect_number, invalid_expiry_month, invalid_expiry_year, invalid_cvc; a real,
// non-test card number is declined with live_mode_test_card).
//
// Thread safety: thread-safe (every call takes the engine's lock).
#ifndef PAYSIM_ENGINE_TOKENS_H_
#define PAYSIM_ENGINE_TOKENS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/request_options.h"
#include "proto/params.pb.h"
#include "proto/token.obj.h"

namespace paysim {
namespace internal {
class World;
}  // namespace internal

// Stripe documents only that tokens expire "within minutes" of creation. Ten minutes leaves a
// checkout form time to submit while still catching code that stores tokens for later.
constexpr absl::Duration kTokenLifetime = absl::Minutes(10);

class TokenService {
 public:
  explicit TokenService(internal::World* world) : world_(world) {}

  // Create()
  //
  // Creates a card token from `params.card` (number, exp_month, exp_year, optional cvc, name
  // and address). Errors: parameter_missing for card / card[number] / card[exp_month] /
  // card[exp_year]; 402 card_error for invalid card details.
  absl::StatusOr<Token> Create(const TokenCreateParams& params,
                               const RequestOptions& options = {});

  // Retrieve()
  //
  // The token (`used` tells whether it was consumed). 404 resource_missing if unknown.
  absl::StatusOr<Token> Retrieve(absl::string_view id, const RequestOptions& options = {});

 private:
  internal::World* world_;
};

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TOKENS_H_
