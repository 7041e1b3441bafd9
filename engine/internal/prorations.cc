#include "engine/internal/prorations.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace paysim {
namespace internal {
namespace {

bool InPeriod(int64_t date, int64_t start, int64_t end) { return date >= start && date < end; }

// The time [date, end) of `item`, out of a period `full` seconds long.
Proration Make(bool credit, const ProratedItem& item, int64_t date, int64_t end, int64_t full) {
  Proration p;
  p.credit = credit;
  p.item = item;
  const int64_t amount = ProratedAmount(item.amount, end - date, full);
  p.amount = credit ? -amount : amount;
  p.description = ProrationDescription(credit, item.quantity, item.product, date);
  p.period_start = date;
  p.period_end = end;
  return p;
}

int64_t FullPeriod(int64_t start, int64_t end, int64_t full_period) {
  return full_period > 0 ? full_period : end - start;
}

const ProratedItem* FindItem(const std::vector<ProratedItem>& items, const std::string& id) {
  for (const ProratedItem& item : items) {
    if (item.id == id) return &item;
  }
  return nullptr;
}

bool SameBilling(const ProratedItem& a, const ProratedItem& b) {
  return a.price == b.price && a.quantity == b.quantity && a.unit_amount == b.unit_amount;
}

}  // namespace

int64_t ProratedAmount(int64_t amount, int64_t remaining, int64_t period) {
  if (period <= 0 || remaining <= 0) return 0;
  if (remaining >= period) return amount;
  const __int128 product = static_cast<__int128>(amount) * remaining;
  const __int128 magnitude = product < 0 ? -product : product;
  const __int128 rounded = (2 * magnitude + period) / (2 * period);  // half away from zero
  return static_cast<int64_t>(product < 0 ? -rounded : rounded);
}

std::vector<Proration> ComputeProrations(const std::vector<ProratedItem>& before,
                                         const std::vector<ProratedItem>& after,
                                         int64_t proration_date, int64_t period_start,
                                         int64_t period_end, int64_t full_period) {
  std::vector<Proration> out;
  if (!InPeriod(proration_date, period_start, period_end)) return out;
  const int64_t full = FullPeriod(period_start, period_end, full_period);
  for (const ProratedItem& old : before) {
    const ProratedItem* now = FindItem(after, old.id);
    if (now == nullptr || !SameBilling(old, *now)) {
      out.push_back(Make(true, old, proration_date, period_end, full));
    }
  }
  for (const ProratedItem& now : after) {
    const ProratedItem* old = FindItem(before, now.id);
    if (old == nullptr || !SameBilling(*old, now)) {
      out.push_back(Make(false, now, proration_date, period_end, full));
    }
  }
  return out;
}

std::vector<Proration> ComputeCredits(const std::vector<ProratedItem>& items,
                                      int64_t proration_date, int64_t period_start,
                                      int64_t period_end, int64_t full_period) {
  std::vector<Proration> out;
  if (!InPeriod(proration_date, period_start, period_end)) return out;
  const int64_t full = FullPeriod(period_start, period_end, full_period);
  for (const ProratedItem& item : items) {
    out.push_back(Make(true, item, proration_date, period_end, full));
  }
  return out;
}

std::vector<Proration> ComputeSpan(const std::vector<ProratedItem>& items, bool credit,
                                   int64_t from, int64_t to, int64_t full_period) {
  std::vector<Proration> out;
  if (from >= to) return out;
  for (const ProratedItem& item : items) out.push_back(Make(credit, item, from, to, full_period));
  return out;
}

std::string UnitAmountDecimal(int64_t amount, int64_t quantity) {
  if (quantity <= 0) return absl::StrCat(amount);
  const bool negative = amount < 0;
  const int64_t magnitude = negative ? -amount : amount;
  std::string out = absl::StrCat(negative ? "-" : "", magnitude / quantity);
  int64_t rest = magnitude % quantity;
  if (rest == 0) return out;
  out += ".";
  for (int digits = 0; digits < 12 && rest != 0; ++digits) {
    rest *= 10;
    out += static_cast<char>('0' + rest / quantity);
    rest %= quantity;
  }
  return out;
}

std::string ProrationDescription(bool credit, int64_t quantity, absl::string_view product,
                                 int64_t proration_date) {
  return absl::StrCat(credit ? "Unused time on " : "Remaining time on ", quantity, " × ",
                      product, " after ",
                      absl::FormatTime("%d %b %Y", absl::FromUnixSeconds(proration_date),
                                       absl::UTCTimeZone()));
}

}  // namespace internal
}  // namespace paysim
