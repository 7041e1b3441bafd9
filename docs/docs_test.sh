#!/usr/bin/env bash
# The checked-in pictures match what the engine gives today: every docs/lifecycles/R.dot is
# `paysim diagram R` byte for byte (the dot text, not graphviz's SVG), every lifecycle has its
# .dot and .svg and nothing else is there, docs/BUILD.bazel's list (the arguments) names every
# lifecycle, and docs/timelines/hold_expires.svg is `paysim run --svg` of its scenario.
# On failure: docs/regenerate.sh writes them again.
set -euo pipefail
bin="cli/paysim"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
failed=0
fail() { echo "FAIL: $*"; failed=1; }

listed="$(printf '%s\n' "$@")"
known="$("$bin" diagram)"
[ "$listed" == "$known" ] ||
  fail "docs/BUILD.bazel's LIFECYCLES differs from \`paysim diagram\`: $(diff <(echo "$listed") <(echo "$known") | tr '\n' ' ')"

while IFS= read -r resource; do
  dot="docs/lifecycles/$resource.dot"
  if [ ! -f "$dot" ]; then
    fail "$dot is missing"
    continue
  fi
  "$bin" diagram "$resource" >"$tmp/$resource.dot"
  cmp -s "$dot" "$tmp/$resource.dot" || fail "$dot differs from \`paysim diagram $resource\`:
$(diff "$dot" "$tmp/$resource.dot" | head -20)"
  [ -s "docs/lifecycles/$resource.svg" ] || fail "docs/lifecycles/$resource.svg is missing"
done <<<"$known"

for file in docs/lifecycles/*; do
  resource="$(basename "$file")"
  resource="${resource%.*}"
  grep -qxF "$resource" <<<"$known" || fail "$file: no lifecycle called $resource"
done

"$bin" run --svg "$tmp/hold_expires.svg" scenarios/hold_expires.textproto >/dev/null
cmp -s docs/timelines/hold_expires.svg "$tmp/hold_expires.svg" ||
  fail "docs/timelines/hold_expires.svg differs from \`paysim run --svg\` of its scenario"

if [ "$failed" -ne 0 ]; then
  echo "Regenerate with docs/regenerate.sh"
  exit 1
fi
echo "docs ok"
