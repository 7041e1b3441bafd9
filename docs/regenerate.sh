#!/usr/bin/env bash
# Writes the generated pictures of docs/ again: every lifecycle (docs/lifecycles/R.dot from
# `paysim diagram R`, R.svg drawn by Debian's graphviz) and the hold-expiry timeline
# (docs/timelines/hold_expires.svg from `paysim run --svg`), through //docs:lifecycle_diagrams
# and //docs:timelines. After a lifecycle is added, add it to LIFECYCLES in docs/BUILD.bazel.
#
#   docs/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./bazelw build //docs:lifecycle_diagrams //docs:timelines
bin="$(./bazelw info bazel-bin 2>/dev/null)/docs/generated"
rm -f docs/lifecycles/*.dot docs/lifecycles/*.svg
cp "$bin"/lifecycles/*.dot "$bin"/lifecycles/*.svg docs/lifecycles/
cp "$bin"/timelines/hold_expires.svg docs/timelines/
chmod 644 docs/lifecycles/* docs/timelines/*
echo "docs/lifecycles: $(ls docs/lifecycles | wc -l) files; docs/timelines/hold_expires.svg"
