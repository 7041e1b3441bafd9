// paysim's automatic tax table (tax_table.h).
#include "engine/tax_table.h"

#include "absl/strings/match.h"

namespace paysim {

const std::vector<AutomaticTaxRate>& DefaultAutomaticTaxTable() {
  static const auto* const kTable = new std::vector<AutomaticTaxRate>{
      {"AT", "", 20, "vat", "VAT"},
      {"AU", "", 10, "gst", "GST"},
      {"BE", "", 21, "vat", "VAT"},
      {"CA", "", 5, "gst", "GST"},
      {"CA", "NS", 15, "hst", "HST"},
      {"CA", "ON", 13, "hst", "HST"},
      {"CA", "QC", 14.975, "qst", "GST and QST"},
      {"CH", "", 8.1, "vat", "VAT"},
      {"DE", "", 19, "vat", "VAT"},
      {"DK", "", 25, "vat", "VAT"},
      {"ES", "", 21, "vat", "VAT"},
      {"FI", "", 25.5, "vat", "VAT"},
      {"FR", "", 20, "vat", "VAT"},
      {"GB", "", 20, "vat", "VAT"},
      {"IE", "", 23, "vat", "VAT"},
      {"IN", "", 18, "gst", "GST"},
      {"IT", "", 22, "vat", "VAT"},
      {"JP", "", 10, "jct", "JCT"},
      {"NL", "", 21, "vat", "VAT"},
      {"NO", "", 25, "vat", "VAT"},
      {"NZ", "", 15, "gst", "GST"},
      {"PL", "", 23, "vat", "VAT"},
      {"PT", "", 23, "vat", "VAT"},
      {"SE", "", 25, "vat", "VAT"},
      {"SG", "", 9, "gst", "GST"},
      {"US", "AZ", 5.6, "sales_tax", "Sales Tax"},
      {"US", "CA", 7.25, "sales_tax", "Sales Tax"},
      {"US", "CO", 2.9, "sales_tax", "Sales Tax"},
      {"US", "FL", 6, "sales_tax", "Sales Tax"},
      {"US", "GA", 4, "sales_tax", "Sales Tax"},
      {"US", "IL", 6.25, "sales_tax", "Sales Tax"},
      {"US", "MA", 6.25, "sales_tax", "Sales Tax"},
      {"US", "NJ", 6.625, "sales_tax", "Sales Tax"},
      {"US", "NV", 6.85, "sales_tax", "Sales Tax"},
      {"US", "NY", 4, "sales_tax", "Sales Tax"},
      {"US", "PA", 6, "sales_tax", "Sales Tax"},
      {"US", "TX", 6.25, "sales_tax", "Sales Tax"},
      {"US", "WA", 6.5, "sales_tax", "Sales Tax"},
  };
  return *kTable;
}

const AutomaticTaxRate* AutomaticTaxRateFor(const std::vector<AutomaticTaxRate>& table,
                                            absl::string_view country, absl::string_view state) {
  const AutomaticTaxRate* whole_country = nullptr;
  for (const AutomaticTaxRate& row : table) {
    if (!absl::EqualsIgnoreCase(row.country, country)) continue;
    if (row.state.empty()) {
      whole_country = &row;
    } else if (!state.empty() && absl::EqualsIgnoreCase(row.state, state)) {
      return &row;
    }
  }
  return whole_country;
}

}  // namespace paysim
