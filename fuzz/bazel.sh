#!/usr/bin/env bash
# fuzz/bazel.sh: ./bazelw in the output base of the clang builds (--config=fuzz: fuzz targets,
# and the test suite under clang's ASan and UBSan).
#
# Bazel 4 detects its C++ toolchain once per output base, from $CC. So clang builds run in an
# output base of their own (FUZZ_OUTPUT_BASE, default ~/.cache/paysim-fuzz/<hash of the
# workspace's path>): the normal gcc build and its cache are never touched, and a second run is
# incremental. The bazel-* symlinks stay the gcc build's (.bazelrc: --symlink_prefix=/); ask
# `fuzz/bazel.sh info --config=fuzz bazel-bin` (or bazel-testlogs) where outputs are.
#
# FUZZ_WORKSPACE (a directory, relative to this checkout's root; default: the checkout itself)
# runs Bazel in another workspace that uses this checkout as @paysim, such as
# examples/bazel_consumer. There paysim's targets are @paysim//...; that workspace's own tests,
# paysim's tests and the fuzz targets then share one output base, so the engine compiles once
# for all of them (CI does this: .ci/run). fuzz/build.sh and fuzz/run.sh follow the same variable.
#
# Usage: fuzz/bazel.sh test --config=fuzz //:sanitized_tests   (or any test label)
#        FUZZ_WORKSPACE=examples/bazel_consumer \
#          fuzz/bazel.sh test --config=fuzz //:all @paysim//:sanitized_tests
set -euo pipefail
cd "$(dirname "$0")/.."
bazelw=$(pwd)/bazelw
cd "${FUZZ_WORKSPACE:-.}"
hash=$(printf '%s' "$(pwd)" | md5sum | cut -c1-12)
base=${FUZZ_OUTPUT_BASE:-$HOME/.cache/paysim-fuzz/$hash}
mkdir -p "$base"
exec "$bazelw" --output_base="$base" --max_idle_secs=300 "$@"
