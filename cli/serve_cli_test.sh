#!/usr/bin/env bash
# `paysim serve` as a process: the listening line, a charge with curl, two requests on one
# keep-alive connection, the same bytes from the same seed, a busy port, and a clean exit 0
# on SIGTERM and on SIGINT.
set -euo pipefail
bin="cli/paysim"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done' EXIT

fail() { echo "FAIL: $*"; for f in "$tmp"/*.out "$tmp"/*.err; do echo "--- $f"; cat "$f"; done; exit 1; }

# start NAME ARGS...: runs `paysim serve --port=0 ARGS` in the background; sets pid and port.
start() {
  local name=$1; shift
  "$bin" serve --port=0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 200); do
    grep -qE '^paysim listening on http://127\.0\.0\.1:[0-9]+$' "$tmp/$name.out" && break
    kill -0 "$pid" 2>/dev/null || fail "$name exited before listening"
    sleep 0.05
  done
  port=$(sed -nE 's|^paysim listening on http://127\.0\.0\.1:([0-9]+)$|\1|p' "$tmp/$name.out")
  [ -n "$port" ] || fail "$name never printed its listening line"
  [ "$(wc -l <"$tmp/$name.out")" -eq 1 ] || fail "$name printed more than the listening line"
}

# stop PID SIGNAL: sends the signal and expects exit status 0.
stop() {
  local rc=0
  kill "-$2" "$1"
  wait "$1" || rc=$?
  [ "$rc" -eq 0 ] || fail "exit status $rc after SIG$2"
}

charge() {
  curl -s -u sk_test_x: -d amount=999 -d currency=usd -d source=tok_visa \
    "http://127.0.0.1:$1/v1/charges"
}

# ---- a charge ----
start a --seed=42
a_pid=$pid a_port=$port
body=$(charge "$a_port")
for want in '^  "id": "ch_[A-Za-z0-9]{24}",$' '^  "object": "charge",$' '^  "amount": 999,$' \
            '^  "currency": "usd",$' '^  "captured": true,$' '^  "status": "succeeded",$'; do
  grep -qE "$want" <<<"$body" || fail "charge lacks $want: $body"
done

# ---- keep-alive: two requests, one connection ----
curl -sv -u sk_test_x: "http://127.0.0.1:$a_port/v1/charges?limit=1" \
  "http://127.0.0.1:$a_port/v1/balance" >"$tmp/keepalive.body" 2>"$tmp/keepalive.trace"
[ "$(grep -c '^\* Connected to' "$tmp/keepalive.trace")" -eq 1 ] || fail "two connections"
grep -qiE 're-?using existing connection' "$tmp/keepalive.trace" || fail "connection not reused"
[ "$(grep -c '^< HTTP/1.1 200' "$tmp/keepalive.trace")" -eq 2 ] || fail "not two 200s"
grep -q '"object": "balance"' "$tmp/keepalive.body" || fail "no balance in the second response"

# ---- the same seed gives the same bytes ----
start b --seed 42   # the other spelling of a flag
b_pid=$pid b_port=$port
[ "$(charge "$b_port")" == "$body" ] || fail "same seed, different bytes"

# ---- a busy port ----
rc=0
timeout 10 "$bin" serve --port="$a_port" >"$tmp/busy.out" 2>"$tmp/busy.err" || rc=$?
[ "$rc" -eq 1 ] || fail "a busy port gave exit status $rc"
grep -q "cannot listen" "$tmp/busy.err" || fail "no message for a busy port"

# ---- clean stops ----
stop "$a_pid" TERM
stop "$b_pid" INT
echo "serve ok"
