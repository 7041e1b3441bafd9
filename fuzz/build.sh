#!/usr/bin/env bash
# fuzz/build.sh: builds the libFuzzer targets (fuzz/BUILD) with clang, ASan and UBSan, and
# prints the directory that holds them.
#
# Bazel 4 detects its C++ toolchain once per output base, from $CC. So this runs Bazel in an
# output base of its own (FUZZ_OUTPUT_BASE, default ~/.cache/paysim-fuzz/<hash of this tree>)
# with `--config=fuzz` (.bazelrc: CC=clang, -fsanitize=fuzzer,address,undefined): the normal
# gcc build and its cache are never touched, and a second run is incremental.
#
# Usage: fuzz/build.sh            -> prints e.g. /root/.cache/paysim-fuzz/3f2.../.../bin/fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
hash=$(printf '%s' "$root" | md5sum | cut -c1-12)
base=${FUZZ_OUTPUT_BASE:-$HOME/.cache/paysim-fuzz/$hash}
mkdir -p "$base"
bazel_fuzz() {
  ./bazelw --output_base="$base" --max_idle_secs=300 "$@"
}
bazel_fuzz build --config=fuzz //fuzz:all_fuzzers >&2
echo "$(bazel_fuzz info --config=fuzz bazel-bin 2>/dev/null)/fuzz"
