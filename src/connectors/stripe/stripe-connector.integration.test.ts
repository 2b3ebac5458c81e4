/**
 * The Stripe connector against the Stripe simulator over real HTTP, through the official SDK:
 * the shared connector contract, then Stripe-specific guarantees — a retried or concurrent write
 * never creates a second customer, even when search lags; changes come from events; limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StripeSimulator, startStripeSimulator } from '../../../sandbox/stripe/stripe-simulator.ts';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { AccordError, RateLimited, UserInputError } from '../../model/errors.ts';
import type { SystemRecord } from '../connector.ts';
import { createStripeConnector, type StripeConnector } from './stripe-connector.ts';

function connectorFor(
  sim: StripeSimulator,
  overrides: { concurrency?: number; maxAttempts?: number } = {},
): StripeConnector {
  return createStripeConnector({
    system: 'stripe-eu',
    apiKey: sim.apiKey,
    host: '127.0.0.1',
    port: sim.port,
    protocol: 'http',
    concurrency: overrides.concurrency ?? 3,
    maxAttempts: overrides.maxAttempts ?? 5,
    baseDelayMs: 5,
    maxDelayMs: 40,
  });
}

describeConnectorContract('stripe', async () => {
  const sim = await startStripeSimulator({ seed: 11, latencyMs: { min: 0, max: 3 } });
  const connector = connectorFor(sim);
  return {
    connector,
    objectType: 'customer',
    sample: (n) => ({ email: `customer${n}@example.test`, name: `Customer ${n}` }),
    change: (n) => ({ name: `Customer ${n} (renamed)` }),
    invalid: () => ({ email: 'not-an-email' }),
    matchField: 'email',
    matchValue: (n) => `customer${n}@example.test`,
    valueOf: (record, field) => record.fields[field],
    concurrencyCap: 3,
    maxInFlightSeen: () => sim.server.inspect.maxInFlight(),
    injectFault: (kind, count) => {
      sim.server.faults.push({ kind, count });
    },
    secrets: [sim.apiKey],
    close: () => sim.close(),
  };
});

describe('stripe connector: Stripe-specific guarantees', () => {
  let sim: StripeSimulator;
  let connector: StripeConnector;

  beforeAll(async () => {
    sim = await startStripeSimulator({ seed: 21 });
    connector = connectorFor(sim);
  });
  afterAll(() => sim.close());

  const customersWith = (externalId: string) =>
    sim.state
      .all('customer')
      .filter((c) => (c.metadata as Record<string, string>).accord_external_id === externalId);

  it('a retried write, from a fresh connector while search still lags, never creates a second customer', async () => {
    sim.setSearchLag(60_000);
    try {
      const write = {
        objectType: 'customer',
        externalId: 'crm:1',
        fields: { email: 'one@example.test' },
        idempotencyKey: 'flow:crm:1:v1',
      };
      const first = await connector.upsert(write);
      // A restarted worker: no id cache, and search cannot see the customer yet.
      const restarted = connectorFor(sim);
      const retried = await restarted.upsert(write);
      expect(retried.id).toBe(first.id);
      // A different change for the same external id, also before search catches up: an update.
      const changed = await connectorFor(sim).upsert({
        ...write,
        fields: { email: 'one+new@example.test' },
        idempotencyKey: 'flow:crm:1:v2',
      });
      expect(changed.id).toBe(first.id);
      expect(changed.created).toBe(false);
      expect(customersWith('crm:1')).toHaveLength(1);
      expect(customersWith('crm:1')[0]!.email).toBe('one+new@example.test');
    } finally {
      sim.setSearchLag(0);
    }
  });

  it('a create whose response is lost after Stripe executed it is replayed, not repeated', async () => {
    sim.server.inspect.reset();
    sim.injectStripeFault('drop-after-execution', 2);
    const result = await connector.upsert({
      objectType: 'customer',
      externalId: 'crm:lost',
      fields: { name: 'Lost reply' },
      idempotencyKey: 'kl',
    });
    expect(customersWith('crm:lost').map((c) => c.id)).toEqual([result.id]);
    const posts = sim.server.inspect
      .requests()
      .filter((r) => r.method === 'POST' && r.path === '/v1/customers');
    expect(posts.length).toBeGreaterThanOrEqual(3);
  });

  it('concurrent writers racing on one external id end with one customer', async () => {
    const writers = Array.from({ length: 4 }, () => connectorFor(sim));
    sim.server.setLatency({ min: 0, max: 10 });
    const results = await Promise.all(
      writers.map((w, i) =>
        w.upsert({
          objectType: 'customer',
          externalId: 'crm:race',
          fields: { name: `Racer ${i}` },
          idempotencyKey: `flow:race:v${i}`,
        }),
      ),
    );
    sim.server.setLatency(0);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(customersWith('crm:race')).toHaveLength(1);
  });

  it('replaying a write already applied sends nothing (the write tag is on the customer)', async () => {
    const write = {
      objectType: 'customer',
      externalId: 'crm:2',
      fields: { name: 'Two' },
      idempotencyKey: 'flow:crm:2:v1',
    };
    await connector.upsert(write);
    const before = sim.server.inspect.requests().filter((r) => r.method === 'POST').length;
    const again = await connector.upsert(write);
    expect(again.created).toBe(false);
    expect(sim.server.inspect.requests().filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('re-creates a customer deleted in Stripe, once, whether the write is new or a replay', async () => {
    const write = {
      objectType: 'customer',
      externalId: 'crm:gone',
      fields: { name: 'Gone' },
      idempotencyKey: 'kg1',
    };
    const first = await connector.upsert(write);
    await sim.call('DELETE', `/v1/customers/${first.id}`);
    const replayed = await connectorFor(sim).upsert(write);
    expect(replayed.id).not.toBe(first.id);
    expect(replayed.created).toBe(true);
    await sim.call('DELETE', `/v1/customers/${replayed.id}`);
    const changed = { ...write, fields: { name: 'Back' }, idempotencyKey: 'kg2' };
    const again = await connectorFor(sim).upsert(changed);
    const retried = await connectorFor(sim).upsert(changed);
    expect(retried.id).toBe(again.id);
    expect(
      customersWith('crm:gone')
        .filter((c) => !c.deleted)
        .map((c) => c.id),
    ).toEqual([again.id]);
  });

  it('null clears a field, and metadata keeps Accord keys', async () => {
    await connector.upsert({
      objectType: 'customer',
      externalId: 'crm:3',
      fields: { phone: '+4912345', metadata: { tier: 'gold' } },
      idempotencyKey: 'k3a',
    });
    const result = await connector.upsert({
      objectType: 'customer',
      externalId: 'crm:3',
      fields: { phone: null, metadata: { tier: null } },
      idempotencyKey: 'k3b',
    });
    expect(result.record?.fields.phone).toBeNull();
    expect((result.record!.fields.metadata as Record<string, string>).tier).toBeUndefined();
    expect(result.record?.externalId).toBe('crm:3');
  });

  it('reads payment changes from events: authorisation, capture and refunds in order, with the latest state', async () => {
    const start = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();
    const customer = await sim.call('POST', '/v1/customers', { email: 'payer@example.test' });
    const intent = await sim.call('POST', '/v1/payment_intents', {
      amount: '12000',
      currency: 'jpy',
      customer: customer.id as string,
      capture_method: 'manual',
      confirm: 'true',
      payment_method: 'pm_card_visa',
    });
    let seen: SystemRecord[] = [];
    for await (const page of connector.readChanges({
      objectType: 'payment_intent',
      since: { modifiedAt: start, id: '' },
    }))
      seen.push(...page);
    expect(seen.find((r) => r.id === intent.id)?.fields.status).toBe('requires_capture');
    await sim.call('POST', `/v1/payment_intents/${intent.id}/capture`, { amount_to_capture: '10000' });
    await sim.call('POST', '/v1/refunds', { payment_intent: intent.id as string, amount: '2500' });
    seen = [];
    for await (const page of connector.readChanges({
      objectType: 'payment_intent',
      since: { modifiedAt: start, id: '' },
    }))
      seen.push(...page);
    const captured = seen.find((r) => r.id === intent.id)!;
    expect(captured.fields.status).toBe('succeeded');
    expect(captured.fields.amount_received).toBe(10000);
    const charges: SystemRecord[] = [];
    for await (const page of connector.readChanges({ objectType: 'charge' })) charges.push(...page);
    const charge = charges.find((c) => c.fields.payment_intent === intent.id)!;
    expect(charge.fields.amount_refunded).toBe(2500);
    expect(charge.fields.refunded).toBe(false);
  });

  it('reads from an old cursor by sweeping the list, and reports deletions as tombstones', async () => {
    const doomed = await connector.upsert({
      objectType: 'customer',
      externalId: 'crm:doomed',
      fields: { name: 'Doomed' },
      idempotencyKey: 'kd',
    });
    await sim.call('DELETE', `/v1/customers/${doomed.id}`);
    const all: SystemRecord[] = [];
    for await (const page of connector.readChanges({
      objectType: 'customer',
      since: { modifiedAt: '2020-01-01T00:00:00.000Z', id: '' },
    })) {
      all.push(...page);
    }
    expect(all.find((r) => r.id === doomed.id)?.deleted).toBe(true);
    const live = sim.state
      .all('customer')
      .filter((c) => !c.deleted)
      .map((c) => c.id);
    for (const id of live) expect(all.map((r) => r.id)).toContain(id);
    // A cursor with milliseconds inside a second still returns that second's changes.
    const last = all.at(-1)!;
    const within: SystemRecord[] = [];
    const cursor = { modifiedAt: last.modifiedAt.replace('.000Z', '.999Z'), id: last.id };
    for await (const page of connector.readChanges({ objectType: 'customer', since: cursor }))
      within.push(...page);
    expect(within.map((r) => r.id)).toContain(last.id);
  });

  it('finds objects whose events have expired (older than 30 days) through the sweep', async () => {
    let clock = Date.now() - 40 * 86_400_000;
    const old = await startStripeSimulator({ seed: 31, clock: () => clock });
    try {
      const customer = await old.call('POST', '/v1/customers', { email: 'ancient@example.test' });
      clock = Date.now();
      const reader = connectorFor(old);
      const fromStart: SystemRecord[] = [];
      for await (const page of reader.readChanges({ objectType: 'customer' })) fromStart.push(...page);
      expect(fromStart.map((r) => r.id)).toEqual([customer.id]);
      // From a recent cursor only events count, and this customer has none left.
      const recent: SystemRecord[] = [];
      const since = { modifiedAt: new Date(Date.now() - 86_400_000).toISOString(), id: '' };
      for await (const page of reader.readChanges({ objectType: 'customer', since })) recent.push(...page);
      expect(recent).toEqual([]);
    } finally {
      await old.close();
    }
  });

  it('backs off on 429 rate_limit and succeeds; gives up as RateLimited when the limit persists', async () => {
    sim.server.faults.push({ kind: 'rate-limit', count: 2 });
    const before = connector.stats().rateLimited;
    const record = await connector.get('customer', customersWith('crm:2')[0]!.id);
    expect(record?.externalId).toBe('crm:2');
    expect(connector.stats().rateLimited - before).toBe(2);

    const impatient = connectorFor(sim, { maxAttempts: 2 });
    sim.server.faults.push({ kind: 'rate-limit', count: 5 });
    const error = await impatient.get('customer', 'cus_x').catch((e: unknown) => e);
    sim.server.faults.length = 0;
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).system).toBe('stripe-eu');
  });

  it('retries a lock timeout (Stripe-Should-Retry: true)', async () => {
    sim.injectStripeFault('lock-timeout', 1);
    const found = await connector.findByField('customer', 'email', 'one+new@example.test');
    expect(found).toHaveLength(1);
  });

  it('refuses object types and fields it cannot serve, with a clear UserInputError', async () => {
    await expect(
      connector.upsert({ objectType: 'charge', externalId: 'x', fields: {}, idempotencyKey: 'k' }),
    ).rejects.toBeInstanceOf(UserInputError);
    await expect(connector.findByField('customer', 'favourite_colour', 'blue')).rejects.toThrow(
      /cannot match customer records/,
    );
    await expect(connector.get('subscription', 'sub_1')).rejects.toBeInstanceOf(AccordError);
  });

  it('describes payment intent statuses for drift detection', async () => {
    const schema = await connector.describe();
    const status = schema.objects
      .find((o) => o.name === 'payment_intent')
      ?.fields.find((f) => f.name === 'status');
    expect(status?.enumValues).toContain('requires_capture');
    expect(schema.configuration.threeDecimalCurrencies).toContain('KWD');
  });
});
