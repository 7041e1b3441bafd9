#!/usr/bin/env bash
# fuzz/build.sh: builds the libFuzzer targets (fuzz/BUILD) with clang, ASan and UBSan through
# fuzz/bazel.sh (an output base of its own; see there), and prints the directory that holds
# them.
#
# Usage: fuzz/build.sh            -> prints e.g. /root/.cache/paysim-fuzz/3f2.../.../bin/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz/bazel.sh build --config=fuzz //fuzz:all_fuzzers >&2
echo "$(fuzz/bazel.sh info --config=fuzz bazel-bin 2>/dev/null)/fuzz"
