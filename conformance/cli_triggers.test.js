// The official Stripe CLI (pinned in package.json) against `paysim serve`: `stripe trigger
// EVENT` runs Stripe's own fixture for EVENT (the requests Stripe's documentation tells
// integrators to replay). A trigger passes when the CLI reports success and a new event of
// that type (or, for the few triggers not named after an event type, the event in EVENT_OF)
// is then listed by `GET /v1/events?type=EVENT`.
//
// Run by conformance/run.sh after the SDK suite, against the same server:
//   PAYSIM_PORT=12111 node --test cli_triggers.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Stripe = require('stripe');

const port = Number(process.env.PAYSIM_PORT);
if (!port) throw new Error('PAYSIM_PORT is not set: run conformance/run.sh');

const key = 'sk_test_cli_triggers';
const stripe = new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' });
// The CLI's own binary, from Stripe's npm package for Linux x64 (package.json; the wrapper
// package `@stripe/cli` lists every platform's package, which this registry does not carry).
const cli = path.join(__dirname, 'node_modules', '@stripe', 'cli-linux-x64', 'bin', 'stripe');
// The CLI keeps its configuration under XDG_CONFIG_HOME: a fresh one, so a developer's own
// login never leaks in; telemetry off (no network here).
const config = fs.mkdtempSync(path.join(os.tmpdir(), 'paysim-stripe-cli-'));
const env = { ...process.env, XDG_CONFIG_HOME: config, STRIPE_CLI_TELEMETRY_OPTOUT: '1' };

// The event families paysim answers today, one trigger each.
const TRIGGERS = [
  'balance.available',
  'billing_portal.configuration.created',
  'billing_portal.configuration.updated',
  'billing_portal.session.created',
  'cash_balance.funds_available',
  'charge.captured',
  'charge.dispute.closed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.failed',
  'charge.refund.updated',
  'charge.refunded',
  'charge.succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.completed',
  'checkout.session.expired',
  'coupon.created',
  'coupon.deleted',
  'coupon.updated',
  'credit_note.created',
  'credit_note.updated',
  'credit_note.voided',
  'customer.created',
  'customer.deleted',
  'customer.discount.created',
  'customer.discount.deleted',
  'customer.discount.updated',
  'customer.source.created',
  'customer.source.updated',
  'customer.subscription.created',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.trial_will_end',
  'customer.subscription.updated',
  'customer.updated',
  'customer_cash_balance_transaction.created',
  'invoice.created',
  'invoice.deleted',
  'invoice.finalized',
  'invoice.marked_uncollectible',
  'invoice.paid',
  'invoice.payment_action_required',
  'invoice.payment_failed',
  'invoice.payment_succeeded',
  'invoice.sent',
  'invoice.updated',
  'invoice.voided',
  'invoiceitem.created',
  'invoiceitem.deleted',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
  'payment_intent.created',
  'payment_intent.partially_funded',
  'payment_intent.payment_failed',
  'payment_intent.processing',
  'payment_intent.requires_action',
  'payment_intent.succeeded',
  'payment_link.created',
  'payment_link.updated',
  'payment_method.attached',
  'payment_method.detached',
  'payment_method.updated',
  'payout.created',
  'payout.updated',
  'plan.created',
  'plan.deleted',
  'plan.updated',
  'price.created',
  'price.updated',
  'product.created',
  'product.deleted',
  'product.updated',
  'promotion_code.created',
  'promotion_code.updated',
  'quote.accepted',
  'quote.canceled',
  'quote.created',
  'quote.finalized',
  'setup_intent.canceled',
  'setup_intent.created',
  'setup_intent.requires_action',
  'setup_intent.setup_failed',
  'setup_intent.succeeded',
  'subscription.payment_failed',
  'subscription.payment_succeeded',
  'subscription_schedule.aborted',
  'subscription_schedule.canceled',
  'subscription_schedule.completed',
  'subscription_schedule.created',
  'subscription_schedule.expiring',
  'subscription_schedule.released',
  'subscription_schedule.updated',
  'tax_rate.created',
  'tax_rate.updated',
  'test_helpers.test_clock.advancing',
  'test_helpers.test_clock.created',
  'test_helpers.test_clock.deleted',
  'test_helpers.test_clock.ready',
  'topup.created',
];

// Triggers whose event comes later on the simulated clock: the seconds to advance it by after
// the fixture ran (a SEPA debit paid through Checkout settles kBankDebitSettlementDelay, 4
// days, after the customer pays; engine/checkout_sessions.h).
const BANK_DEBIT_SETTLEMENT_SECONDS = 4 * 24 * 3600;
const LATER = {
  'checkout.session.async_payment_failed': BANK_DEBIT_SETTLEMENT_SECONDS,
  'checkout.session.async_payment_succeeded': BANK_DEBIT_SETTLEMENT_SECONDS,
};

// Triggers whose fixture moves its own test clock to short of the event: the seconds that
// clock (the newest test clock) is moved on by. subscription_schedule.expiring's fixture stops
// 9 days before its schedule ends; Stripe documents the event 7 days before the end
// (kScheduleExpiringNotice), so the clock goes the 2 days further.
const LATER_ON_TEST_CLOCK = {
  'subscription_schedule.expiring': 2 * 24 * 3600,
};

// Triggers named for what they exercise rather than for an event type: the event each one must
// produce (Stripe has no `subscription.*` events; these fixtures renew nothing, they create a
// subscription whose first invoice is paid, or fails to be paid).
const EVENT_OF = {
  'subscription.payment_failed': 'invoice.payment_failed',
  'subscription.payment_succeeded': 'invoice.payment_succeeded',
};

// Moves the newest test clock `seconds` forward (POST /v1/test_helpers/test_clocks/ID/advance).
async function advanceNewestTestClock(seconds) {
  const clocks = await stripe.testHelpers.testClocks.list({ limit: 1 });
  assert.equal(clocks.data.length, 1, 'the fixture made no test clock');
  const clock = clocks.data[0];
  await stripe.testHelpers.testClocks.advance(clock.id, {
    frozen_time: clock.frozen_time + seconds,
  });
}

// Moves paysim's simulated clock forward (POST /v1/test_helpers/clock/advance).
async function advanceClock(seconds) {
  const response = await fetch(`http://127.0.0.1:${port}/v1/test_helpers/clock/advance`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${key}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: `seconds=${seconds}`,
  });
  assert.equal(response.status, 200, `clock advance failed: ${await response.text()}`);
}

function trigger(type) {
  const args = ['trigger', type, '--api-base', `http://127.0.0.1:${port}`, '--api-key', key];
  return new Promise((resolve) => {
    execFile(cli, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code ?? 1 : 0, output: `${stdout}${stderr}` });
    });
  });
}

async function newestEventId(type) {
  const page = await stripe.events.list({ type, limit: 1 });
  return page.data.length === 0 ? null : page.data[0].id;
}

for (const type of TRIGGERS) {
  test(`stripe trigger ${type}`, async () => {
    const event = EVENT_OF[type] ?? type;
    const before = await newestEventId(event);
    const { code, output } = await trigger(type);
    assert.equal(code, 0, `stripe trigger ${type} failed:\n${output}`);
    assert.match(output, /Trigger succeeded/);
    if (LATER[type]) await advanceClock(LATER[type]);
    if (LATER_ON_TEST_CLOCK[type]) await advanceNewestTestClock(LATER_ON_TEST_CLOCK[type]);
    const after = await newestEventId(event);
    assert.ok(after !== null && after !== before, `no new ${event} event after the trigger`);
  });
}

test.after(() => fs.rmSync(config, { recursive: true, force: true }));
