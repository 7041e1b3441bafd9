// quote_acceptance.h (internal): what accepting a quote makes.
//
// A quote of recurring prices becomes a subscription of its customer (its recurring lines as
// items, its one-time lines as add_invoice_items, billed once on the first invoice, the
// quote's collection_method and days_until_due, subscription_data's description and trial),
// started as POST /v1/subscriptions starts one: its first invoice finalized and, charged
// automatically, paid with the payment method Stripe would pick. A quote of one-time prices
// becomes a draft invoice (billing_reason quote_accept, auto_advance false: the merchant
// finalizes or sends it) with one invoice item per line, its description and footer, and the
// quote it came from (`quote` before 2025-03-31.basil, `parent.quote_details` from then on).
//
// REQUIRES: the world's lock held, in the customer's timeline.
#ifndef PAYSIM_ENGINE_INTERNAL_QUOTE_ACCEPTANCE_H_
#define PAYSIM_ENGINE_INTERNAL_QUOTE_ACCEPTANCE_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/internal/world.h"
#include "proto/quote.obj.h"

namespace paysim {
namespace internal {

struct QuoteAcceptance {
  std::string invoice;       // the invoice made ("" none)
  std::string subscription;  // the subscription made ("" none)
};

// Makes the subscription or the invoice `quote` (open, with a customer) becomes, or returns
// the refusal of the first check that fails (the customer cannot pay a subscription
// automatically, a price archived since...), having changed nothing.
absl::StatusOr<QuoteAcceptance> MakeQuoteAcceptance(World& world, const Quote& quote);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_QUOTE_ACCEPTANCE_H_
