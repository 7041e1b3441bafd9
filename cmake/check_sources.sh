#!/usr/bin/env bash
# check_sources.sh: fails when a file a BUILD.bazel names is missing from the CMakeLists.txt
# beside it, so a source added to a Bazel target is not forgotten in the CMake build.
#
# Usage: cmake/check_sources.sh      (from anywhere; prints each missing file, exit 1 if any)
#
# Checked: every quoted plain name in a BUILD.bazel ending in .cc, .proto or .sh, and every
# glob pattern ("simulator/*.cc"), against the text of the CMakeLists.txt in the same
# directory. Headers are not checked (CMake needs only the sources; headers are installed by
# directory), nor labels of other packages ("//scenarios:x.textproto") or data files.
# Grep-based and instant: no Bazel query. Directories without a CMake build: fuzz/ (clang's
# libFuzzer; fuzz/bazel.sh), conformance/ (node), docs/, third_party/ stand-ins but tsan/.
set -euo pipefail
cd "$(dirname "$0")/.."

dirs=(bench cli engine engine/webhooks engine/wire proto proto/object_runtime scenarios testing
      tools/objgen)
missing=0
for dir in "${dirs[@]}"; do
  build="$dir/BUILD.bazel"
  cmake="$dir/CMakeLists.txt"
  if [ ! -f "$cmake" ]; then
    echo "check_sources: $cmake is missing"; missing=$((missing + 1)); continue
  fi
  while IFS= read -r name; do
    if ! grep -qwF -- "$name" "$cmake"; then
      echo "check_sources: $dir/$name is named in $build but not in $cmake"
      missing=$((missing + 1))
    fi
  done < <(grep -oE '"[^":/][^":]*\.(cc|proto|sh)"|"[^":]*\*[^":]*"' "$build" | tr -d '"' | sort -u)
done
# third_party/tsan's one source.
grep -qF absl_mutex_annotations.cc third_party/tsan/CMakeLists.txt ||
  { echo "check_sources: third_party/tsan/CMakeLists.txt lacks absl_mutex_annotations.cc"; missing=$((missing + 1)); }

if [ "$missing" -ne 0 ]; then
  echo "check_sources: $missing file(s) named by Bazel but not by CMake"
  exit 1
fi
echo "check_sources: every source of ${#dirs[@]} BUILD.bazel files is in CMake"
