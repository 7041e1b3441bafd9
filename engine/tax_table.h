// tax_table.h: the tax rates paysim's automatic tax (Checkout's `automatic_tax[enabled]`)
// applies, by where the customer is: paysim's deterministic stand-in for Stripe Tax, which
// computes rates from the registrations of the account, the product's tax code and the exact
// address. The table is fixed and documented so that a test can assert every amount.
//
// Lookup (AutomaticTaxRateFor): the row of the address's country and state, else the row of
// the country with no state, else none. No row: the account does not collect tax there (Stripe
// Tax's `not_collecting`): the tax is 0 and no tax line is shown.
//
// The default table (DefaultAutomaticTaxTable) models an account registered in:
//   - United States, by state, each state's base sales tax rate (no local rates): AZ 5.6,
//     CA 7.25, CO 2.9, FL 6, GA 4, IL 6.25, MA 6.25, NJ 6.625, NV 6.85, NY 4, PA 6, TX 6.25,
//     WA 6.5. Other states: not collecting.
//   - Canada: GST 5 (AB, and any province without a row), HST 13 (ON), HST 15 (NS), QC 14.975
//     (GST and QST as one rate).
//   - VAT: AT 20, BE 21, CH 8.1, DE 19, DK 25, ES 21, FI 25.5, FR 20, GB 20, IE 23, IT 22,
//     NL 21, NO 25, PL 23, PT 23, SE 25. GST: AU 10, IN 18, NZ 15, SG 9. JCT: JP 10.
// Every product is taxed at the standard rate (paysim has no tax codes), shipping too.
//
// Thread safety: the table is immutable; DefaultAutomaticTaxTable may be called from any thread.
#ifndef PAYSIM_ENGINE_TAX_TABLE_H_
#define PAYSIM_ENGINE_TAX_TABLE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace paysim {

// One jurisdiction where the account collects tax.
struct AutomaticTaxRate {
  std::string country;       // ISO 3166-1 alpha-2, uppercase ("US")
  std::string state;         // "" for the whole country; else a state or province ("CA")
  double percentage = 0;     // at most 4 decimals (6.625)
  std::string tax_type;      // Stripe's tax_type: sales_tax | vat | gst | hst | qst | jct
  std::string display_name;  // what the customer sees ("Sales Tax", "VAT", "GST")
};

// The table above, in country then state order.
const std::vector<AutomaticTaxRate>& DefaultAutomaticTaxTable();

// The row of `table` for `country` and `state` (case-insensitive), as the lookup above says;
// nullptr where the account does not collect tax.
const AutomaticTaxRate* AutomaticTaxRateFor(const std::vector<AutomaticTaxRate>& table,
                                            absl::string_view country, absl::string_view state);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_TAX_TABLE_H_
