#include "cli/version.h"

#include "absl/strings/str_cat.h"
#include "engine/api_version.h"

namespace paysim {
namespace cli {

std::string VersionText() {
  return absl::StrCat("paysim ", kPaysimVersion, "\nStripe API version ", kLatestApiVersion,
                      " (the newest paysim knows; the default)\n");
}

}  // namespace cli
}  // namespace paysim
