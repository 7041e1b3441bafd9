// The official Stripe Node SDK (pinned in package.json) against `paysim serve`: the seed
// flows of a Stripe integration, asserted the way an application sees them (objects, the
// SDK's error classes, idempotent replays, pagination, webhooks verified by the SDK).
//
// Run by conformance/run.sh, which starts the server and sets PAYSIM_PORT:
//   PAYSIM_PORT=12111 node --test seed_flows.test.js
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const Stripe = require('stripe');

const port = Number(process.env.PAYSIM_PORT);
if (!port) throw new Error('PAYSIM_PORT is not set: run conformance/run.sh');

function client(key = 'sk_test_conformance') {
  return new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' });
}
const stripe = client();

// Runs `fn`, which must reject; returns the error.
async function rejection(fn) {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

test('a charge with a test token', async () => {
  const charge = await stripe.charges.create({ amount: 999, currency: 'usd', source: 'tok_visa' });
  assert.match(charge.id, /^ch_[A-Za-z0-9]{24}$/);
  assert.equal(charge.object, 'charge');
  assert.equal(charge.amount, 999);
  assert.equal(charge.currency, 'usd');
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.paid, true);
  assert.equal(charge.captured, true);
  assert.equal(charge.source.last4, '4242');
  assert.equal(charge.source.brand, 'Visa');
  assert.match(charge.balance_transaction, /^txn_/);
  assert.equal(charge.lastResponse.statusCode, 200);
  assert.match(charge.lastResponse.requestId, /^req_/);

  const again = await stripe.charges.retrieve(charge.id, { expand: ['balance_transaction'] });
  assert.equal(again.id, charge.id);
  assert.equal(again.balance_transaction.object, 'balance_transaction');
  assert.equal(again.balance_transaction.amount, 999);
});

test('a charge with a token made from card details', async () => {
  const token = await stripe.tokens.create({
    card: { number: '4000000000000077', exp_month: 12, exp_year: 2030, cvc: '123' },
  });
  assert.match(token.id, /^tok_/);
  assert.equal(token.used, false);
  const charge = await stripe.charges.create({ amount: 2000, currency: 'usd', source: token.id });
  assert.equal(charge.status, 'succeeded');
  assert.equal(charge.source.last4, '0077');
  const reuse = await rejection(() =>
    stripe.charges.create({ amount: 2000, currency: 'usd', source: token.id }));
  assert.ok(reuse instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(reuse.code, 'token_already_used');
});

test('declines are StripeCardError with code and decline_code', async () => {
  const cases = [
    ['tok_chargeDeclined', 'card_declined', 'generic_decline'],
    ['tok_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['tok_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
    ['tok_chargeDeclinedExpiredCard', 'expired_card', undefined],
    ['tok_chargeDeclinedIncorrectCvc', 'incorrect_cvc', undefined],
  ];
  for (const [source, code, declineCode] of cases) {
    const err = await rejection(() =>
      stripe.charges.create({ amount: 999, currency: 'usd', source }));
    assert.ok(err instanceof Stripe.errors.StripeCardError, `${source}: ${err}`);
    assert.equal(err.type, 'StripeCardError');
    assert.equal(err.rawType, 'card_error');
    assert.equal(err.statusCode, 402);
    assert.equal(err.code, code, source);
    if (declineCode !== undefined) assert.equal(err.decline_code, declineCode, source);
    assert.ok(err.message.length > 0);
    assert.match(err.requestId, /^req_/);
    // Stripe keeps the failed charge.
    assert.match(err.raw.charge, /^ch_/);
    const failed = await stripe.charges.retrieve(err.raw.charge);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.failure_code, code);
  }
});

test('capture=false places a hold; capture takes it', async () => {
  const hold = await stripe.charges.create({
    amount: 1500, currency: 'usd', source: 'tok_visa', capture: false,
  });
  assert.equal(hold.captured, false);
  assert.equal(hold.status, 'succeeded');
  assert.equal(hold.amount_captured, 0);

  const captured = await stripe.charges.capture(hold.id);
  assert.equal(captured.captured, true);
  assert.equal(captured.amount_captured, 1500);

  const twice = await rejection(() => stripe.charges.capture(hold.id));
  assert.ok(twice instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(twice.code, 'charge_already_captured');

  const partial = await stripe.charges.create({
    amount: 1500, currency: 'usd', source: 'tok_visa', capture: false,
  });
  const part = await stripe.charges.capture(partial.id, { amount: 1000 });
  assert.equal(part.amount_captured, 1000);
  assert.equal(part.captured, true);
});

test('refunds, full and partial', async () => {
  const charge = await stripe.charges.create({ amount: 3000, currency: 'usd', source: 'tok_visa' });
  const first = await stripe.refunds.create({ charge: charge.id, amount: 1000 });
  assert.match(first.id, /^re_/);
  assert.equal(first.object, 'refund');
  assert.equal(first.amount, 1000);
  assert.equal(first.status, 'succeeded');
  const rest = await stripe.refunds.create({ charge: charge.id });
  assert.equal(rest.amount, 2000);
  const refunded = await stripe.charges.retrieve(charge.id);
  assert.equal(refunded.refunded, true);
  assert.equal(refunded.amount_refunded, 3000);

  const over = await rejection(() => stripe.refunds.create({ charge: charge.id, amount: 1 }));
  assert.ok(over instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(over.code, 'charge_already_refunded');
});

test('a PaymentIntent is refunded by its id', async () => {
  const intent = await stripe.paymentIntents.create({
    amount: 2500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true,
  });
  assert.equal(intent.status, 'succeeded');
  const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 500 });
  assert.equal(refund.payment_intent, intent.id);
  assert.equal(refund.charge, intent.latest_charge);
  assert.equal(refund.amount, 500);

  const open = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd' });
  const none = await rejection(() => stripe.refunds.create({ payment_intent: open.id }));
  assert.ok(none instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(none.message,
    `This PaymentIntent (${open.id}) does not have a successful charge to refund.`);
});

test('an idempotent retry returns the same charge', async () => {
  const key = `conformance-${process.pid}-${Date.now()}`;
  const params = { amount: 4200, currency: 'usd', source: 'tok_visa' };
  const first = await stripe.charges.create(params, { idempotencyKey: key });
  const second = await stripe.charges.create(params, { idempotencyKey: key });
  assert.equal(second.id, first.id);
  assert.equal(second.lastResponse.idempotencyKey, key);
  assert.equal(second.lastResponse.headers['idempotent-replayed'], 'true');

  const other = await rejection(() =>
    stripe.charges.create({ ...params, amount: 4300 }, { idempotencyKey: key }));
  assert.ok(other instanceof Stripe.errors.StripeIdempotencyError, String(other));
  assert.equal(other.statusCode, 400);
});

test('invalid params are StripeInvalidRequestError with param', async () => {
  const cases = [
    [{ currency: 'usd', source: 'tok_visa' }, 'parameter_missing', 'amount'],
    [{ amount: 999, currency: 'usd' }, 'parameter_missing', 'source'],
    [{ amount: 10, currency: 'usd', source: 'tok_visa' }, 'amount_too_small', 'amount'],
    [{ amount: 999, currency: 'usd', source: 'tok_visa', bogus: 'x' }, 'parameter_unknown', 'bogus'],
    [{ amount: 'abc', currency: 'usd', source: 'tok_visa' }, 'parameter_invalid_integer', 'amount'],
  ];
  for (const [params, code, param] of cases) {
    const err = await rejection(() => stripe.charges.create(params));
    assert.ok(err instanceof Stripe.errors.StripeInvalidRequestError, `${code}: ${err}`);
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.rawType, 'invalid_request_error');
    assert.equal(err.statusCode, 400);
    assert.equal(err.code, code);
    assert.equal(err.param, param);
  }
  const missing = await rejection(() => stripe.charges.retrieve('ch_doesnotexist'));
  assert.ok(missing instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.code, 'resource_missing');
  assert.equal(missing.param, 'id');
});

test('a live or missing key is StripeAuthenticationError', async () => {
  const err = await rejection(() => client('sk_live_123').charges.list());
  assert.ok(err instanceof Stripe.errors.StripeAuthenticationError, String(err));
  assert.equal(err.statusCode, 401);
});

test('lists paginate, and the SDK auto-paginates', async () => {
  const customer = await stripe.customers.create({ email: 'list@example.com' });
  for (let i = 0; i < 5; i++) {
    await stripe.charges.create({
      amount: 100 + i * 100, currency: 'usd', source: 'tok_visa', description: `page ${i}`,
      metadata: { customer: customer.id },
    });
  }
  const page = await stripe.charges.list({ limit: 2 });
  assert.equal(page.object, 'list');
  assert.equal(page.data.length, 2);
  assert.equal(page.has_more, true);
  let count = 0;
  let previous = Infinity;
  for await (const charge of stripe.charges.list({ limit: 3 })) {
    assert.ok(charge.created <= previous);
    previous = charge.created;
    count++;
  }
  assert.ok(count >= 7, `auto-pagination saw ${count} charges`);
});

test('webhooks: signed deliveries the SDK verifies, and clock advances', async (t) => {
  const received = [];
  let waiting = null;
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ body, signature: req.headers['stripe-signature'] });
      res.writeHead(200).end();
      if (waiting) waiting();
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => receiver.close(resolve)));
  const waitFor = async (n) => {
    const deadline = Date.now() + 10000;
    while (received.length < n && Date.now() < deadline) {
      await new Promise((resolve) => { waiting = resolve; setTimeout(resolve, 100); });
    }
    assert.ok(received.length >= n, `only ${received.length} of ${n} deliveries`);
  };

  const endpoint = await stripe.webhookEndpoints.create({
    url: `http://127.0.0.1:${receiver.address().port}/hook`,
    enabled_events: ['charge.succeeded', 'charge.expired'],
  });
  t.after(() => stripe.webhookEndpoints.del(endpoint.id));
  assert.match(endpoint.id, /^we_/);
  assert.match(endpoint.secret, /^whsec_/);
  assert.equal(endpoint.status, 'enabled');
  const listed = await stripe.webhookEndpoints.retrieve(endpoint.id);
  assert.equal(listed.secret, undefined);

  const hold = await stripe.charges.create({
    amount: 999, currency: 'usd', source: 'tok_visa', capture: false,
  });
  await waitFor(1);
  const clock = await stripe.rawRequest('GET', '/v1/test_helpers/clock', null);
  // The signature's timestamp is the simulated clock's: verify against it.
  const event = stripe.webhooks.constructEvent(
    received[0].body, received[0].signature, endpoint.secret, 300, undefined,
    clock.frozen_time * 1000);
  assert.equal(event.type, 'charge.succeeded');
  assert.equal(event.data.object.id, hold.id);
  assert.throws(() => stripe.webhooks.constructEvent(
    received[0].body, received[0].signature, 'whsec_wrong', 300, undefined,
    clock.frozen_time * 1000), Stripe.errors.StripeSignatureVerificationError);

  // Seven days later the hold expires; the advance answers after charge.expired is delivered.
  const advanced = await stripe.rawRequest('POST', '/v1/test_helpers/clock/advance',
    { seconds: 7 * 24 * 3600 });
  assert.equal(advanced.frozen_time, clock.frozen_time + 7 * 24 * 3600);
  assert.equal(received.length, 2);
  const expired = stripe.webhooks.constructEvent(
    received[1].body, received[1].signature, endpoint.secret, 300, undefined,
    advanced.frozen_time * 1000);
  assert.equal(expired.type, 'charge.expired');
  assert.equal(expired.data.object.id, hold.id);
  // The body counts its own delivery as pending; once it is answered 2xx the event counts none.
  assert.equal(expired.pending_webhooks, 1);
  assert.equal((await stripe.events.retrieve(expired.id)).pending_webhooks, 0);
  const delivered = await stripe.events.list({ type: 'charge.expired', delivery_success: true });
  assert.ok(delivered.data.some((e) => e.id === expired.id));
  const undelivered = await stripe.events.list({ type: 'charge.expired', delivery_success: false });
  assert.ok(!undelivered.data.some((e) => e.id === expired.id));
  const late = await rejection(() => stripe.charges.capture(hold.id));
  assert.ok(late instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(late.code, 'charge_expired_for_capture');
});

