#!/usr/bin/env bash
# `paysim run`: 0 when every expectation holds, 1 with the failing step named, --json lines.
set -euo pipefail
bin="cli/paysim"
out=$("$bin" run scenarios/hold_expires.textproto scenarios/token_reuse.textproto)
grep -q "event charge.expired at day 7" <<<"$out" || { echo "no expiry in timeline: $out"; exit 1; }
grep -q "every expectation held" <<<"$out" || { echo "no success line: $out"; exit 1; }

json=$("$bin" run --json scenarios/hold_expires.textproto)
[ "$(grep -c '"step":' <<<"$json")" -eq 7 ] || { echo "want 7 JSON lines: $json"; exit 1; }

bad="$TEST_TMPDIR/bad.textproto"
cat > "$bad" <<'SCENARIO'
step {
  name: "ch"
  request { method: "POST" path: "/v1/charges" data: "amount=999" data: "currency=usd" data: "source=tok_visa" }
  expect { json: 'status == "failed"' }
}
SCENARIO
set +e
err=$("$bin" run "$bad" 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" -eq 1 ] || { echo "want exit 1, got $rc"; exit 1; }
grep -q 'step 1 (ch): status: expected "failed", got "succeeded"' <<<"$err" || { echo "bad message: $err"; exit 1; }

set +e
"$bin" run 2>/dev/null; rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "want usage exit 2, got $rc"; exit 1; }
echo "run ok"
