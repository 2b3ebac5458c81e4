/**
 * Fidelity of the Stripe simulator, checked with the official `stripe` SDK pointed at it over
 * loopback (only host, port and protocol changed): an ordinary payment sequence, paging,
 * idempotency keys, errors, limits, events, invoices and the seeded awkward cases.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moneyFromStripe } from '../../src/connectors/stripe/stripe-money.ts';
import { seedAwkwardCases } from './awkward-cases.ts';
import { type StripeSimulator, startStripeSimulator } from './stripe-simulator.ts';

let now = Date.parse('2026-11-28T12:00:00.000Z');
let sim: StripeSimulator;
let stripe: Stripe;
const sdk = (key: string, port: number) =>
  new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });

beforeAll(async () => {
  sim = await startStripeSimulator({ seed: 99, clock: () => now });
  stripe = sdk(sim.apiKey, sim.port);
});
afterAll(() => sim.close());

describe('stripe simulator through the official SDK', () => {
  it('runs an ordinary sequence: customer, manual capture, paging, partial and full refund', async () => {
    const customer = await stripe.customers.create({
      email: 'buyer@example.test',
      metadata: { accord_external_id: 'ns:42' },
    });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.metadata).toEqual({ accord_external_id: 'ns:42' });
    expect(customer.lastResponse.headers['stripe-version']).toBe(Stripe.API_VERSION);
    expect(customer.lastResponse.requestId).toMatch(/^req_/);

    const intent = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      customer: customer.id,
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.status).toBe('requires_capture');
    expect(intent.amount_capturable).toBe(10_000);
    const authorised = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(authorised).toMatchObject({ captured: false, amount_captured: 0, balance_transaction: null });

    for (let i = 0; i < 11; i++) {
      now += 1000;
      await stripe.paymentIntents.create({ amount: 100 + i, currency: 'eur', customer: customer.id });
    }
    const listed = await stripe.paymentIntents
      .list({ customer: customer.id, limit: 5 })
      .autoPagingToArray({ limit: 100 });
    expect(listed).toHaveLength(12);
    expect(new Set(listed.map((p) => p.id)).size).toBe(12);
    expect(listed.map((p) => p.created)).toEqual([...listed.map((p) => p.created)].sort((a, b) => b - a));
    expect(listed.at(-1)!.id).toBe(intent.id);
    const newest = await stripe.paymentIntents.list({
      customer: customer.id,
      limit: 3,
      ending_before: listed[5]!.id,
    });
    expect(newest.data.map((p) => p.id)).toEqual(listed.slice(2, 5).map((p) => p.id));
    expect(newest.has_more).toBe(true);

    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 8_000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 8_000, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(captured.latest_charge as string, {
      expand: ['balance_transaction'],
    });
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn.id).toMatch(/^txn_/);
    expect(txn).toMatchObject({ amount: 8_000, fee: 262, net: 7_738, type: 'charge', source: charge.id });
    expect(txn.fee_details).toEqual([expect.objectContaining({ amount: 262, type: 'stripe_fee' })]);

    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 3_000 });
    expect(partial).toMatchObject({ amount: 3_000, status: 'succeeded', charge: charge.id });
    expect(partial.id).toMatch(/^re_/);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({
      amount_refunded: 3_000,
      refunded: false,
    });

    const tooMuch = await stripe.refunds
      .create({ charge: charge.id, amount: 5_001 })
      .catch((e: unknown) => e);
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });

    const rest = await stripe.refunds.create({ charge: charge.id });
    expect(rest.amount).toBe(5_000);
    expect(await stripe.charges.retrieve(charge.id)).toMatchObject({
      amount_refunded: 8_000,
      refunded: true,
    });
    await expect(stripe.refunds.create({ charge: charge.id })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    });
    const refunds = await stripe.refunds.list({ payment_intent: intent.id });
    expect(refunds.data.map((r) => r.amount)).toEqual([5_000, 3_000]);
    const refundTxn = await stripe.balanceTransactions.retrieve(rest.balance_transaction as string);
    expect(refundTxn).toMatchObject({ amount: -5_000, net: -5_000, type: 'refund' });

    const events = await stripe.events.list({ type: 'charge.*', limit: 100 });
    expect(events.data.map((e) => e.type)).toEqual([
      'charge.refunded',
      'charge.refunded',
      'charge.captured',
      'charge.succeeded',
    ]);
    const piEvents = await stripe.events.list({
      types: ['payment_intent.succeeded', 'payment_intent.amount_capturable_updated'],
    });
    expect(piEvents.data.map((e) => (e.data.object as { id: string }).id)).toEqual([intent.id, intent.id]);
  });

  it('cancels an authorisation, and refuses to capture it afterwards', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 700,
      currency: 'usd',
      capture_method: 'manual',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_reason: 'abandoned',
      amount_capturable: 0,
    });
    await expect(stripe.paymentIntents.capture(intent.id)).rejects.toMatchObject({
      statusCode: 400,
      code: 'payment_intent_unexpected_state',
    });
  });

  it('holds JPY and KWD amounts exactly, and enforces the three-decimal last-digit rule', async () => {
    const jpy = await stripe.paymentIntents.create({
      amount: 12_345,
      currency: 'jpy',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    expect(moneyFromStripe(jpy.amount_received, jpy.currency).toString()).toBe('12345 JPY');
    const kwd = await stripe.paymentIntents.create({
      amount: 5_120,
      currency: 'kwd',
      confirm: true,
      payment_method: 'pm_card_visa',
    });
    expect(moneyFromStripe(kwd.amount_received, kwd.currency).toString()).toBe('5.120 KWD');
    const kwdCharge = await stripe.charges.retrieve(kwd.latest_charge as string, {
      expand: ['balance_transaction'],
    });
    const fee = (kwdCharge.balance_transaction as Stripe.BalanceTransaction).fee;
    expect(fee % 10).toBe(0);
    const bad = await stripe.paymentIntents
      .create({ amount: 5_124, currency: 'kwd' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ statusCode: 400, code: 'invalid_charge_amount', param: 'amount' });
    expect((bad as Error).message).toMatch(/5120 or 5130/);
  });

  it('answers errors in Stripe shape: masked bad key, missing object, unknown parameter, declined card', async () => {
    const wrong = `sk_test_${'A'.repeat(20)}WXYZ`;
    const auth = await sdk(wrong, sim.port)
      .customers.list()
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((auth as Error).message).toMatch(/^Invalid API Key provided: sk_test_\*+WXYZ$/);
    expect((auth as Error).message).not.toContain('AAAA');

    const missing = await stripe.customers.retrieve('cus_nope').catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
    expect((missing as { requestId: string }).requestId).toMatch(/^req_/);

    const unknown = await stripe.customers
      .create({ colour: 'blue' } as Stripe.CustomerCreateParams)
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'colour' });

    const declined = await stripe.paymentIntents
      .create({
        amount: 900,
        currency: 'usd',
        confirm: true,
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
      })
      .catch((e: unknown) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds' });
  });
});

describe('stripe simulator idempotency keys', () => {
  it('replays the saved response with Idempotent-Replayed, refuses different parameters, and expires after 24 h', async () => {
    const first = await stripe.customers.create({ email: 'idem@example.test' }, { idempotencyKey: 'key-1' });
    const again = await stripe.customers.create({ email: 'idem@example.test' }, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(again.lastResponse.requestId).not.toBe(first.lastResponse.requestId);

    const mismatch = await stripe.customers
      .create({ email: 'other@example.test' }, { idempotencyKey: 'key-1' })
      .catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(mismatch).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });

    now += 24 * 3600 * 1000;
    const later = await stripe.customers.create({ email: 'idem@example.test' }, { idempotencyKey: 'key-1' });
    expect(later.id).not.toBe(first.id);
  });

  it('refuses a concurrent request with the same key with 409, then replays once the first finished', async () => {
    const release = sim.holdExecution();
    const original = stripe.customers.create({ email: 'slow@example.test' }, { idempotencyKey: 'key-slow' });
    while (!sim.idempotency.isInProgress('key-slow')) await new Promise((r) => setTimeout(r, 5));
    const concurrent = await stripe.customers
      .create({ email: 'slow@example.test' }, { idempotencyKey: 'key-slow' })
      .catch((e: unknown) => e);
    expect(concurrent).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
    release();
    const done = await original;
    const replay = await stripe.customers.create(
      { email: 'slow@example.test' },
      { idempotencyKey: 'key-slow' },
    );
    expect(replay.id).toBe(done.id);
    expect(sim.state.all('customer').filter((c) => c.email === 'slow@example.test')).toHaveLength(1);
  });

  it('saves executed failures (a decline replays, Stripe-Should-Retry: false) but not validation failures', async () => {
    const params = { amount: 900, currency: 'usd', confirm: true, payment_method: 'pm_card_chargeDeclined' };
    const first = await stripe.paymentIntents
      .create(params, { idempotencyKey: 'key-decline' })
      .catch((e: unknown) => e);
    const replay = await stripe.paymentIntents
      .create(params, { idempotencyKey: 'key-decline' })
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(replay).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect((replay as { headers: Record<string, string> }).headers['stripe-should-retry']).toBe('false');

    const invalid = await stripe.customers
      .create({ email: 'broken' }, { idempotencyKey: 'key-fixable' })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'email_invalid' });
    const fixed = await stripe.customers.create(
      { email: 'fixed@example.test' },
      { idempotencyKey: 'key-fixable' },
    );
    expect(fixed.email).toBe('fixed@example.test');
  });
});

describe('stripe simulator limits, invoices and seeded cases', () => {
  it('answers 429 rate_limit beyond the per-second limit, without advising a retry', async () => {
    const limited = await startStripeSimulator({
      seed: 3,
      clock: () => now,
      rateLimit: { readsPerSecond: 3, writesPerSecond: 3 },
    });
    try {
      const client = sdk(limited.apiKey, limited.port);
      for (let i = 0; i < 3; i++) await client.customers.list();
      const error = await client.customers.list().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
      expect((error as { headers: Record<string, string> }).headers['stripe-should-retry']).toBeUndefined();
      now += 1000;
      await expect(client.customers.list()).resolves.toMatchObject({ object: 'list' });
    } finally {
      await limited.close();
    }
  });

  it('creates, finalizes and pays an invoice, with a charge and fees', async () => {
    const customer = await stripe.customers.create({ email: 'billing@example.test' });
    const invoice = await stripe.invoices.create({ customer: customer.id, currency: 'usd' });
    expect(invoice).toMatchObject({ status: 'draft', amount_due: 0 });
    await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      amount: 4_200,
      currency: 'usd',
      description: 'Consulting',
    });
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized).toMatchObject({ status: 'open', amount_due: 4_200 });
    expect(finalized.number).toBeTruthy();
    const paid = await stripe.invoices.pay(invoice.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 4_200, amount_remaining: 0 });
    const open = await stripe.invoices.list({ customer: customer.id, status: 'open' });
    expect(open.data).toHaveLength(0);
    const paidList = await stripe.invoices.list({ customer: customer.id, status: 'paid' });
    expect(paidList.data.map((i) => i.id)).toEqual([invoice.id]);
  });

  it('seeds the awkward cases', async () => {
    const cases = await seedAwkwardCases(sim);
    expect(await stripe.customers.retrieve(cases.customerWithoutEmail)).toMatchObject({ email: null });
    const uncaptured = await stripe.paymentIntents.retrieve(cases.uncapturedAuthorisation, {
      expand: ['latest_charge'],
    });
    expect(uncaptured.status).toBe('requires_capture');
    expect(uncaptured.latest_charge).toMatchObject({ captured: false, balance_transaction: null });
    const refunded = await stripe.paymentIntents.retrieve(cases.partiallyRefunded, {
      expand: ['latest_charge'],
    });
    expect(refunded.latest_charge).toMatchObject({
      amount_captured: 8_000,
      amount_refunded: 2_500,
      refunded: false,
    });
    const partial = await stripe.paymentIntents.retrieve(cases.partiallyCaptured);
    expect(partial).toMatchObject({ amount: 10_000, amount_received: 7_550, status: 'succeeded' });
    expect((await stripe.paymentIntents.retrieve(cases.jpyPayment)).currency).toBe('jpy');
    expect((await stripe.paymentIntents.retrieve(cases.kwdPayment)).amount).toBe(5_120);
    const fees = await stripe.charges.retrieve(cases.chargeWithFees, { expand: ['balance_transaction'] });
    expect(fees.balance_transaction).toMatchObject({ amount: 10_000, fee: 320, net: 9_680 });
    const declined = await stripe.paymentIntents.retrieve(cases.declined);
    expect(declined.status).toBe('requires_payment_method');
    expect(declined.last_payment_error).toMatchObject({ code: 'card_declined' });
  });
});