test('search: customers by email and metadata, paged with autoPagingToArray', async () => {
  const tag = `search-${Date.now()}`;
  const made = [];
  for (let i = 0; i < 3; i++) {
    made.push(await stripe.customers.create({
      email: `${tag}-${i}@example.com`, metadata: { tag, index: String(i) },
    }));
  }
  const one = await stripe.customers.search({ query: `email:'${tag}-1@example.com'` });
  assert.equal(one.object, 'search_result');
  assert.deepEqual(one.data.map((c) => c.id), [made[1].id]);
  assert.equal(one.has_more, false);

  // The SDK follows next_page through `page`.
  const all = await stripe.customers
    .search({ query: `metadata['tag']:'${tag}'`, limit: 2 })
    .autoPagingToArray({ limit: 10 });
  assert.deepEqual(all.map((c) => c.id), [made[2].id, made[1].id, made[0].id]);

  const bad = await rejection(() => stripe.customers.search({ query: 'nope:\'x\'' }));
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'query');
});

test('a subscription paid the way Stripe documents: default_incomplete and the invoice\'s confirmation_secret', async () => {
  const customer = await stripe.customers.create({ email: 'sub@example.com' });
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
  assert.equal(subscription.status, 'incomplete');
  assert.equal(subscription.payment_settings.save_default_payment_method, 'on_subscription');
  const invoice = subscription.latest_invoice;
  assert.equal(invoice.object, 'invoice');
  assert.equal(invoice.status, 'open');
  assert.equal(invoice.amount_due, 1500);
  assert.equal(invoice.confirmation_secret.type, 'payment_intent');
  const secret = invoice.confirmation_secret.client_secret;
  assert.match(secret, /^pi_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/);

  // What the browser does with the secret (Stripe.js confirms the PaymentIntent it names).
  const intent = await stripe.paymentIntents.confirm(secret.split('_secret_')[0], {
    payment_method: 'pm_card_visa',
  });
  assert.equal(intent.status, 'succeeded');
  const active = await stripe.subscriptions.retrieve(subscription.id);
  assert.equal(active.status, 'active');
  // on_subscription: the card that paid is the subscription's default for its renewals.
  assert.equal(active.default_payment_method, intent.payment_method);
  assert.equal((await stripe.invoices.retrieve(invoice.id)).status, 'paid');

  // Basil's invoice names no PaymentIntent: its invoice payments do.
  const payments = await stripe.invoicePayments.list({ invoice: invoice.id, status: 'paid' });
  assert.equal(payments.data.length, 1);
  assert.equal(payments.data[0].object, 'invoice_payment');
  assert.equal(payments.data[0].is_default, true);
  assert.equal(payments.data[0].amount_paid, 1500);
  assert.equal(payments.data[0].payment.type, 'payment_intent');
  assert.equal(payments.data[0].payment.payment_intent, intent.id);
  const withPayments = await stripe.invoices.retrieve(invoice.id, { expand: ['payments'] });
  assert.equal(withPayments.payments.data[0].id, payments.data[0].id);
  const one = await stripe.invoicePayments.retrieve(payments.data[0].id);
  assert.equal(one.status, 'paid');

  // The path of integrations written before 2025-03-31.basil is refused in this version.
  const bad = await rejection(() => stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete',
    expand: ['latest_invoice.payment_intent'],
  }));
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'expand');
});

