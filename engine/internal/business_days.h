// business_days.h (internal): bank business days, for the dates of money moving to and from
// the account's bank (payouts' arrival_date, top-ups' expected_availability_date).
//
// A business day is Monday to Friday, in UTC; paysim knows no bank holidays.
//
// Thread safety: pure functions.
#ifndef PAYSIM_ENGINE_INTERNAL_BUSINESS_DAYS_H_
#define PAYSIM_ENGINE_INTERNAL_BUSINESS_DAYS_H_

#include "absl/time/time.h"

namespace paysim {
namespace internal {

// 00:00:00 UTC of the `n`-th business day after the (UTC) day of `t`. REQUIRES: n >= 1.
// Example: from any time on Friday 2026-01-02, n = 2 gives Tuesday 2026-01-06 00:00 UTC.
absl::Time StartOfBusinessDayAfter(absl::Time t, int n);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BUSINESS_DAYS_H_
