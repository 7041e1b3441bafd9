// tax_id_types.h (internal): the kinds of tax ID a customer can have (Stripe's tax_id `type`
// values), the form of their values, their country, and which ones Stripe verifies.
//
// Stripe checks a value's form for its type and refuses a malformed one (tax_id_invalid,
// "Invalid value for <type>."). paysim checks the forms of the types listed in the .cc (the
// common ones: EU, UK, US, Australian, Canadian, Swiss, Norwegian, Indian and Japanese
// numbers); a value of any other type must be non-empty. UNCERTAIN: Stripe's exact patterns;
// paysim's follow each authority's published format.
#ifndef PAYSIM_ENGINE_INTERNAL_TAX_ID_TYPES_H_
#define PAYSIM_ENGINE_INTERNAL_TAX_ID_TYPES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "proto/params.pb.h"

namespace paysim {
namespace internal {

// OK if `type` is a tax ID type a customer's tax ID can have; else invalid_request_error
// (param `param`) "Invalid <param>: must be one of ..." listing them, as Stripe refuses any
// value outside an enum.
absl::Status ValidateTaxIdType(absl::string_view type, absl::string_view param);

// OK if `value` has the form of a `type` tax ID; else invalid_request_error tax_id_invalid
// (param `param`). REQUIRES: ValidateTaxIdType(type) is OK.
absl::Status ValidateTaxIdValue(absl::string_view type, absl::string_view value,
                                absl::string_view param);

// The two-letter country of a `type` tax ID with `value` ("" when the type names none:
// eu_oss_vat): an EU VAT number's own prefix (EL is Greece: GR), else the type's.
std::string TaxIdCountry(absl::string_view type, absl::string_view value);

// ValidateTaxIdData()
//
// OK if `params` names a type and a value of its form; else parameter_missing, or the errors
// above. Parameters are named under `prefix` ("" names `type` and `value`; "tax_id_data[0]"
// names `tax_id_data[0][type]`...).
absl::Status ValidateTaxIdData(const TaxIdCreateParams& params, absl::string_view prefix);

// True if Stripe verifies `type` numbers with their authority (EU VAT numbers with VIES, UK
// ones with HMRC, Australian Business Numbers with the ABR); the others' verification is
// `unavailable`.
bool IsVerifiedTaxIdType(absl::string_view type);

}  // namespace internal
}  // namespace paysim

#endif  // PAYSIM_ENGINE_INTERNAL_TAX_ID_TYPES_H_
