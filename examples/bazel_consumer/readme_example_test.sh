#!/usr/bin/env bash
# readme_example_test.sh: embedding_test.cc is the README's embedding example, verbatim.
#
# Usage (Bazel): readme_example_test.sh README.md embedding_test.cc
# Fails, printing the difference, when the README's first ```cpp block under "## Embedding paysim
# in your tests" differs from the test file without its two comment lines at the top.
set -euo pipefail
readme=$1
test_file=$2
diff -u \
  <(awk '/^## Embedding paysim in your tests/{f=1} f&&/^```cpp/{g=1;next} g&&/^```/{exit} g{print}' "$readme") \
  <(tail -n +3 "$test_file") &&
  echo "embedding_test.cc is the README's example"
