import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotSimulator, startHubSpotSimulator } from '../../../sandbox/hubspot/hubspot-simulator.ts';
import { describeConnectorContract } from '../../../test/connectors/connector-contract.ts';
import { RateLimited, toError, ValidationRejected } from '../../model/errors.ts';
import { HubSpotConnector } from './hubspot-connector.ts';

describeConnectorContract('hubspot', async () => {
  const sim = await startHubSpotSimulator({
    latencyMs: { min: 1, max: 4 },
    // Generous limits for the contract run; the limit paths are exercised below.
    limits: { max: 1000, intervalMs: 1000, searchPerSecond: 50 },
  });
  const concurrencyCap = 3;
  const connector = new HubSpotConnector({
    system: 'hubspot',
    accessToken: sim.accessToken,
    basePath: sim.url,
    concurrency: concurrencyCap,
    retryBaseMs: 5,
    searchPerSecond: 50,
  });
  const phone = (n: number) => `+1 555 02${String(n).padStart(4, '0')}`;
  return {
    connector,
    objectType: 'companies',
    sample: (n) => ({
      name: `Contract Co ${n}`,
      phone: phone(n),
      domain: `co${n}.example`,
      credit_limit: '1500.50',
    }),
    change: (n) => ({ name: `Contract Co ${n} (renamed)` }),
    invalid: () => ({ name: 'Bad Co', industry: 'BASKET_WEAVING' }),
    matchField: 'phone',
    matchValue: phone,
    valueOf: (record, field) => record.fields[field],
    concurrencyCap,
    maxInFlightSeen: () => sim.inspect.maxInFlight(),
    injectFault: (kind, count) => {
      sim.faults.push({ kind, count, pathIncludes: '/batch/upsert' });
    },
    secrets: [sim.accessToken],
    close: () => sim.close(),
  };
});