test('an ACH subscription: payment_method_types, a bank account and mandate, active when the debit settles', async () => {
  const customer = await stripe.customers.create({ email: 'ach-sub@example.com' });
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 4900, recurring: { interval: 'month' },
    product_data: { name: 'Team' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: {
      payment_method_types: ['us_bank_account'],
      save_default_payment_method: 'on_subscription',
    },
    expand: ['latest_invoice.confirmation_secret'],
  });
  assert.equal(subscription.status, 'incomplete');
  assert.deepEqual(subscription.payment_settings.payment_method_types, ['us_bank_account']);
  const invoice = subscription.latest_invoice;
  assert.deepEqual(invoice.payment_settings.payment_method_types, ['us_bank_account']);
  const intentId = invoice.confirmation_secret.client_secret.split('_secret_')[0];
  assert.deepEqual((await stripe.paymentIntents.retrieve(intentId)).payment_method_types,
    ['us_bank_account']);

  // What Stripe.js's confirmUsBankAccountPayment sends: the account and the mandate.
  const intent = await stripe.paymentIntents.confirm(intentId, {
    payment_method_data: {
      type: 'us_bank_account',
      us_bank_account: { account_number: '000123456789', routing_number: '110000000' },
      billing_details: { name: 'Jenny Rosen' },
    },
    mandate_data: {
      customer_acceptance: {
        type: 'online', online: { ip_address: '127.0.0.1', user_agent: 'node' },
      },
    },
  });
  assert.equal(intent.status, 'processing');
  assert.equal((await stripe.subscriptions.retrieve(subscription.id)).status, 'incomplete');

  // The debit settles four days later; the subscription is active and the account its default.
  await stripe.rawRequest('POST', '/v1/test_helpers/clock/advance', { seconds: 4 * 86400 });
  const active = await stripe.subscriptions.retrieve(subscription.id);
  assert.equal(active.status, 'active');
  assert.equal(active.default_payment_method, intent.payment_method);
  assert.equal((await stripe.invoices.retrieve(invoice.id)).status, 'paid');

  const bad = await rejection(() => stripe.subscriptions.update(subscription.id, {
    payment_settings: { payment_method_types: ['card', 'bitcoin'] },
  }));
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'payment_settings[payment_method_types][1]');
});

test('a pricing page: createPreview of a new subscription, then the subscription bills it', async () => {
  const customer = await stripe.customers.create({ email: 'preview@example.com' });
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' },
    product_data: { name: 'Seats' },
  });
  // Before any card is saved: the first invoice of three seats.
  const preview = await stripe.invoices.createPreview({
    customer: customer.id,
    subscription_details: { items: [{ price: price.id, quantity: 3 }] },
  });
  assert.equal(preview.id, null);
  assert.equal(preview.amount_due, 7500);
  assert.equal(preview.parent.subscription_details.subscription, null);
  assert.equal(preview.lines.data.length, 1);
  assert.equal((await stripe.subscriptions.list({ customer: customer.id })).data.length, 0);

  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id, quantity: 3 }],
    payment_behavior: 'default_incomplete',
    expand: ['latest_invoice'],
  });
  assert.equal(subscription.latest_invoice.amount_due, preview.amount_due);
  assert.deepEqual(subscription.latest_invoice.lines.data[0].period, preview.lines.data[0].period);

  const bad = await rejection(() => stripe.invoices.createPreview({
    customer: customer.id,
    subscription_details: { items: [{ price: 'price_missing' }] },
  }));
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'subscription_details[items][0][price]');
});

test('usage-based billing: a billing meter, meter events and the renewal that bills them', async () => {
  const meter = await stripe.billing.meters.create({
    display_name: 'API calls',
    event_name: `api_call_${Date.now()}`,
    default_aggregation: { formula: 'sum' },
  });
  assert.equal(meter.object, 'billing.meter');
  assert.equal(meter.status, 'active');
  assert.equal(meter.customer_mapping.event_payload_key, 'stripe_customer_id');

  const start = 1767225600;  // 2026-01-01T00:00:00Z
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
  const customer = await stripe.customers.create({
    test_clock: clock.id, payment_method: 'pm_card_visa',
  });
  const cards = await stripe.customers.listPaymentMethods(customer.id);
  await stripe.customers.update(customer.id, {
    invoice_settings: { default_payment_method: cards.data[0].id },
  });
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 3, product_data: { name: 'API' },
    recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
  });
  assert.equal(price.recurring.meter, meter.id);
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }],
  });
  assert.equal(subscription.status, 'active');

  for (const [value, identifier] of [['40', 'call-1'], ['2', 'call-2'], ['9', 'call-3']]) {
    const event = await stripe.billing.meterEvents.create({
      event_name: meter.event_name, identifier,
      payload: { stripe_customer_id: customer.id, value },
    });
    assert.equal(event.object, 'billing.meter_event');
    assert.equal(event.timestamp, start);
  }
  const adjustment = await stripe.billing.meterEventAdjustments.create({
    event_name: meter.event_name, type: 'cancel', cancel: { identifier: 'call-3' },
  });
  assert.equal(adjustment.status, 'pending');
  const summaries = await stripe.billing.meters.listEventSummaries(meter.id, {
    customer: customer.id, start_time: start, end_time: start + 3600,
  });
  assert.equal(summaries.data.length, 1);
  assert.equal(summaries.data[0].aggregated_value, 42);

  // A month later the renewal bills January's 42 calls.
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: start + 31 * 86400 + 7200 });
  const invoices = await stripe.invoices.list({ subscription: subscription.id });
  assert.equal(invoices.data.length, 2);
  const renewal = invoices.data[0];
  assert.equal(renewal.billing_reason, 'subscription_cycle');
  assert.equal(renewal.status, 'paid');
  assert.equal(renewal.amount_paid, 126);
  assert.equal(renewal.lines.data[0].quantity, 42);
  assert.equal(renewal.lines.data[0].period.start, start);

  const deactivated = await stripe.billing.meters.deactivate(meter.id);
  assert.equal(deactivated.status, 'inactive');
  const bad = await rejection(() => stripe.prices.create({
    currency: 'usd', unit_amount: 3, product_data: { name: 'API' },
    recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
  }));
  assert.ok(bad instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(bad.param, 'recurring[meter]');
});

