#include "cli/timeline.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/currency.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace cli {

Timeline::Timeline(Engine* engine, absl::Time start, std::ostream* out)
    : engine_(engine), start_(start), out_(out), events_seen_(engine->events().emitted()) {}

std::string Timeline::When() const {
  const int64_t seconds = absl::ToInt64Seconds(engine_->Now() - start_);
  return absl::StrFormat("day %d %02d:%02d:%02d", seconds / 86400, (seconds / 3600) % 24,
                         (seconds / 60) % 60, seconds % 60);
}

void Timeline::Section(absl::string_view title) { *out_ << "\n== " << title << " ==\n"; }

void Timeline::Step(absl::string_view action, absl::string_view outcome) {
  *out_ << "[" << When() << "] " << action << "\n";
  *out_ << "    -> " << outcome << "\n";
  Events();
}

void Timeline::Step(absl::string_view action, const absl::Status& status) {
  absl::optional<StripeError> error = GetStripeError(status);
  std::string outcome;
  if (error.has_value()) {
    outcome = absl::StrCat(error->http_status(), " ", error->type());
    if (error->has_code()) absl::StrAppend(&outcome, " ", error->code());
    if (error->has_decline_code() && error->decline_code() != error->code()) {
      absl::StrAppend(&outcome, " (", error->decline_code(), ")");
    }
    if (error->has_param()) absl::StrAppend(&outcome, " param=", error->param());
    absl::StrAppend(&outcome, ": ", error->message());
  } else {
    outcome = status.ToString();
  }
  Step(action, outcome);
}

void Timeline::Events() {
  engine_->FireDueTimers();
  const uint64_t total = engine_->events().emitted();
  if (total <= events_seen_) return;
  std::vector<Event> fresh;
  std::string cursor;
  // Newest first, a page at a time, until the ones already shown.
  uint64_t wanted = total - events_seen_;
  while (fresh.size() < wanted) {
    EventListParams params;
    params.set_limit(static_cast<int64_t>(std::min<size_t>(100, wanted - fresh.size())));
    if (!cursor.empty()) params.set_starting_after(cursor);
    absl::StatusOr<ListResult<Event>> page = engine_->events().List(params);
    if (!page.ok() || page->data.empty()) break;
    for (Event& e : page->data) fresh.push_back(std::move(e));
    cursor = fresh.back().id();
  }
  std::reverse(fresh.begin(), fresh.end());
  for (const Event& event : fresh) {
    const absl::Time at = absl::FromUnixSeconds(event.created());
    const int64_t seconds = absl::ToInt64Seconds(at - start_);
    *out_ << absl::StrFormat("    event %-24s at day %d %02d:%02d:%02d", event.type(),
                             seconds / 86400, (seconds / 3600) % 24, (seconds / 60) % 60,
                             seconds % 60);
    const StripeObject& object = event.data().object();
    if (object.has_charge()) {
      *out_ << "  " << object.charge().id();
    } else if (object.has_refund()) {
      *out_ << "  " << object.refund().id() << " " << Money(object.refund().amount(), object.refund().currency());
    } else if (object.has_balance()) {
      for (const BalanceAmount& a : object.balance().available()) {
        *out_ << "  available " << Money(a.amount(), a.currency());
      }
    } else if (object.has_customer()) {
      *out_ << "  " << object.customer().id();
    } else if (object.has_payment_method()) {
      *out_ << "  " << object.payment_method().id();
    }
    *out_ << "\n";
  }
  events_seen_ = total;
}

std::string Money(int64_t amount, absl::string_view currency) {
  const CurrencyInfo* info = FindCurrency(currency);
  if (info == nullptr) return absl::StrCat(amount, " ", currency);
  return FormatAmount(amount, *info);
}

}  // namespace cli
}  // namespace paysim
