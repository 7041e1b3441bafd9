#include "engine/statement_descriptor.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

bool HasLetter(absl::string_view s) {
  for (char c : s) {
    if (absl::ascii_isalpha(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

// Latin printable characters only, none of < > \ ' " *.
bool AllowedCharacters(absl::string_view s) {
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
    if (c == '<' || c == '>' || c == '\\' || c == '\'' || c == '"' || c == '*') return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateStatementDescriptor(absl::string_view descriptor, absl::string_view param) {
  if (descriptor.size() > static_cast<size_t>(kStatementDescriptorMaxLength)) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("The statement descriptor must be at most ", kStatementDescriptorMaxLength,
                     " characters."));
  }
  if (descriptor.size() < static_cast<size_t>(kStatementDescriptorMinLength)) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("The statement descriptor must be at least ", kStatementDescriptorMinLength,
                     " characters."));
  }
  if (!AllowedCharacters(descriptor)) {
    return InvalidRequestError(
        "", param,
        "The statement descriptor contains one or more prohibited characters: < > \\ ' \" *");
  }
  if (!HasLetter(descriptor)) {
    return InvalidRequestError("", param,
                               "The statement descriptor must contain at least one letter.");
  }
  return absl::OkStatus();
}

absl::Status ValidateStatementDescriptorSuffix(absl::string_view suffix, absl::string_view prefix,
                                               absl::string_view param) {
  if (!AllowedCharacters(suffix)) {
    return InvalidRequestError(
        "", param,
        "The statement descriptor suffix contains one or more prohibited characters: "
        "< > \\ ' \" *");
  }
  if (!HasLetter(suffix)) {
    return InvalidRequestError("", param,
                               "The statement descriptor suffix must contain at least one letter.");
  }
  const size_t combined = prefix.size() + 2 + suffix.size();  // "PREFIX* SUFFIX"
  if (combined > static_cast<size_t>(kStatementDescriptorMaxLength)) {
    return InvalidRequestError(
        "", param,
        absl::StrCat("The statement descriptor suffix is too long: with the prefix '", prefix,
                     "' it must be at most ", kStatementDescriptorMaxLength - 2 - prefix.size(),
                     " characters."));
  }
  return absl::OkStatus();
}

std::string CalculatedStatementDescriptor(absl::string_view account_descriptor,
                                          absl::string_view prefix, absl::string_view suffix) {
  if (suffix.empty()) return absl::AsciiStrToUpper(account_descriptor);
  return absl::AsciiStrToUpper(absl::StrCat(prefix, "* ", suffix));
}

}  // namespace paysim