test('a credit note on a discounted, taxed invoice: its share of the discount, the tax, the refund', async () => {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
  const [card] = (await stripe.customers.listPaymentMethods(customer.id)).data;
  const rate = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 10, inclusive: false });
  const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever' });
  await stripe.invoiceItems.create({
    customer: customer.id, currency: 'usd', unit_amount: 1000, quantity: 2, tax_rates: [rate.id],
  });
  const draft = await stripe.invoices.create({
    customer: customer.id, pending_invoice_items_behavior: 'include', discounts: [{ coupon: coupon.id }],
  });
  await stripe.invoices.finalizeInvoice(draft.id);
  const invoice = await stripe.invoices.pay(draft.id, { payment_method: card.id });
  assert.equal(invoice.status, 'paid');
  assert.equal(invoice.total, 1650);  // 2000 - 500 + 10% of 1500

  const line = invoice.lines.data[0];
  const preview = await stripe.creditNotes.preview({
    invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: line.id, quantity: 1 }],
  });
  assert.equal(preview.total, 825);
  const note = await stripe.creditNotes.create({
    invoice: invoice.id, refund_amount: 825,
    lines: [{ type: 'invoice_line_item', invoice_line_item: line.id, quantity: 1 }],
  });
  assert.equal(note.type, 'post_payment');
  assert.equal(note.subtotal, 1000);
  assert.equal(note.discount_amount, 250);
  assert.equal(note.total_taxes[0].amount, 75);
  assert.equal(note.total, 825);
  assert.equal(note.refunds.length, 1);
  assert.equal(note.refunds[0].amount_refunded, 825);
  const refund = await stripe.refunds.retrieve(note.refunds[0].refund);
  assert.equal(refund.amount, 825);
  assert.equal(note.lines.data[0].pretax_credit_amounts[0].type, 'discount');
  assert.equal((await stripe.invoices.retrieve(invoice.id)).post_payment_credit_notes_amount, 825);
});

test('pending updates: a declined upgrade waits in pending_update and applies once paid', async () => {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
  const [visa] = (await stripe.customers.listPaymentMethods(customer.id)).data;
  const product = await stripe.products.create({ name: 'Seats' });
  const basic = await stripe.prices.create({
    product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' },
  });
  const gold = await stripe.prices.create({
    product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: basic.id }], default_payment_method: visa.id,
  });
  assert.equal(subscription.status, 'active');
  const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });

  const upgrade = {
    items: [{ id: subscription.items.data[0].id, price: gold.id }],
    proration_behavior: 'always_invoice',
    payment_behavior: 'pending_if_incomplete',
    metadata: { plan: 'gold' },
  };
  // `metadata` joins a pending update from 2026-05-27.dahlia on (this SDK pins an older
  // version, which refuses it).
  await assert.rejects(
    stripe.subscriptions.update(subscription.id, upgrade),
    (err) => err.type === 'StripeInvalidRequestError' && err.param === 'metadata',
  );
  const held = await stripe.subscriptions.update(subscription.id, upgrade,
    { apiVersion: '2026-05-27.dahlia' });
  assert.equal(held.items.data[0].price.id, basic.id);
  assert.equal(held.metadata.plan, undefined);
  assert.deepEqual(held.pending_update.metadata, { plan: 'gold' });
  assert.equal(held.status, 'active');
  assert.equal(held.pending_update.subscription_items[0].price.id, gold.id);
  assert.ok(held.pending_update.expires_at > held.created);
  const invoice = await stripe.invoices.retrieve(held.latest_invoice);
  assert.equal(invoice.status, 'open');

  await assert.rejects(
    stripe.subscriptions.update(subscription.id, {
      payment_behavior: 'pending_if_incomplete', description: 'not with pending updates',
    }),
    (err) => err.type === 'StripeInvalidRequestError' && err.param === 'description',
  );

  await stripe.invoices.pay(invoice.id, { payment_method: visa.id });
  const applied = await stripe.subscriptions.retrieve(subscription.id);
  assert.equal(applied.pending_update, null);
  assert.equal(applied.items.data[0].price.id, gold.id);
  assert.equal(applied.metadata.plan, 'gold');
  const events = await stripe.events.list({ type: 'customer.subscription.pending_update_applied', limit: 3 });
  assert.equal(events.data[0].data.object.id, subscription.id);
});

test('card sources: a PaymentIntent and a subscription paid with the customer\'s default source', async () => {
  const customer = await stripe.customers.create({ source: 'tok_mastercard' });
  const card = customer.default_source;
  assert.match(card, /^card_/);

  const confirmed = await stripe.paymentIntents.create({
    amount: 1500, currency: 'usd', customer: customer.id, confirm: true,
    expand: ['latest_charge', 'payment_method'],
  });
  assert.equal(confirmed.status, 'succeeded');
  assert.equal(confirmed.payment_method.id, card);
  assert.equal(confirmed.payment_method.object, 'payment_method');
  assert.equal(confirmed.payment_method.card.last4, '4444');
  assert.equal(confirmed.latest_charge.source.id, card);

  const asPaymentMethod = await stripe.paymentMethods.retrieve(card);
  assert.equal(asPaymentMethod.customer, customer.id);
  assert.equal(asPaymentMethod.type, 'card');

  // The customer's PaymentMethod list holds the card beside an attached PaymentMethod.
  await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  const listed = await stripe.customers.listPaymentMethods(customer.id, { type: 'card' });
  assert.equal(listed.data.length, 2);
  assert.ok(listed.data.some((pm) => pm.id === card && pm.card.last4 === '4444'));
  const viaAutoPaging = await stripe.paymentMethods.list({ customer: customer.id, limit: 1 })
    .autoPagingToArray({ limit: 10 });
  assert.deepEqual(viaAutoPaging.map((pm) => pm.id), listed.data.map((pm) => pm.id));

  const other = await stripe.customers.create({ source: 'tok_visa' });
  const refused = await rejection(() => stripe.paymentIntents.create({
    amount: 1500, currency: 'usd', customer: other.id, payment_method: card, confirm: true,
  }));
  assert.equal(refused.type, 'StripeInvalidRequestError');
  assert.equal(refused.param, 'payment_method');

  const product = await stripe.products.create({ name: 'Newsletter' });
  const price = await stripe.prices.create({
    product: product.id, currency: 'usd', unit_amount: 700, recurring: { interval: 'month' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }],
    expand: ['latest_invoice'],
  });
  assert.equal(subscription.status, 'active');
  assert.equal(subscription.latest_invoice.status, 'paid');
});

test('invoice footers and custom fields: the customer\'s defaults, replaced on create, changed while open', async () => {
  const customer = await stripe.customers.create({
    invoice_settings: {
      footer: 'Thank you for your business.',
      custom_fields: [{ name: 'PO number', value: '4471' }],
    },
  });
  assert.equal(customer.invoice_settings.footer, 'Thank you for your business.');
  assert.deepEqual(customer.invoice_settings.custom_fields, [{ name: 'PO number', value: '4471' }]);
  await stripe.invoiceItems.create({ customer: customer.id, amount: 2500, currency: 'usd' });
  const invoice = await stripe.invoices.create({
    customer: customer.id, collection_method: 'send_invoice', days_until_due: 30,
    pending_invoice_items_behavior: 'include',
  });
  assert.equal(invoice.footer, 'Thank you for your business.');
  assert.deepEqual(invoice.custom_fields, [{ name: 'PO number', value: '4471' }]);
  const own = await stripe.invoices.create({ customer: customer.id, footer: 'Paid by wire.' });
  assert.equal(own.footer, 'Paid by wire.');
  const bare = await stripe.invoices.create({ customer: customer.id, custom_fields: '' });
  assert.equal(bare.custom_fields, null);

  const open = await stripe.invoices.finalizeInvoice(invoice.id);
  assert.equal(open.status, 'open');
  const changed = await stripe.invoices.update(invoice.id, { footer: 'Questions? Write to us.' });
  assert.equal(changed.footer, 'Questions? Write to us.');
  const cleared = await stripe.invoices.update(invoice.id, {
    footer: '', custom_fields: [{ name: 'Ref', value: 'R-9' }],
  });
  assert.equal(cleared.footer, null);
  assert.deepEqual(cleared.custom_fields, [{ name: 'Ref', value: 'R-9' }]);

  const refused = await rejection(() => stripe.invoices.update(invoice.id, {
    footer: 'x'.repeat(5001),
  }));
  assert.equal(refused.type, 'StripeInvalidRequestError');
  assert.equal(refused.param, 'footer');
});

