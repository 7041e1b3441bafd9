#!/usr/bin/env bash
# fuzz/run.sh: a short fuzzing run of every target (CI), or a long one.
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET]     (default 10: 30 s in all)
#        FUZZ_WORKSPACE=examples/bazel_consumer fuzz/run.sh 10    (built there: fuzz/bazel.sh)
#        FUZZ_TARGETS="wire_fuzzer" fuzz/run.sh 600
#
# libFuzzer's entropic scheduler is off (-entropic=0): with paysim's large coverage maps it spent
# most of the time in its own bookkeeping (the wire door ran 60 inputs/s with it, 1,500 without).
#
# Each target starts from its seed corpus (fuzz/corpus/<target>, read only: new inputs go to a
# temporary directory) with its dictionary (fuzz/<target>.dict) when there is one. A crash
# leaves its input in $FUZZ_ARTIFACTS (default: a temporary directory, printed) and makes the
# script fail. The last line is "fuzz: N passed, N failed" (one per target), then each
# target's executions are on the lines before it.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
targets=${FUZZ_TARGETS:-form_decoder_fuzzer scenario_parser_fuzzer wire_fuzzer}
bin=$(fuzz/build.sh) || { echo "fuzz: 0 passed, 1 failed (build)"; exit 1; }
work=$(mktemp -d)
artifacts=${FUZZ_ARTIFACTS:-$work/artifacts}
mkdir -p "$artifacts"
passed=0
failed=0
for target in $targets; do
  name=${target%_fuzzer}
  corpus=fuzz/corpus/$name
  dict=()
  [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
  mkdir -p "$work/$name"
  log=$work/$name.log
  "$bin/$target" "$work/$name" "$corpus" "${dict[@]}" -max_total_time="$seconds" \
      -max_len=4096 -timeout=10 -rss_limit_mb=2048 -entropic=0 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$name-" >"$log" 2>&1
  rc=$?
  runs=$(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz: $target: ${runs:-?} executions in ${seconds}s, no crash"
  else
    failed=$((failed + 1))
    echo "fuzz: $target FAILED (exit $rc; inputs in $artifacts):"
    grep -E "ERROR|SUMMARY|runtime error|deadly signal" "$log" | head -5
  fi
done
[ "$failed" -eq 0 ] && rm -rf "$work"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
