#include "engine/internal/subscription_schedule_discounts.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/internal/billing_params.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// The ask of one coupon or promotion code, as a subscription's discounts[0] (phase `i`).
BillingDiscountAsk AskOf(const SubscriptionSchedulePhaseDiscount& wanted, int i) {
  BillingDiscountAsk ask;
  ask.discounts = 1;
  if (wanted.has_coupon()) ask.first_coupon = wanted.coupon();
  if (wanted.has_promotion_code()) ask.first_promotion_code = wanted.promotion_code();
  ask.within = absl::StrCat("phases[", i, "]");
  return ask;
}

}  // namespace

absl::Status CheckPhaseDiscounts(World& world, const SubscriptionSchedulePhaseParams& params,
                                 int i, const std::string& customer,
                                 const Subscription* subscription,
                                 SubscriptionSchedulePhase& phase) {
  if (params.discounts_size() == 0) return absl::OkStatus();
  const std::string param = absl::StrCat("phases[", i, "][discounts]");
  if (params.discounts_size() > 1) {
    return InvalidRequestError("", param, "paysim applies one discount per phase.");
  }
  const SubscriptionSchedulePhaseDiscountParams& given = params.discounts(0);
  const int kinds = (given.has_coupon() ? 1 : 0) + (given.has_discount() ? 1 : 0) +
                    (given.has_promotion_code() ? 1 : 0);
  if (kinds != 1) {
    // UNCERTAIN (wording).
    return InvalidRequestError("", absl::StrCat(param, "[0]"),
                               "Each discount needs exactly one of `coupon`, `discount` and "
                               "`promotion_code`.");
  }
  SubscriptionSchedulePhaseDiscount wanted;
  if (given.has_discount()) {
    if (subscription == nullptr || !subscription->has_discount() ||
        subscription->discount().id() != given.discount()) {
      return ResourceMissing("discount", given.discount(), absl::StrCat(param, "[0][discount]"));
    }
    wanted.set_discount(given.discount());
  } else {
    if (given.has_coupon()) wanted.set_coupon(given.coupon());
    if (given.has_promotion_code()) wanted.set_promotion_code(given.promotion_code());
    PAYSIM_RETURN_IF_ERROR(
        CheckBillingDiscount(world, AskOf(wanted, i), customer, phase.currency(), "subscription")
            .status());
  }
  *phase.add_discounts() = std::move(wanted);
  return absl::OkStatus();
}

void PhaseDiscountTerms(World& world, const SubscriptionSchedule& schedule,
                        const SubscriptionSchedulePhase& phase, PhaseTerms& terms) {
  if (phase.discounts_size() == 0) return;
  const SubscriptionSchedulePhaseDiscount& wanted = phase.discounts(0);
  if (wanted.has_discount()) {
    terms.kept_discount = wanted.discount();
    return;
  }
  absl::StatusOr<absl::optional<DiscountChoice>> choice = CheckBillingDiscount(
      world, AskOf(wanted, 0), schedule.customer(), phase.currency(), "subscription");
  if (choice.ok() && choice->has_value()) terms.discount = **choice;
}

}  // namespace internal
}  // namespace paysim
