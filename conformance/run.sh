#!/usr/bin/env bash
# conformance/run.sh: the official Stripe Node SDK and the Stripe CLI's triggers (package.json)
# against `paysim serve`.
#
#   ./bazelw build //cli:paysim && npm ci --prefix conformance && conformance/run.sh
#
# Starts bazel-bin/cli/paysim serve --port=0 (PAYSIM_BIN overrides the binary), waits for its
# "paysim listening on http://127.0.0.1:PORT" line, runs `node --test` on seed_flows.test.js,
# then on cli_triggers.test.js (TAP output; the last lines "# pass N" / "# fail N" sum both)
# with PAYSIM_PORT set, stops the server with SIGTERM, and exits with
# node's status (non-zero if the server did not stop cleanly). Without node it prints
# "conformance skipped: node not found" and exits 0. The server's log (webhook deliveries) is
# shown when a test fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v node >/dev/null 2>&1; then
  echo "conformance skipped: node not found"
  exit 0
fi
bin="${PAYSIM_BIN:-$here/../bazel-bin/cli/paysim}"
if [ ! -x "$bin" ]; then
  echo "conformance: $bin is not built (./bazelw build //cli:paysim)" >&2
  exit 1
fi
if [ ! -d node_modules/stripe ]; then
  echo "conformance: the SDK is not installed (npm ci --prefix conformance)" >&2
  exit 1
fi

tmp="$(mktemp -d)"
"$bin" serve --port=0 --seed=42 >"$tmp/server.out" 2>"$tmp/server.err" &
server=$!
cleanup() {
  kill -KILL "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

port=""
for _ in $(seq 200); do
  port=$(sed -nE 's|^paysim listening on http://127\.0\.0\.1:([0-9]+)$|\1|p' "$tmp/server.out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  echo "conformance: paysim serve did not start" >&2
  cat "$tmp/server.err" >&2
  exit 1
fi

# The SDK suite, then the CLI's triggers (one file after the other: each trigger looks for the
# new event of its type). Each run's TAP is shown; the last two lines sum them.
rc=0
total_pass=0
total_fail=0
for suite in seed_flows.test.js cli_triggers.test.js; do
  if [ "$suite" = cli_triggers.test.js ] && [ ! -x node_modules/@stripe/cli-linux-x64/bin/stripe ]; then
    echo "conformance: the Stripe CLI is not installed (npm ci --prefix conformance; Linux x64 only)" >&2
    rc=1
    continue
  fi
  PAYSIM_PORT="$port" node --test --test-reporter=tap "$suite" >"$tmp/tap" 2>&1 || rc=$?
  cat "$tmp/tap"
  pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$tmp/tap" | tail -n1)
  fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$tmp/tap" | tail -n1)
  total_pass=$((total_pass + ${pass:-0}))
  total_fail=$((total_fail + ${fail:-0}))
done
echo "# pass $total_pass"
echo "# fail $total_fail"

kill -TERM "$server"
stopped=0
wait "$server" || stopped=$?
if [ "$stopped" -ne 0 ]; then
  echo "conformance: paysim serve exited with status $stopped after SIGTERM" >&2
  [ "$rc" -eq 0 ] && rc=1
fi
if [ "$rc" -ne 0 ]; then
  echo "--- paysim serve log" >&2
  cat "$tmp/server.err" >&2
fi
exit "$rc"
