// quote_request.h (internal): what a `POST /v1/quotes` (or its update) asks for, checked, and
// a quote's amounts.
//
// Reads the world, writes nothing: every refusal is decided here, before anything changes.
// What each parameter does and each refusal is documented in engine/quotes.h.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_QUOTE_REQUEST_H_
#define PAYSIM_ENGINE_INTERNAL_QUOTE_REQUEST_H_

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/quote.obj.h"
#include "proto/quote_params.pb.h"

namespace paysim {
namespace internal {

// The new draft quote `params` describe (without id or status), or the error Stripe gives for
// the first bad parameter.
absl::StatusOr<Quote> CheckQuoteCreate(World& world, const QuoteCreateParams& params);

// `current` as `params` change it: a draft's fields, or an open quote's expires_at only.
absl::StatusOr<Quote> CheckQuoteUpdate(World& world, const Quote& current,
                                       const QuoteUpdateParams& params);

// Whether any line of `quote` bills a recurring price (acceptance makes a subscription).
bool QuoteIsRecurring(const Quote& quote);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_QUOTE_REQUEST_H_
