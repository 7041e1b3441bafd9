#include "engine/api_version.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "engine/stripe_error.h"

namespace paysim {
namespace {

bool WellFormed(absl::string_view version) {
  if (version.size() < 10) return false;
  absl::string_view date = version.substr(0, 10);
  absl::Time parsed;
  std::string error;
  if (!absl::ParseTime("%Y-%m-%d", date, &parsed, &error)) return false;
  if (version.size() == 10) return true;
  if (version[10] != '.' || version.size() == 11) return false;
  for (char c : version.substr(11)) {
    if (!absl::ascii_islower(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateApiVersion(absl::string_view version) {
  if (!WellFormed(version) || version.substr(0, 10) > kLatestApiVersion.substr(0, 10)) {
    return InvalidRequestError(
        "", "Stripe-Version",
        absl::StrCat("Invalid Stripe API version: ", version, ". The newest version is ",
                     kLatestApiVersion, "."));
  }
  return absl::OkStatus();
}

bool ApiVersionAtLeast(absl::string_view version, absl::string_view date) {
  return version.substr(0, 10) >= date.substr(0, 10);
}

}  // namespace paysim