describe('HubSpot connector beyond the contract', () => {
  let sim: HubSpotSimulator;
  beforeAll(async () => {
    sim = await startHubSpotSimulator({
      limits: { max: 1000, intervalMs: 1000, searchPerSecond: 100 },
      searchResultCap: 20,
    });
  });
  afterAll(() => sim.close());
  const connector = (extra: Partial<ConstructorParameters<typeof HubSpotConnector>[0]> = {}) =>
    new HubSpotConnector({
      system: 'hubspot',
      accessToken: sim.accessToken,
      basePath: sim.url,
      retryBaseMs: 5,
      searchPerSecond: 100,
      ...extra,
    });

  it('reads past the 10 000-result search cap by restarting from the last timestamp, missing nothing', async () => {
    // The simulator's cap is lowered to 20 so 47 deals cross it twice; several share a millisecond.
    let t = Date.parse('2026-11-28T10:00:00.000Z');
    const clocked = await startHubSpotSimulator({
      limits: { max: 1000, intervalMs: 1000, searchPerSecond: 100 },
      searchResultCap: 20,
      clock: () => t,
    });
    try {
      for (let i = 0; i < 47; i++) {
        if (i % 3 === 0) t += 1;
        clocked.portal.write('deals', undefined, { dealname: `Deal ${i}`, amount: `${i}.50` });
      }
      const c = new HubSpotConnector({
        system: 'hubspot',
        accessToken: clocked.accessToken,
        basePath: clocked.url,
        searchPerSecond: 100,
        searchResultCap: 20,
      });
      // 7 does not divide the cap (the connector restarts before asking past it); 10 does (HubSpot
      // stops offering a next page at the cap and only `total` shows that more remain).
      for (const pageSize of [7, 10]) {
        const seen = [];
        for await (const page of c.readChanges({ objectType: 'deals', pageSize })) seen.push(...page);
        expect(seen.map((r) => r.id)).toHaveLength(47);
        expect(new Set(seen.map((r) => r.id)).size).toBe(47);
        expect(seen.map((r) => r.modifiedAt)).toEqual([...seen.map((r) => r.modifiedAt)].sort());
        expect(seen.find((r) => r.fields.dealname === 'Deal 5')?.fields.amount).toBe('5.50');
      }
    } finally {
      await clocked.close();
    }
  });

  it('coalesces concurrent upserts into batch calls of up to 100, and one invalid input fails alone', async () => {
    sim.inspect.reset();
    const c = connector({ concurrency: 2 });
    const write = (n: number, fields: Record<string, unknown> = { name: `Batched ${n}` }) =>
      c.upsert({ objectType: 'companies', externalId: `batch-${n}`, fields, idempotencyKey: `batch-${n}` });
    const results = await Promise.all(Array.from({ length: 250 }, (_, n) => write(n)));
    expect(new Set(results.map((r) => r.id)).size).toBe(250);
    expect(
      results.every((r) => r.created && r.record?.fields.name === `Batched ${r.externalId?.slice(6)}`),
    ).toBe(true);
    const batchCalls = () => sim.inspect.requests().filter((r) => r.path.endsWith('/batch/upsert'));
    expect(batchCalls()).toHaveLength(3);
    sim.inspect.reset();
    const mixed = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        write(300 + n, n === 4 ? { name: 'Bad', industry: 'NOPE' } : { name: `Mixed ${n}` }).then(
          (r) => r,
          toError,
        ),
      ),
    );
    const failed = mixed.filter((r): r is Error => r instanceof Error);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(ValidationRejected);
    expect(failed[0]!.message).toContain('industry');
    expect(failed[0]).toMatchObject({ recordId: 'batch-304' });
    expect(sim.portal.findUnique('companies', 'netsuite_id', 'batch-309')?.properties.name).toBe('Mixed 9');
    expect(batchCalls()).toHaveLength(11);
  });

  it('refuses a nested value before sending it: HubSpot properties are flat', async () => {
    sim.inspect.reset();
    const error = await connector()
      .upsert({
        objectType: 'companies',
        externalId: 'nested-1',
        fields: { name: 'X', address: { city: 'Oslo' } },
        idempotencyKey: 'nested-1',
      })
      .then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain("property 'address'");
    expect(sim.inspect.requests()).toHaveLength(0);
  });

  it('names the properties a validation error is about', async () => {
    const error = await connector()
      .upsert({
        objectType: 'companies',
        externalId: 'v-1',
        fields: { name: 'X', industry: 'NOPE', colour: 'red' },
        idempotencyKey: 'v-1',
      })
      .then(() => undefined, toError);
    expect(error).toBeInstanceOf(ValidationRejected);
    expect(error?.message).toContain('industry');
    expect(error?.message).toContain('colour');
  });

  it('paces itself from the X-HubSpot-RateLimit headers, so a burst never meets a 429', async () => {
    sim.limits.max = 3;
    sim.limits.intervalMs = 300;
    sim.limits.reset();
    sim.inspect.reset();
    try {
      const c = connector({ concurrency: 1 });
      for (let i = 0; i < 8; i++) {
        await c.upsert({
          objectType: 'contacts',
          externalId: `burst-${i}`,
          fields: { email: `b${i}@example.test` },
          idempotencyKey: `burst-${i}`,
        });
      }
      expect(
        sim.portal.all('contacts').filter((o) => o.properties.netsuite_id?.startsWith('burst-')),
      ).toHaveLength(8);
      expect(c.rateLimits()).toMatchObject({ max: 3, intervalMs: 300 });
      expect(sim.inspect.requests().filter((r) => r.status === 429)).toHaveLength(0);
      expect(c.stats().rateLimited).toBe(0);
    } finally {
      sim.limits.max = 1000;
      sim.limits.intervalMs = 1000;
    }
  });

  it('backs off on 429 TEN_SECONDLY_ROLLING when another app spent the window, then succeeds', async () => {
    // A window long enough that machine load cannot let it expire between the spend and the upsert.
    sim.limits.max = 2;
    sim.limits.intervalMs = 1500;
    sim.limits.reset();
    sim.inspect.reset();
    try {
      // Another app on the same portal spends the window (HubSpot's limits are per portal/token).
      const spend = () =>
        fetch(`${sim.url}/crm/v3/properties/companies`, {
          headers: { authorization: `Bearer ${sim.accessToken}` },
        });
      await spend();
      await spend();
      const c = connector();
      const result = await c.upsert({
        objectType: 'companies',
        externalId: 'after-429',
        fields: { name: 'Patient Co' },
        idempotencyKey: 'after-429',
      });
      expect(result.created).toBe(true);
      expect(c.stats().rateLimited).toBeGreaterThanOrEqual(1);
      expect(sim.inspect.requests().some((r) => r.status === 429)).toBe(true);
    } finally {
      sim.limits.max = 1000;
      sim.limits.intervalMs = 1000;
      sim.limits.reset();
    }
  });

  it('refuses to retry past the DAILY limit and reports it as RateLimited', async () => {
    const c = connector();
    sim.limits.daily = 0;
    try {
      const error = await c.get('companies', '1').then(() => undefined, toError);
      expect(error).toBeInstanceOf(RateLimited);
      expect(error?.message).toContain('DAILY');
      expect(c.stats()).toMatchObject({ rateLimited: 1, requests: 1 });
    } finally {
      sim.limits.daily = 650_000;
      sim.limits.reset();
    }
  });
});