test('partial payments: two PaymentIntents attached to a sent invoice pay it', async () => {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
  await stripe.invoiceItems.create({ customer: customer.id, amount: 3000, currency: 'usd' });
  const draft = await stripe.invoices.create({
    customer: customer.id, collection_method: 'send_invoice', days_until_due: 30,
    pending_invoice_items_behavior: 'include',
  });
  const invoice = await stripe.invoices.finalizeInvoice(draft.id);
  assert.equal(invoice.amount_remaining, 3000);

  const deposit = await stripe.paymentIntents.create({
    amount: 1000, currency: 'usd', customer: customer.id,
  });
  const attached = await stripe.invoices.attachPayment(invoice.id, {
    payment_intent: deposit.id, expand: ['payments'],
  });
  const open = attached.payments.data.find((p) => p.payment.payment_intent === deposit.id);
  assert.equal(open.status, 'open');
  assert.equal(open.is_default, false);
  assert.equal(open.amount_requested, 1000);
  await stripe.paymentIntents.confirm(deposit.id, { payment_method: 'pm_card_visa' });
  const partly = await stripe.invoices.retrieve(invoice.id);
  assert.equal(partly.status, 'open');
  assert.equal(partly.amount_paid, 1000);
  assert.equal(partly.amount_remaining, 2000);

  // More than is left is refused; the rest pays the invoice.
  const tooMuch = await stripe.paymentIntents.create({
    amount: 2500, currency: 'usd', customer: customer.id,
  });
  const refused = await rejection(() => stripe.invoices.attachPayment(invoice.id, {
    payment_intent: tooMuch.id,
  }));
  assert.equal(refused.type, 'StripeInvalidRequestError');
  assert.equal(refused.param, 'payment_intent');
  const rest = await stripe.paymentIntents.create({
    amount: 2000, currency: 'usd', customer: customer.id,
    payment_method: 'pm_card_visa', confirm: true,
  });
  const paid = await stripe.invoices.attachPayment(invoice.id, { payment_intent: rest.id });
  assert.equal(paid.status, 'paid');
  assert.equal(paid.amount_paid, 3000);
  const payments = await stripe.invoicePayments.list({ invoice: invoice.id, status: 'paid' });
  assert.equal(payments.data.length, 2);
});

test('saving a card: a SetupIntent updated with its customer and card, then confirmed', async () => {
  const customer = await stripe.customers.create({ email: 'save@example.com' });
  const intent = await stripe.setupIntents.create({ usage: 'off_session' });
  assert.equal(intent.status, 'requires_payment_method');
  const updated = await stripe.setupIntents.update(intent.id, {
    customer: customer.id,
    payment_method: 'pm_card_visa',
    metadata: { plan: 'pro' },
    payment_method_options: { card: { request_three_d_secure: 'any' } },
  });
  assert.equal(updated.status, 'requires_confirmation');
  assert.equal(updated.customer, customer.id);
  assert.equal(updated.payment_method_options.card.request_three_d_secure, 'any');
  const done = await stripe.setupIntents.confirm(intent.id);
  assert.equal(done.status, 'succeeded');
  const saved = await stripe.customers.listPaymentMethods(customer.id);
  assert.equal(saved.data.length, 1);
  const late = await rejection(() => stripe.setupIntents.update(intent.id, { description: 'x' }));
  assert.ok(late instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(late.code, 'setup_intent_unexpected_state');
});

test('Checkout on a billing date: the stub up to subscription_data[billing_cycle_anchor] is charged', async () => {
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 3100, recurring: { interval: 'month' },
    product_data: { name: 'Pro' },
  });
  const anchor = price.created + 10 * 86400;
  const params = {
    mode: 'subscription',
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: 'https://example.com/done',
    subscription_data: { billing_cycle_anchor: anchor },
  };
  const session = await stripe.checkout.sessions.create(params);
  // Ten days of the month that ends at the anchor (28 to 31 days long).
  assert.ok(session.amount_total >= 1000 && session.amount_total <= 1108, session.amount_total);
  const paid = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'anchor@example.com' });
  assert.equal(paid.status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
  assert.equal(done.subscription.billing_cycle_anchor, anchor);
  assert.equal(done.subscription.items.data[0].current_period_end, anchor);
  assert.equal((await stripe.invoices.retrieve(done.invoice)).amount_paid, done.amount_total);

  const free = await stripe.checkout.sessions.create({
    ...params, subscription_data: { billing_cycle_anchor: anchor, proration_behavior: 'none' },
  });
  assert.equal(free.amount_total, 0);
  const late = await rejection(() => stripe.checkout.sessions.create({
    ...params, subscription_data: { billing_cycle_anchor: price.created + 40 * 86400 },
  }));
  assert.equal(late.param, 'subscription_data[billing_cycle_anchor]');
});

test('a Payment Link with payment_intent_data and consent_collection: its sessions\' PaymentIntents take them', async () => {
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 4200, product_data: { name: 'Lamp' },
  });
  const link = await stripe.paymentLinks.create({
    line_items: [{ price: price.id, quantity: 1 }],
    payment_intent_data: {
      capture_method: 'manual', description: 'Lamp order', metadata: { channel: 'link' },
      statement_descriptor_suffix: 'LAMP', transfer_group: 'order_42',
    },
    consent_collection: { terms_of_service: 'required' },
  });
  assert.equal(link.payment_intent_data.capture_method, 'manual');
  assert.equal(link.payment_intent_data.statement_descriptor, null);
  assert.equal(link.consent_collection.terms_of_service, 'required');
  const session = await stripe.rawRequest('POST',
    `/v1/test_helpers/payment_links/${link.id}/open`, {});
  const paid = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'lamp@example.com' });
  assert.equal(paid.status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id);
  assert.equal(done.consent.terms_of_service, 'accepted');
  const intent = await stripe.paymentIntents.retrieve(done.payment_intent);
  assert.equal(intent.status, 'requires_capture');
  assert.equal(intent.description, 'Lamp order');
  assert.equal(intent.transfer_group, 'order_42');
  assert.equal(intent.metadata.channel, 'link');
  const updated = await stripe.paymentLinks.update(link.id, {
    payment_intent_data: { description: '', metadata: { channel: 'web' } },
    consent_collection: '',
  });
  assert.equal(updated.payment_intent_data.description, null);
  assert.deepEqual(updated.payment_intent_data.metadata, { channel: 'web' });
  assert.equal(updated.consent_collection, null);
  const refused = await rejection(() => stripe.paymentLinks.update(link.id, {
    payment_intent_data: { statement_descriptor: 'LAMPS' },
  }));
  assert.ok(refused instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(refused.param, 'payment_intent_data[statement_descriptor]');
});

