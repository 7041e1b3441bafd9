// A Checkout Session's dynamic tax rates (checkout_dynamic_tax.h).
#include "engine/internal/checkout_dynamic_tax.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "engine/checkout_sessions.h"
#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/checkout_discounts.h"
#include "engine/internal/status_macros.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace internal {
namespace {

// The countries Stripe matches dynamic tax rates in: US, GB, AU and the EU's members.
constexpr absl::string_view kSupportedCountries[] = {
    "AT", "AU", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
    "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "US"};

bool Supported(absl::string_view country) {
  return std::find(std::begin(kSupportedCountries), std::end(kSupportedCountries), country) !=
         std::end(kSupportedCountries);
}

bool Matches(const TaxRate& rate, const Address& location) {
  if (location.country().empty() || rate.country() != location.country()) return false;
  if (location.country() != "US") return true;
  return !location.state().empty() && rate.state() == location.state();
}

bool HasDynamicTaxRates(const CheckoutSession& session) {
  for (const LineItem& item : session.line_items()) {
    if (!item.dynamic_tax_rates().empty()) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::vector<const TaxRate*>> CheckDynamicTaxRates(
    World& world, const CheckoutLineItemParams& item, int index) {
  std::vector<const TaxRate*> rates;
  if (item.dynamic_tax_rates().empty()) return rates;
  const std::string line = absl::StrCat("line_items[", index, "]");
  const std::string param = absl::StrCat(line, "[dynamic_tax_rates]");
  if (!item.tax_rates().empty()) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("You cannot pass both `", line, "[tax_rates]` and `", param,
                     "`. Use `tax_rates` for a fixed rate, or `dynamic_tax_rates` for rates "
                     "matched to the customer's address."));
  }
  if (item.dynamic_tax_rates_size() > kCheckoutMaxDynamicTaxRates) {
    return InvalidRequestError("", param,
                               absl::StrCat("You can pass at most ", kCheckoutMaxDynamicTaxRates,
                                            " tax rates in `", param, "`."));
  }
  for (int j = 0; j < item.dynamic_tax_rates_size(); ++j) {
    const std::string at = absl::StrCat(param, "[", j, "]");
    PAYSIM_ASSIGN_OR_RETURN(const TaxRate* rate,
                            FindApplicableTaxRate(world, item.dynamic_tax_rates(j), at));
    if (!rate->has_country() || !Supported(rate->country())) {
      return InvalidRequestError(
          "", at,
          absl::StrCat("The tax rate ", rate->id(),
                       " cannot be used as a dynamic tax rate: its `country` must be one of "
                       "US, GB, AU or a country of the EU."));
    }
    if (rate->country() == "US" && rate->state().empty()) {
      return InvalidRequestError(
          "", at,
          absl::StrCat("The tax rate ", rate->id(),
                       " cannot be used as a dynamic tax rate: a tax rate in the US needs a "
                       "`state`."));
    }
    rates.push_back(rate);
  }
  return rates;
}

absl::StatusOr<absl::optional<Address>> PayingTaxLocation(const CheckoutSession& session,
                                                          const Customer* customer,
                                                          const Address* billing,
                                                          const Address* shipping,
                                                          const std::string& country) {
  if (session.mode() == "setup") return absl::nullopt;
  if (session.automatic_tax().enabled()) {
    PAYSIM_ASSIGN_OR_RETURN(Address place,
                            EnteredTaxLocation(session, customer, billing, shipping));
    return absl::optional<Address>(std::move(place));
  }
  if (!HasDynamicTaxRates(session)) return absl::nullopt;
  const Address* entered = EnteredTaxAddress(session, billing, shipping);
  if (entered != nullptr) return absl::optional<Address>(*entered);
  Address said;
  said.set_country(country);
  return absl::optional<Address>(std::move(said));
}

void MatchDynamicTaxRates(const Address& location, CheckoutSession& session) {
  for (int i = 0; i < session.line_items_size(); ++i) {
    LineItem& item = *session.mutable_line_items(i);
    item.clear_dynamic_tax_rate();
    for (const TaxRate& rate : item.dynamic_tax_rates()) {
      if (!Matches(rate, location)) continue;
      *item.mutable_dynamic_tax_rate() = rate;
      break;
    }
  }
}

}  // namespace internal
}  // namespace paysim
