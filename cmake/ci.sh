#!/usr/bin/env bash
# cmake/ci.sh: CI's CMake stage, which is also its ThreadSanitizer stage.
#
# Usage: cmake/ci.sh [WORKDIR]      (WORKDIR: build trees and install prefix; default: a temp
#                                    directory, removed at the end)
#
# 1. cmake/check_sources.sh: every source a BUILD.bazel names is in the CMake build.
# 2. Configures paysim with -DPAYSIM_SANITIZER=thread at -O0 (.bazelrc's --config=tsan) and
#    builds only what is installed (the libraries, the `paysim` command) and
#    //engine:concurrency_test's twin (unity builds, with Ninja where installed); runs that
#    test through ctest under TSan.
# 3. Installs to WORKDIR/prefix, then configures, builds and runs examples/cmake_consumer
#    against it (the README's embedding example, under TSan too: the installed targets carry
#    the sanitizer flags).
# Prints the logs of a failed step, then one line:
#   cmake: N passed, N failed (...; S s)
# N counts the gtest cases of the two test binaries (their XML) and the sources check; a test
# binary that did not build or left no XML counts as one failure. Exit status 0 iff N failed is 0.
set -uo pipefail
cd "$(dirname "$0")/.."

work=${1:-}
if [ -z "$work" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
build=$work/build
prefix=$work/prefix
consumer=$work/consumer
results=$work/results
logs=$work/logs
mkdir -p "$results" "$logs"
start=$SECONDS
passed=0
failed=0
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
# clang, as the Bazel build (.bazelrc): it compiles this tree about a third faster than gcc
# here, TSan included (./bazelw installed it).
export CC=${CC:-clang} CXX=${CXX:-clang++}
# Ninja where installed (./bazelw installs it), else CMake's default (make). The libraries are
# unity builds (PAYSIM_UNITY_BUILD, ON by default: cmake/PaysimUnity.cmake).
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

# run NAME COMMAND...: COMMAND's output goes to logs/NAME.log, shown (its end) on failure.
run() {
  local name=$1
  shift
  if "$@" >"$logs/$name.log" 2>&1; then return 0; fi
  echo "cmake/ci.sh: $name failed: $*"
  tail -n 60 "$logs/$name.log"
  return 1
}

# count_xml FILE: adds FILE's gtest totals; a missing FILE is one failure.
count_xml() {
  local xml=$1 head tests failures errors
  if [ ! -f "$xml" ]; then failed=$((failed + 1)); return; fi
  head=$(grep -m1 -oE '<testsuites[^>]*>' "$xml" || true)
  tests=$(sed -nE 's/.* tests="([0-9]+)".*/\1/p' <<<"$head")
  failures=$(sed -nE 's/.* failures="([0-9]+)".*/\1/p' <<<"$head")
  errors=$(sed -nE 's/.* errors="([0-9]+)".*/\1/p' <<<"$head")
  tests=${tests:-0}; failures=${failures:-0}; errors=${errors:-0}
  passed=$((passed + tests - failures - errors))
  failed=$((failed + failures + errors))
}

if run check_sources cmake/check_sources.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

run configure cmake "${generator[@]}" -S . -B "$build" -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS=-O0 \
    -DPAYSIM_SANITIZER=thread -DPAYSIM_BUILD_BENCHMARKS=OFF &&
  run build cmake --build "$build" -j2 --target paysim_installable concurrency_test &&
  { GTEST_OUTPUT="xml:$results/" run concurrency_test \
      ctest --test-dir "$build" -R '^engine\.concurrency_test$' --output-on-failure; true; }
count_xml "$results/concurrency_test.xml"

run install cmake --install "$build" --prefix "$prefix" &&
  run consumer_configure cmake "${generator[@]}" -S examples/cmake_consumer -B "$consumer" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_FLAGS=-O0 &&
  run consumer_build cmake --build "$consumer" -j2 &&
  { GTEST_OUTPUT="xml:$results/" run consumer_test \
      ctest --test-dir "$consumer" --output-on-failure; true; }
count_xml "$results/checkout_test.xml"

echo "cmake: $passed passed, $failed failed (sources check, concurrency test under TSan," \
     "examples/cmake_consumer against the install; $((SECONDS - start)) s)"
[ "$failed" -eq 0 ]
