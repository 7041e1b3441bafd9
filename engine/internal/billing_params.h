// billing_params.h (internal): the checks subscriptions and one-off invoices share: the tax
// rates they name and the one discount they ask for.
//
// REQUIRES (every function taking a World): the world's lock held.
#ifndef PAYSIM_ENGINE_INTERNAL_BILLING_PARAMS_H_
#define PAYSIM_ENGINE_INTERNAL_BILLING_PARAMS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "engine/internal/customer_discounts.h"
#include "engine/internal/world.h"
#include "google/protobuf/repeated_field.h"
#include "proto/tax_rate.obj.h"

namespace paysim {
namespace internal {

// CheckBillingTaxRates()
//
// The tax rates `ids` names (param `param`[j]): each existing and one of the account's own
// (resource_missing otherwise, also for automatic tax's rates) and active.
absl::StatusOr<std::vector<TaxRate>> CheckBillingTaxRates(
    World& world, const google::protobuf::RepeatedPtrField<std::string>& ids,
    absl::string_view param);

// A discount as a request asks for it: the classic `coupon` / `promotion_code`, or
// `discounts[]` (how many, and the first one's coupon / promotion_code).
struct BillingDiscountAsk {
  absl::optional<std::string> coupon;
  absl::optional<std::string> promotion_code;
  int discounts = 0;
  absl::optional<std::string> first_coupon;
  absl::optional<std::string> first_promotion_code;
  // Where `discounts` is, when not at the top (e.g. "phases[1]": errors then name
  // `phases[1][discounts][0][coupon]`).
  std::string within;
};

// The ask of a request with `coupon`, `promotion_code` and `discounts[]` (subscription create
// and update params, invoice params).
template <class Params>
BillingDiscountAsk BillingDiscountAskOf(const Params& params) {
  BillingDiscountAsk ask;
  if (params.has_coupon()) ask.coupon = params.coupon();
  if (params.has_promotion_code()) ask.promotion_code = params.promotion_code();
  ask.discounts = params.discounts_size();
  if (ask.discounts > 0 && params.discounts(0).has_coupon()) {
    ask.first_coupon = params.discounts(0).coupon();
  }
  if (ask.discounts > 0 && params.discounts(0).has_promotion_code()) {
    ask.first_promotion_code = params.discounts(0).promotion_code();
  }
  return ask;
}

// CheckBillingDiscount()
//
// The discount `ask` names for `customer` in `currency` (`what`, "subscription" or "invoice",
// names the object in messages), checked as customer_discounts.h checks a customer's, with
// params named as asked (`coupon`, `discounts[0][coupon]`, ...); nullopt when none is asked.
// Also refused: `discounts` with `coupon` or `promotion_code`, more than one discount (paysim
// applies one), a discount with both or neither of coupon and promotion_code, an amount_off
// coupon in another currency that has no amount in `currency` among its currency_options.
absl::StatusOr<absl::optional<DiscountChoice>> CheckBillingDiscount(
    World& world, const BillingDiscountAsk& ask, const std::string& customer,
    const std::string& currency, absl::string_view what);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_BILLING_PARAMS_H_
