#!/usr/bin/env bash
# The command line as users type it: `--flag value` and `--flag=value`, --help per command,
# unknown flags and bad values refused in one line naming the flag (exit 2), `paysim version`,
# `paysim diagram`.
set -euo pipefail
bin="cli/paysim"

fail() { echo "FAIL: $*"; exit 1; }

# expect_usage_error WANT ARGS...: exit status 2 and exactly one line on stderr containing WANT.
expect_usage_error() {
  local want=$1 rc=0 err
  shift
  err=$("$bin" "$@" 2>&1 >/dev/null) || rc=$?
  [ "$rc" -eq 2 ] || fail "paysim $*: exit status $rc, want 2"
  [ "$(wc -l <<<"$err")" -eq 1 ] || fail "paysim $*: more than one line: $err"
  grep -qF -- "$want" <<<"$err" || fail "paysim $*: '$err' lacks '$want'"
}

# ---- both spellings give the same run ----
[ "$("$bin" demo --seed 7)" == "$("$bin" demo --seed=7)" ] || fail "demo --seed 7 != --seed=7"
[ "$("$bin" run --json scenarios/token_reuse.textproto)" == \
  "$("$bin" run scenarios/token_reuse.textproto --json=true)" ] || fail "run --json spellings"

# ---- --help per command, exit 0 ----
for command in demo run serve diagram version; do
  out=$("$bin" "$command" --help) || fail "$command --help exit status $?"
  grep -q "^usage: paysim $command" <<<"$out" || fail "$command --help: $out"
done
"$bin" serve --help | grep -q -- "--port=12111" || fail "serve --help lacks --port"
"$bin" serve -h | grep -q -- "--api-version=" || fail "serve -h lacks --api-version"
"$bin" help serve | grep -q "^usage: paysim serve" || fail "help serve"
"$bin" --help | grep -q "^  serve \[flags\]" || fail "--help lacks serve"

# ---- refusals: one line naming the flag, exit 2 ----
expect_usage_error "unknown flag --verbose" serve --verbose
expect_usage_error "unknown flag --port" demo --port=1
expect_usage_error "flag --port needs a value" serve --port
expect_usage_error "'port'" serve --port=abc
expect_usage_error "'port'" serve --port 70000
expect_usage_error "'clock'" serve --clock=wall
expect_usage_error "'seed'" demo --seed=x
expect_usage_error "unknown command frobnicate" frobnicate
expect_usage_error "no scenario files given" run --json
expect_usage_error "--svg draws one scenario" run --svg=x.svg scenarios/hold_expires.textproto \
  scenarios/token_reuse.textproto
expect_usage_error 'no lifecycle for "nope"' diagram nope

# ---- version ----
out=$("$bin" version)
grep -qE '^paysim [0-9]+\.[0-9]+\.[0-9]+' <<<"$out" || fail "version: $out"
grep -q "^Stripe API version 20" <<<"$out" || fail "version lacks the API version: $out"
[ "$("$bin" --version)" == "$out" ] || fail "--version differs from version"

# ---- diagram ----
list=$("$bin" diagram)
grep -qx "payment_intent" <<<"$list" || fail "diagram list lacks payment_intent: $list"
grep -qx "checkout.session" <<<"$list" || fail "diagram list lacks checkout.session: $list"
"$bin" diagram charge | grep -q '^digraph "charge" {$' || fail "diagram charge"
echo "flags ok"
