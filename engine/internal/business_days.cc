#include "engine/internal/business_days.h"

#include "absl/time/civil_time.h"

namespace paysim {
namespace internal {

absl::Time StartOfBusinessDayAfter(absl::Time t, int n) {
  absl::CivilDay day = absl::ToCivilDay(t, absl::UTCTimeZone());
  for (int business_days = 0; business_days < n;) {
    ++day;
    const absl::Weekday weekday = absl::GetWeekday(day);
    if (weekday != absl::Weekday::saturday && weekday != absl::Weekday::sunday) ++business_days;
  }
  return absl::FromCivil(day, absl::UTCTimeZone());
}

}  // namespace internal
}  // namespace paysim
