// statement_descriptor.h: Stripe's statement descriptor rules.
//
// A complete descriptor is 5-22 Latin characters with at least one letter and none of
// < > \ ' " *. A card charge's dynamic suffix is joined to the account's prefix as
// "PREFIX* SUFFIX", 22 characters at most. Thread-safe (pure functions).
#ifndef PAYSIM_ENGINE_STATEMENT_DESCRIPTOR_H_
#define PAYSIM_ENGINE_STATEMENT_DESCRIPTOR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace paysim {

constexpr int kStatementDescriptorMinLength = 5;
constexpr int kStatementDescriptorMaxLength = 22;

// Validates a full `statement_descriptor` parameter.
absl::Status ValidateStatementDescriptor(absl::string_view descriptor, absl::string_view param);

// Validates a `statement_descriptor_suffix` given `prefix`: at least one letter, allowed
// characters, and "PREFIX* SUFFIX" no longer than 22 characters.
absl::Status ValidateStatementDescriptorSuffix(absl::string_view suffix, absl::string_view prefix,
                                               absl::string_view param);

// What appears on the statement for a card charge: "PREFIX* SUFFIX" when a suffix (or, on a
// card Charge, a statement_descriptor, which Stripe uses as the suffix) is given, otherwise the
// account's descriptor. Upper-cased, as Stripe renders calculated descriptors.
std::string CalculatedStatementDescriptor(absl::string_view account_descriptor,
                                          absl::string_view prefix, absl::string_view suffix);

}  // namespace paysim

#endif  // PAYSIM_ENGINE_STATEMENT_DESCRIPTOR_H_