test('adjustable quantities: the customer changes a quantity on the Checkout page and pays the new total', async () => {
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 1500, product_data: { name: 'Ticket' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/done',
    line_items: [{
      price: price.id, quantity: 2,
      adjustable_quantity: { enabled: true, minimum: 1, maximum: 6 },
    }],
  });
  assert.equal(session.amount_total, 3000);
  const lines = await stripe.checkout.sessions.listLineItems(session.id);
  const path = `/v1/test_helpers/checkout/sessions/${session.id}/quantity`;
  await stripe.rawRequest('POST', path, { line_item: lines.data[0].id, quantity: 5 });
  assert.equal((await stripe.checkout.sessions.retrieve(session.id)).amount_total, 7500);
  const tooMany = await rejection(() => stripe.rawRequest('POST', path,
    { line_item: lines.data[0].id, quantity: 7 }));
  assert.ok(tooMany instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(tooMany.param, 'quantity');
  const paid = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'tickets@example.com' });
  assert.equal(paid.status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
  assert.equal(done.payment_intent.amount_received, 7500);
});

test('custom fields: the customer fills them in on the Checkout page; the completed session holds the values', async () => {
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 2500, product_data: { name: 'Workshop' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/done',
    line_items: [{ price: price.id, quantity: 1 }],
    custom_fields: [
      { key: 'company', label: { type: 'custom', custom: 'Company' }, type: 'text' },
      {
        key: 'seat', label: { type: 'custom', custom: 'Seat' }, type: 'dropdown',
        dropdown: { options: [{ label: 'Front', value: 'front' }, { label: 'Back', value: 'back' }] },
      },
    ],
  });
  assert.equal(session.custom_fields.length, 2);
  assert.equal(session.custom_fields[0].text.value, null);
  const pay = (fields) => stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'w@example.com', custom_fields: fields });
  const missing = await rejection(() => pay({ seat: 'front' }));
  assert.ok(missing instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(missing.param, 'custom_fields[company]');
  assert.equal((await pay({ company: 'Acme', seat: 'back' })).status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id);
  assert.equal(done.custom_fields[0].text.value, 'Acme');
  assert.equal(done.custom_fields[1].dropdown.value, 'back');
});

test('post-payment invoices: a guest\'s Checkout payment makes a customer and a paid invoice', async () => {
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 1200, product_data: { name: 'Course' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/done',
    line_items: [{ price: price.id, quantity: 2 }],
    locale: 'auto',
    submit_type: 'pay',
    invoice_creation: {
      enabled: true,
      invoice_data: {
        description: 'Course order', footer: 'Thanks', metadata: { order: 'c-1' },
        custom_fields: [{ name: 'Cohort', value: 'May' }],
        rendering_options: { amount_tax_display: 'exclude_tax' },
      },
    },
  });
  assert.equal(session.invoice_creation.enabled, true);
  assert.equal(session.invoice_creation.invoice_data.rendering_options.amount_tax_display,
    'exclude_tax');
  assert.equal(session.invoice, null);
  assert.equal(session.locale, 'auto');
  assert.equal(session.submit_type, 'pay');
  const paid = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'learner@example.com' });
  assert.equal(paid.status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['invoice'] });
  assert.ok(done.customer.startsWith('cus_'));
  assert.equal(done.invoice.status, 'paid');
  assert.equal(done.invoice.customer, done.customer);
  assert.equal(done.invoice.amount_paid, 2400);
  assert.equal(done.invoice.description, 'Course order');
  assert.deepEqual(done.invoice.custom_fields, [{ name: 'Cohort', value: 'May' }]);
  assert.equal(done.invoice.lines.data[0].quantity, 2);
  const setup = await rejection(() => stripe.checkout.sessions.create({
    mode: 'setup', currency: 'usd', success_url: 'https://example.com/done',
    invoice_creation: { enabled: true },
  }));
  assert.ok(setup instanceof Stripe.errors.StripeInvalidRequestError);
  assert.equal(setup.param, 'invoice_creation[enabled]');
  // A Payment Link passes it to its sessions.
  const link = await stripe.paymentLinks.create({
    line_items: [{ price: price.id, quantity: 1 }],
    invoice_creation: { enabled: true, invoice_data: { footer: 'Link order' } },
    custom_text: { submit: { message: 'You will get an invoice' } },
    custom_fields: [{
      key: 'gift', label: { type: 'custom', custom: 'Gift note' }, type: 'text', optional: true,
    }],
  });
  assert.equal(link.custom_fields[0].key, 'gift');
  assert.equal('value' in link.custom_fields[0].text, false);
  assert.equal(link.invoice_creation.enabled, true);
  assert.deepEqual(link.custom_text.submit, { message: 'You will get an invoice' });
  assert.equal(link.custom_text.after_submit, null);
  const opened = await stripe.rawRequest('POST',
    `/v1/test_helpers/payment_links/${link.id}/open`, {});
  await stripe.rawRequest('POST', `/v1/test_helpers/checkout/sessions/${opened.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'linked@example.com' });
  const linked = await stripe.checkout.sessions.retrieve(opened.id, { expand: ['invoice'] });
  assert.equal(linked.custom_text.submit.message, 'You will get an invoice');
  assert.equal(linked.custom_fields[0].text.value, null);  // optional, left empty
  assert.equal(linked.invoice.status, 'paid');
  assert.equal(linked.invoice.footer, 'Link order');
});

test('abandoned carts: an expired session\'s recovery URL makes a copy of it', async () => {
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 1800, product_data: { name: 'Lamp' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/done',
    line_items: [{ price: price.id, quantity: 1 }],
    metadata: { cart: 'k-7' },
    after_expiration: { recovery: { enabled: true, allow_promotion_codes: true } },
  });
  assert.deepEqual(session.after_expiration.recovery,
    { allow_promotion_codes: true, enabled: true, expires_at: null, url: null });
  assert.equal(session.recovered_from, null);
  const expired = await stripe.checkout.sessions.expire(session.id);
  assert.equal(expired.status, 'expired');
  assert.ok(expired.after_expiration.recovery.url.startsWith('https://'));
  const events = await stripe.events.list({ type: 'checkout.session.expired', limit: 1 });
  assert.equal(events.data[0].data.object.after_expiration.recovery.url,
    expired.after_expiration.recovery.url);
  // The URL works for 30 days from the expiry.
  assert.equal(expired.after_expiration.recovery.expires_at,
    events.data[0].created + 30 * 24 * 3600);
  const page = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/recover`, {});
  const copy = await stripe.checkout.sessions.retrieve(page.checkout_session);
  assert.equal(copy.status, 'open');
  assert.equal(copy.recovered_from, session.id);
  assert.equal(copy.amount_total, 1800);
  assert.equal(copy.metadata.cart, 'k-7');
  assert.equal(copy.allow_promotion_codes, true);
  const tagged = await stripe.checkout.sessions.update(copy.id, { metadata: { order: '6735' } });
  assert.deepEqual(tagged.metadata, { cart: 'k-7', order: '6735' });
  const missing = await rejection(() => stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/done',
    line_items: [{ price: price.id, quantity: 1 }],
    after_expiration: { recovery: { allow_promotion_codes: true } },
  }));
  assert.equal(missing.param, 'after_expiration[recovery][enabled]');
});

