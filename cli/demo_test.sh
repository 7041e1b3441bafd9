#!/usr/bin/env bash
# `paysim demo` exits 0 only when every step behaved as expected; its output is the same for
# the same seed, and mentions each lifecycle it promises.
set -euo pipefail
bin="cli/paysim"
out1=$("$bin" demo --seed=7)
out2=$("$bin" demo --seed=7)
[ "$out1" == "$out2" ] || { echo "demo output differs between two runs with one seed"; exit 1; }
for want in charge.succeeded charge.captured charge.refunded charge.failed charge.expired \
            balance.available insufficient_funds expired_card charge_expired_for_capture \
            payment_intent.requires_action authentication_required \
            checkout.session.completed "prefilled: visa ending 4242" setup_intent.succeeded \
            payment_method.attached; do
  grep -q "$want" <<<"$out1" || { echo "demo output lacks $want"; echo "$out1"; exit 1; }
done
echo "demo ok"
