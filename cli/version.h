// version.h: what `paysim version` prints.
#ifndef PAYSIM_CLI_VERSION_H_
#define PAYSIM_CLI_VERSION_H_

#include <string>

#include "absl/strings/string_view.h"

namespace paysim {
namespace cli {

// paysim's own version. paysim has no releases yet: this names the development line and
// changes when one is cut.
inline constexpr absl::string_view kPaysimVersion = "0.1.0-dev";

// "paysim 0.1.0-dev\nStripe API version 2026-07-29.dahlia (the newest paysim knows; the
// default)\n".
std::string VersionText();

}  // namespace cli
}  // namespace paysim

#endif  // PAYSIM_CLI_VERSION_H_