test('optional items: the customer adds a warranty on the page and pays for it', async () => {
  const kettle = await stripe.prices.create({
    currency: 'usd', unit_amount: 4000, product_data: { name: 'Kettle' },
  });
  const warranty = await stripe.prices.create({
    currency: 'usd', unit_amount: 900, product_data: { name: 'Two-year warranty' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    success_url: 'https://example.com/done',
    line_items: [{ price: kettle.id, quantity: 1 }],
    optional_items: [{
      price: warranty.id, quantity: 1,
      adjustable_quantity: { enabled: true, maximum: 2 },
    }],
  });
  assert.deepEqual(session.optional_items, [{
    adjustable_quantity: { enabled: true, maximum: 2, minimum: null },
    price: warranty.id, quantity: 1,
  }]);
  assert.equal(session.amount_total, 4000);
  await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/optional_items`, { price: warranty.id });
  const items = await stripe.checkout.sessions.listLineItems(session.id);
  assert.deepEqual(items.data.map((item) => item.price.id), [kettle.id, warranty.id]);
  const again = await rejection(() => stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/optional_items`, { price: warranty.id }));
  assert.equal(again.param, 'price');
  const paid = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'kettle@example.com' });
  assert.equal(paid.status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
  assert.equal(done.amount_total, 4900);
  assert.equal(done.payment_intent.amount_received, 4900);
  const unpriced = await rejection(() => stripe.checkout.sessions.create({
    mode: 'payment', success_url: 'https://example.com/done',
    line_items: [{ price: kettle.id, quantity: 1 }],
    optional_items: [{ price: warranty.id }],
  }));
  assert.equal(unpriced.param, 'optional_items[0][quantity]');
  const link = await stripe.paymentLinks.create({
    line_items: [{ price: kettle.id, quantity: 1 }],
    optional_items: [{ price: warranty.id, quantity: 1 }],
  });
  assert.equal(link.optional_items.length, 1);
  const replaced = await stripe.paymentLinks.update(link.id, {
    optional_items: [{ price: warranty.id, quantity: 2 }],
  });
  assert.equal(replaced.optional_items[0].quantity, 2);
  const emptied = await stripe.paymentLinks.update(link.id, { optional_items: '' });
  assert.equal(emptied.optional_items, null);
});

test('dynamic shipping: the server sets the address and the options it allows', async () => {
  const lamp = await stripe.prices.create({
    currency: 'usd', unit_amount: 3000, product_data: { name: 'Lamp' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    ui_mode: 'embedded',  // the SDK's pinned version's name
    return_url: 'https://example.com/return',
    permissions: { update_shipping_details: 'server_only' },
    shipping_address_collection: { allowed_countries: ['US', 'CA'] },
    line_items: [{ price: lamp.id, quantity: 1 }],
  });
  assert.deepEqual(session.permissions, { update_shipping_details: 'server_only' });
  assert.equal(session.collected_information, null);
  const address = {
    name: 'Jenny Rosen', address: { line1: '1 Main St', postal_code: '12345', country: 'US' },
  };
  const updated = await stripe.checkout.sessions.update(session.id, {
    collected_information: { shipping_details: address },
    shipping_options: [{
      shipping_rate_data: {
        display_name: 'Ground', type: 'fixed_amount',
        fixed_amount: { amount: 700, currency: 'usd' },
      },
    }],
  });
  assert.equal(updated.collected_information.shipping_details.address.line1, '1 Main St');
  assert.equal(updated.shipping_cost.amount_total, 700);
  assert.equal(updated.amount_total, 3700);
  const removed = await stripe.checkout.sessions.update(session.id, { shipping_options: '' });
  assert.deepEqual(removed.shipping_options, []);
  assert.equal(removed.shipping_cost, null);
  assert.equal(removed.amount_total, 3000);
  const abroad = await rejection(() => stripe.checkout.sessions.update(session.id, {
    collected_information: {
      shipping_details: { ...address, address: { line1: '1 Rue', country: 'FR' } },
    },
  }));
  assert.equal(abroad.param, 'collected_information[shipping_details][address][country]');
  const own = await rejection(() => stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'lamp@example.com', shipping: address }));
  assert.equal(own.param, 'shipping');
  const paid = await stripe.rawRequest('POST',
    `/v1/test_helpers/checkout/sessions/${session.id}/pay`,
    { payment_method: 'pm_card_visa', email: 'lamp@example.com' });
  assert.equal(paid.status, 'complete');
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
  assert.equal(done.payment_intent.amount_received, 3000);
  assert.equal(done.payment_intent.shipping.address.postal_code, '12345');
});

test('dynamic line items: the server replaces a custom-ui session\'s cart', async () => {
  const dahlia = { apiVersion: '2026-05-27.dahlia' };  // line items update from 2025-12-15.clover
  const tea = await stripe.prices.create({
    currency: 'usd', unit_amount: 800, product_data: { name: 'Tea' },
  });
  const pot = await stripe.prices.create({
    currency: 'usd', unit_amount: 2500, product_data: { name: 'Pot' },
  });
  const session = await stripe.checkout.sessions.create({
    mode: 'payment',
    ui_mode: 'elements',
    return_url: 'https://example.com/return',
    line_items: [{ price: tea.id, quantity: 1 }],
  }, dahlia);
  const teaLine = session.line_items === undefined
    ? (await stripe.checkout.sessions.listLineItems(session.id)).data[0].id
    : session.line_items.data[0].id;
  const updated = await stripe.checkout.sessions.update(session.id, {
    line_items: [{ id: teaLine, quantity: 3 }, { price: pot.id, quantity: 1 }],
  }, dahlia);
  assert.equal(updated.amount_total, 4900);
  const lines = await stripe.checkout.sessions.listLineItems(session.id);
  assert.deepEqual(lines.data.map((line) => [line.id === teaLine, line.price.id, line.quantity]),
    [[true, tea.id, 3], [false, pot.id, 1]]);
  const unknown = await rejection(() => stripe.checkout.sessions.update(session.id, {
    line_items: [{ id: 'li_missing' }],
  }, dahlia));
  assert.equal(unknown.param, 'line_items[0][id]');
  const older = await rejection(() => stripe.checkout.sessions.update(session.id, {
    line_items: [{ id: teaLine, quantity: 1 }],
  }));
  assert.equal(older.param, 'line_items');
});

test('portal deep links: a cancel flow with a retention coupon, then the customer cancels', async () => {
  const customer = await stripe.customers.create({ email: 'portal@example.com' });
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, {
    invoice_settings: { default_payment_method: pm.id },
  });
  const price = await stripe.prices.create({
    currency: 'usd', unit_amount: 900, recurring: { interval: 'month' },
    product_data: { name: 'Portal plan' },
  });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id, items: [{ price: price.id }],
  });
  assert.equal(subscription.status, 'active');
  const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'once' });
  const session = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    return_url: 'https://example.com/account',
    flow_data: {
      type: 'subscription_cancel',
      subscription_cancel: {
        subscription: subscription.id,
        retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
      },
      after_completion: { type: 'redirect', redirect: { return_url: 'https://example.com/bye' } },
    },
  });
  assert.equal(session.object, 'billing_portal.session');
  assert.match(session.url, /^https:\/\/billing\.stripe\.com\/p\/session\/test_/);
  assert.equal(session.flow.type, 'subscription_cancel');
  assert.equal(session.flow.subscription_cancel.subscription, subscription.id);
  assert.equal(session.flow.subscription_cancel.retention.coupon_offer.coupon, coupon.id);
  assert.equal(session.flow.after_completion.redirect.return_url, 'https://example.com/bye');
  assert.equal(session.flow.subscription_update, null);

  // What the customer does in the portal, the test does through the API.
  const canceled = await stripe.subscriptions.cancel(subscription.id);
  assert.equal(canceled.status, 'canceled');
  const err = await rejection(() => stripe.billingPortal.sessions.create({
    customer: customer.id,
    flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: subscription.id } },
  }));
  assert.equal(err.type, 'StripeInvalidRequestError');
  assert.equal(err.param, 'flow_data[subscription_cancel][subscription]');

  // The events of both, listed together (`types`, as the SDK sends an array).
  const events = await stripe.events.list({
    types: ['billing_portal.session.created', 'customer.subscription.deleted'], limit: 2,
  });
  assert.deepEqual(events.data.map((e) => e.type),
    ['customer.subscription.deleted', 'billing_portal.session.created']);
  assert.equal(events.data[1].data.object.id, session.id);
});

