// data_path.h: where a test finds paysim's data files (its `data` dependencies), whether paysim
// is the main repository or the external repository @paysim of another workspace.
//
// A Bazel test runs in the runfiles directory of the *main* repository; an external repository's
// files are in the sibling directory named after it. paysim's workspace is named `paysim` and
// other workspaces name it @paysim (bazel/deps.bzl), so paysim's files are always under
// $TEST_SRCDIR/paysim.
//
// Example:
//   std::ifstream in(paysim::testing::DataPath("engine/wire/testdata/wire_golden.txt"));
//
// Thread safety: thread-safe.
#ifndef PAYSIM_TESTING_DATA_PATH_H_
#define PAYSIM_TESTING_DATA_PATH_H_

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace paysim {
namespace testing {

// DataPath()
//
// The path of `path` (relative to paysim's root, e.g. "scenarios") in the test's runfiles;
// `path` itself, relative to the working directory, when not run by Bazel (no TEST_SRCDIR).
inline std::string DataPath(absl::string_view path) {
  const char* runfiles = std::getenv("TEST_SRCDIR");
  if (runfiles == nullptr || *runfiles == '\0') return std::string(path);
  return absl::StrCat(runfiles, "/paysim/", path);
}

}  // namespace testing
}  // namespace paysim

#endif  // PAYSIM_TESTING_DATA_PATH_H_
