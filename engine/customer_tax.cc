// A customer's `tax` hash (customer_tax.h).
#include "engine/customer_tax.h"

#include "engine/internal/checkout_automatic_tax.h"
#include "engine/internal/interned.h"

namespace paysim {

CustomerTax CustomerTaxOf(const Customer& customer, const std::vector<AutomaticTaxRate>& table) {
  CustomerTax tax;
  if (customer.has_tax_ip_address()) tax.set_ip_address(customer.tax_ip_address());
  const Address* place = nullptr;
  absl::string_view source;
  if (customer.has_shipping() && customer.shipping().has_address() &&
      internal::MissingTaxLocationPart(customer.shipping().address()).empty()) {
    place = &customer.shipping().address();
    source = "shipping_destination";
  } else if (customer.has_address() &&
             internal::MissingTaxLocationPart(customer.address()).empty()) {
    place = &customer.address();
    source = "billing_address";
  }
  if (place == nullptr) {
    tax.set_automatic_tax(PAYSIM_INTERNED("unrecognized_location"));
    return tax;
  }
  CustomerTaxLocation* location = tax.mutable_location();
  location->set_country(place->country());
  location->set_source(std::string(source));
  if (!place->state().empty()) location->set_state(place->state());
  const bool collects = AutomaticTaxRateFor(table, place->country(), place->state()) != nullptr;
  tax.set_automatic_tax(collects ? PAYSIM_INTERNED("supported")
                                 : PAYSIM_INTERNED("not_collecting"));
  return tax;
}

}  // namespace paysim
