#!/usr/bin/env bash
# fuzz/build.sh: builds the libFuzzer targets (fuzz/BUILD) with clang, ASan and UBSan through
# fuzz/bazel.sh (an output base of its own; see there), and prints the directory that holds
# them. With FUZZ_WORKSPACE set (see fuzz/bazel.sh), they build as @paysim//fuzz:... in that
# workspace.
#
# Usage: fuzz/build.sh            -> prints e.g. /root/.cache/paysim-fuzz/3f2.../.../bin/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
if [ "$(cd "${FUZZ_WORKSPACE:-.}" && pwd -P)" = "$root" ]; then
  repo=""; dir=fuzz                                   # this checkout is the main repository
else
  repo=@paysim; dir=external/paysim/fuzz              # another workspace's @paysim
fi
fuzz/bazel.sh build --config=fuzz "$repo//fuzz:all_fuzzers" >&2
echo "$(fuzz/bazel.sh info --config=fuzz bazel-bin 2>/dev/null)/$dir"