test('quotes: a seat plan with a setup fee, finalized and accepted into a subscription', async () => {
  const customer = await stripe.customers.create({ email: 'buyer@example.com', source: 'tok_visa' });
  const product = await stripe.products.create({ name: 'Team plan' });
  const seat = await stripe.prices.create({
    product: product.id, unit_amount: 1200, currency: 'usd', recurring: { interval: 'month' },
  });
  const fee = await stripe.prices.create({ product: product.id, unit_amount: 5000, currency: 'usd' });
  const quote = await stripe.quotes.create({
    customer: customer.id,
    line_items: [{ price: seat.id, quantity: 5 }, { price: fee.id }],
    header: 'Team plan offer',
  });
  assert.equal(quote.status, 'draft');
  assert.equal(quote.amount_total, 11000);
  assert.equal(quote.computed.recurring.amount_total, 6000);
  assert.equal(quote.computed.recurring.interval, 'month');
  assert.equal(quote.computed.upfront.amount_total, 11000);
  const lines = await stripe.quotes.listLineItems(quote.id);
  assert.deepEqual(lines.data.map((l) => l.quantity), [5, 1]);
  const upfront = await stripe.quotes.listComputedUpfrontLineItems(quote.id);
  assert.equal(upfront.data.length, 2);
  const open = await stripe.quotes.finalizeQuote(quote.id);
  assert.equal(open.status, 'open');
  assert.match(open.number, /^QT-[A-Z0-9]+-0001-1$/);
  const late = await rejection(() => stripe.quotes.update(quote.id, { header: 'changed' }));
  assert.ok(late instanceof Stripe.errors.StripeInvalidRequestError);
  const accepted = await stripe.quotes.accept(quote.id, { expand: ['subscription', 'invoice'] });
  assert.equal(accepted.status, 'accepted');
  assert.equal(accepted.subscription.status, 'active');
  assert.equal(accepted.subscription.items.data[0].quantity, 5);
  assert.equal(accepted.invoice.status, 'paid');
  assert.equal(accepted.invoice.amount_paid, 11000);
  const listed = await stripe.quotes.list({ customer: customer.id, status: 'accepted' });
  assert.deepEqual(listed.data.map((q) => q.id), [quote.id]);
});

test('inline prices: a negotiated seat price on a quote and a subscription, a credit on its first invoice', async () => {
  const customer = await stripe.customers.create({ email: 'deal@example.com', source: 'tok_visa' });
  const product = await stripe.products.create({ name: 'Enterprise seats' });
  const quote = await stripe.quotes.create({
    customer: customer.id,
    line_items: [{
      price_data: {
        currency: 'usd', product: product.id, unit_amount: 900, recurring: { interval: 'month' },
      },
      quantity: 20,
    }],
  });
  const line = (await stripe.quotes.listLineItems(quote.id)).data[0];
  assert.equal(line.price.active, false);
  assert.equal(quote.amount_total, 18000);
  const revised = await stripe.quotes.update(quote.id, { line_items: [{ id: line.id, quantity: 25 }] });
  assert.equal(revised.amount_total, 22500);
  await stripe.quotes.finalizeQuote(quote.id);
  const accepted = await stripe.quotes.accept(quote.id, { expand: ['subscription'] });
  assert.equal(accepted.subscription.items.data[0].price.id, line.price.id);
  assert.equal(accepted.subscription.items.data[0].quantity, 25);

  const direct = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{
      price_data: {
        currency: 'usd', product: product.id, unit_amount: 1100, recurring: { interval: 'month' },
      },
    }],
    add_invoice_items: [{ price_data: { currency: 'usd', product: product.id, unit_amount: -300 } }],
    expand: ['latest_invoice'],
  });
  assert.equal(direct.items.data[0].price.active, false);
  assert.equal(direct.latest_invoice.amount_paid, 800);
  const price = await stripe.prices.retrieve(direct.items.data[0].price.id);
  assert.equal(price.unit_amount, 1100);
  const missing = await rejection(() => stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price_data: { currency: 'usd', product: product.id, unit_amount: 1100 } }],
  }));
  assert.equal(missing.code, 'parameter_missing');
  assert.equal(missing.param, 'items[0][price_data][recurring]');
});

test('schedules with inline prices: a discounted first phase with a one-off credit, then the list price', async () => {
  const customer = await stripe.customers.create({ email: 'ramp@example.com', source: 'tok_visa' });
  const product = await stripe.products.create({ name: 'Team plan' });
  const list = await stripe.prices.create({
    currency: 'usd', product: product.id, unit_amount: 3000, recurring: { interval: 'month' },
  });
  const schedule = await stripe.subscriptionSchedules.create({
    customer: customer.id,
    start_date: 'now',
    phases: [
      {
        items: [{
          price_data: { currency: 'usd', product: product.id, unit_amount: 1500, recurring: { interval: 'month' } },
        }],
        add_invoice_items: [{ price_data: { currency: 'usd', product: product.id, unit_amount: -500 } }],
        iterations: 3,
      },
      { items: [{ price: list.id }], iterations: 1 },
    ],
  });
  const intro = schedule.phases[0].items[0].price;
  assert.match(intro, /^price_/);
  assert.equal((await stripe.prices.retrieve(intro)).active, false);
  assert.match(schedule.phases[0].add_invoice_items[0].price, /^price_/);
  const sub = await stripe.subscriptions.retrieve(schedule.subscription, { expand: ['latest_invoice'] });
  assert.equal(sub.items.data[0].price.id, intro);
  assert.equal(sub.latest_invoice.amount_paid, 1000);
  const refused = await rejection(() => stripe.subscriptionSchedules.create({
    customer: customer.id,
    phases: [{ items: [{ price: list.id }], add_invoice_items: [{ price: list.id }] }],
  }));
  assert.equal(refused.param, 'phases[0][add_invoice_items][0][price]');
});

test('schedules with a discount: an introductory coupon for the first phase only', async () => {
  const customer = await stripe.customers.create({ email: 'intro@example.com', source: 'tok_visa' });
  const product = await stripe.products.create({ name: 'Studio plan' });
  const price = await stripe.prices.create({
    currency: 'usd', product: product.id, unit_amount: 4000, recurring: { interval: 'month' },
  });
  const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever' });
  const schedule = await stripe.subscriptionSchedules.create({
    customer: customer.id,
    start_date: 'now',
    phases: [
      { items: [{ price: price.id }], discounts: [{ coupon: coupon.id }], iterations: 2 },
      { items: [{ price: price.id }], iterations: 1 },
    ],
  });
  assert.deepEqual(schedule.phases[0].discounts,
                   [{ coupon: coupon.id, discount: null, promotion_code: null }]);
  assert.deepEqual(schedule.phases[1].discounts, []);
  const sub = await stripe.subscriptions.retrieve(schedule.subscription, { expand: ['latest_invoice'] });
  assert.equal(sub.discounts.length, 1);
  assert.equal(sub.latest_invoice.amount_paid, 3000);
  const refused = await rejection(() => stripe.subscriptionSchedules.create({
    customer: customer.id,
    phases: [{ items: [{ price: price.id }], discounts: [{ coupon: 'no_such_coupon' }] }],
  }));
  assert.equal(refused.code, 'resource_missing');
  assert.equal(refused.param, 'phases[0][discounts][0][coupon]');
});
