// prorations.h (internal): the arithmetic of subscription prorations, apart from any state.
//
// When a subscription's items change within a period, Stripe credits the unused time of what
// was billed and charges the remaining time of what replaces it, "calculated down to the
// second": an amount of the period's price times the seconds from the change (proration_date)
// to the period's end, over the period's length in seconds.
//
// Example (a 1000 / month item raised to quantity 2 halfway through a 30-day period):
//   ProratedAmount(1000, 15 * 86400, 30 * 86400) == 500
//   credit: "Unused time on 1 × Gold after 16 Jan 2026"      -500
//   debit:  "Remaining time on 2 × Gold after 16 Jan 2026"  +1000
//
// Pure functions: no clock, no world. Thread safety: thread-safe.
#ifndef PAYSIM_ENGINE_INTERNAL_PRORATIONS_H_
#define PAYSIM_ENGINE_INTERNAL_PRORATIONS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace paysim {
namespace internal {

// `amount` (minor units, for the whole period) x `remaining` / `period` seconds, rounded to the
// nearest minor unit, halves away from zero. 0 when `period` <= 0 or `remaining` <= 0;
// `amount` itself when `remaining` >= `period`.
// UNCERTAIN: Stripe documents per-second proration but not its rounding; paysim rounds to
// the nearest unit.
int64_t ProratedAmount(int64_t amount, int64_t remaining, int64_t period);

// A subscription item as prorations see it (before or after a change).
struct ProratedItem {
  std::string id;       // `si_...`: the same id before and after means the same item
  std::string price;    // `price_...`
  std::string product;  // the name shown in descriptions
  int64_t unit_amount = 0;
  int64_t quantity = 0;
  // What a whole period of it costs: unit_amount x quantity, or its price's tiers
  // (price_tiers.h PriceAmount).
  int64_t amount = 0;
};

// One proration: a credit (negative amount) for an item's unused time, or a debit for an
// item's remaining time.
struct Proration {
  bool credit = false;
  ProratedItem item;     // the item as billed (before the change for a credit)
  int64_t amount = 0;    // negative for a credit
  std::string description;
  // The time it bills or credits: [period_start, period_end).
  int64_t period_start = 0;
  int64_t period_end = 0;
};

// The prorations of a change from `before` to `after` at `proration_date`, in the period
// [period_start, period_end): for each item of `before` whose price or quantity changed or that
// is gone, a credit; for each item of `after` that is new or changed, a debit. Credits first,
// each group in item order. Empty when nothing billed changed, and when proration_date is
// before period_start or at or after period_end. At period_start itself the whole period is
// credited and debited: the period was billed in advance at the old price, so an upgrade at
// its first second bills the difference. `full_period` (seconds; 0: period_end - period_start)
// is the length the items' prices are for: a period cut short by cancel_at is billed, and so
// prorated, as the part of its full length it lasts.
std::vector<Proration> ComputeProrations(const std::vector<ProratedItem>& before,
                                         const std::vector<ProratedItem>& after,
                                         int64_t proration_date, int64_t period_start,
                                         int64_t period_end, int64_t full_period = 0);

// Credits only: the unused time of every item of `items` (a cancellation, or a change of
// interval that starts a new period).
std::vector<Proration> ComputeCredits(const std::vector<ProratedItem>& items,
                                      int64_t proration_date, int64_t period_start,
                                      int64_t period_end, int64_t full_period = 0);

// The time [from, to) of every item of `items`, out of a period `full_period` seconds long:
// credits (`credit`: time cut off the period, "Unused time on ... after <from>") or debits
// (time given back, "Remaining time on ... after <from>"). Empty when `from` >= `to`.
// Example: a 1000 / 30-day item whose period is cut 10 days short: -333 for those 10 days.
std::vector<Proration> ComputeSpan(const std::vector<ProratedItem>& items, bool credit,
                                   int64_t from, int64_t to, int64_t full_period);

// `amount` / `quantity` as Stripe's decimal string of a unit amount: up to 12 decimals, no
// trailing zeros ("-166.666666666666", "500"); `amount` itself when quantity <= 0.
std::string UnitAmountDecimal(int64_t amount, int64_t quantity);

// "Unused time on 2 × Gold after 16 Jan 2026" (credit) or "Remaining time on ..." (debit).
// UNCERTAIN: Stripe's exact date format in these descriptions.
std::string ProrationDescription(bool credit, int64_t quantity, absl::string_view product,
                                 int64_t proration_date);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_PRORATIONS_H_
