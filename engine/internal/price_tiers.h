// price_tiers.h (internal): what a Price bills for a quantity, and the checks of the
// parameters that decide it beyond a unit amount: `billing_scheme=tiered` with `tiers` and
// `tiers_mode`, and a per-unit price's `transform_quantity`.
//
// Stripe's arithmetic (docs: "Tiered pricing"):
//   - volume: the tier the whole quantity falls in prices every unit, plus its flat_amount;
//   - graduated: each tier prices the units that fall in it, plus its flat_amount for each
//     tier the quantity reaches;
//   - a quantity of 0 bills the first tier (its flat_amount), in either mode;
//   - transform_quantity: the quantity divided by divide_by, rounded up or down, times the
//     unit amount.
// Tiers are inclusive: a tier holds the units above the previous tier's up_to, up to and
// including its own; the last tier (up_to null, given as "inf") holds every unit above.
//
// Example (graduated; 1-5 at 500 + 1000 flat, 6-10 at 400 + 2000 flat, 11+ at 300 + 3000 flat):
//   PriceAmount(price, 12) == (5*500 + 1000) + (5*400 + 2000) + (2*300 + 3000) == 11100
//   PriceParts(price, 12): six parts, a unit part and a flat part for each tier, as the
//   invoice's lines show them ("5 × Gold (Tier 1 at 500 / month)", "Gold (Tier 1 at 1000 /
//   month)", ...).
// The same price in volume mode: PriceAmount(price, 12) == 12*300 + 3000 == 6600, one part.
//
// Pure functions of a Price (no clock, no world). Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INTERNAL_PRICE_TIERS_H_
#define PAYSIM_ENGINE_INTERNAL_PRICE_TIERS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "engine/internal/catalog.h"
#include "proto/catalog.obj.h"

namespace paysim {
namespace internal {

// Stripe's limit on a price's tiers. UNCERTAIN: Stripe's number.
inline constexpr int kPriceMaxTiers = 250;

// Checks the billing scheme of `input` and fills draft->billing_scheme, tiers, tiers_mode
// and transform; for a per-unit price also checks and fills draft->unit_amount (required).
// `prefix` names the params as CheckPriceInput does; `input.amount_param` and
// `input.transform_param` name the unit amount and the transform (a plan's `amount` and
// `transform_usage`). Errors (nothing is made):
//   - billing_scheme not per_unit | tiered; tiers_mode not graduated | volume;
//   - tiered: no tiers / tiers_mode (missing), a unit amount or transform given with them, a
//     one-time price; a tier without up_to, an up_to not a positive integer, not above the
//     previous one, "inf" before the last tier or missing from it, a tier with neither amount
//     ("An entry in the tiers array is missing an amount."), both forms of one amount, an
//     amount below 0 or above kPriceMaxUnitAmount, a decimal with more than 12 places;
//   - per unit: tiers or tiers_mode given; transform without divide_by (at least 1) or round.
absl::Status CheckPriceScheme(const PriceInput& input, absl::string_view prefix,
                              PriceDraft* draft);

// One part of what a price bills for a quantity: a line of an invoice.
struct PricePart {
  int tier = 0;           // 1-based; 0 for a per-unit price
  bool flat = false;      // a tier's flat_amount (billed whole; quantity 0)
  int64_t quantity = 0;   // the units the part prices (the given quantity for one part)
  int64_t amount = 0;     // minor units, rounded half up
  std::string rate;       // the unit (or flat) amount, as Stripe's decimal text
};

// The parts of `quantity` x `price`, in tier order (a graduated tier: its unit part, then its
// flat part). One part for a per-unit or a volume price.
std::vector<PricePart> PriceParts(const Price& price, int64_t quantity);

// What `quantity` x `price` costs: the sum of PriceParts' amounts.
int64_t PriceAmount(const Price& price, int64_t quantity);

// "(at 1500 / month)", "(Tier 2 at 400 / month)", "(at 1000 per 5 / month)": how an invoice
// line's description names the rate of `part` of a recurring `price`.
std::string PartRateText(const Price& price, const PricePart& part);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PRICE_TIERS_H_
