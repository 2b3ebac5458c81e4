import { type AdminApiClient, createAdminApiClient } from '@shopify/admin-api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type ShopifySimulator, startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import { RateLimited, toError } from '../../model/errors.ts';
import { rebaseFetch } from './rebase-fetch.ts';
import { ShopifyConnector } from './shopify-connector.ts';

/** One clock for the shop's bucket and the connector: waiting advances it, so no test sleeps. */
function fakeClock() {
  const clock = { t: 1_800_000_000_000, sleeps: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.t += ms;
    },
  };
}

describe('Shopify cost-based throttling', () => {
  let sim: ShopifySimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it('answers an over-budget query with HTTP 200, errors[].extensions.code THROTTLED and the bucket state', async () => {
    const { now } = fakeClock();
    sim = await startShopifySimulator({ bucket: { maximumAvailable: 100, restoreRate: 50, now } });
    const client: AdminApiClient = createAdminApiClient({
      storeDomain: sim.storeDomain,
      apiVersion: '2026-10',
      accessToken: sim.accessToken,
      customFetchApi: rebaseFetch(sim.url),
      logger: () => {},
    });
    const ok = await client.request('{ customers(first: 50) { nodes { id } } }');
    expect(ok.extensions?.cost).toEqual({
      requestedQueryCost: 52,
      actualQueryCost: 2,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 98, restoreRate: 50 },
    });
    sim.bucket.drain(30);
    const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': sim.accessToken },
      body: JSON.stringify({ query: '{ customers(first: 50) { nodes { id } } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'Throttled',
          extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 52,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 30, restoreRate: 50 },
        },
      },
    });
    // Even refusals and invalid documents carry extensions.cost.
    const invalid = await client.request('{ customers(first: 1) { nodes { noSuchField } } }');
    expect(invalid.extensions?.cost).toBeDefined();
    const tooBig = await client.request(
      '{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }',
    );
    expect(tooBig.errors?.graphQLErrors?.[0]?.extensions?.code).toBe('MAX_COST_EXCEEDED');
    expect(tooBig.extensions?.cost).toBeDefined();
  });

  it('waits for the bucket before sending, so a paced scan is never throttled', async () => {
    const { clock, now, sleep } = fakeClock();
    sim = await startShopifySimulator({ bucket: { maximumAvailable: 30, restoreRate: 10, now } });
    for (let n = 0; n < 120; n++) sim.store.createCustomer({ email: `pace${n}@example.test` });
    const connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      maxQueryCost: 100,
      now,
      sleep,
      concurrency: 1,
    });
    let count = 0;
    for await (const page of connector.scan({ objectType: 'customer' })) count += page.length;
    expect(count).toBe(120);
    expect(connector.stats().rateLimited).toBe(0);
    // Pages keep to a quarter of the 100-point query limit: 11 customers, requested at
    // 2 + 11 × 2 = 24 points but charged 13 (no customer has the external id metafield, and a
    // null object costs nothing), leaving 17 of 30: the next page waits (24 − 17) / 10 s for the
    // bucket to cover its requested cost.
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(2);
    expect(clock.sleeps[0]).toBe(700);
  });

  it('backs off after THROTTLED by the computed wait and then succeeds', async () => {
    const { clock, now, sleep } = fakeClock();
    sim = await startShopifySimulator({ bucket: { maximumAvailable: 1000, restoreRate: 50, now } });
    const connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      now,
      sleep,
    });
    sim.bucket.drain(0);
    const result = await connector.upsert({
      objectType: 'customer',
      externalId: 'eid-1',
      fields: { email: 'wait@example.test' },
      idempotencyKey: 'k1',
    });
    expect(result.created).toBe(true);
    expect(connector.stats().rateLimited).toBe(1);
    // customerByIdentifier costs 2 points; an empty bucket restoring 50/s has them in 40 ms.
    expect(clock.sleeps[0]).toBe(50);
  });

  it('surfaces RateLimited with the computed wait when it runs out of attempts', async () => {
    const { now, sleep } = fakeClock();
    sim = await startShopifySimulator({ bucket: { maximumAvailable: 1000, restoreRate: 50, now } });
    const connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      now,
      sleep,
      maxAttempts: 1,
    });
    sim.bucket.drain(0);
    const error = await connector
      .scan({ objectType: 'customer', pageSize: 100 })
      [Symbol.asyncIterator]()
      .next()
      .then(() => undefined, toError);
    expect(error).toBeInstanceOf(RateLimited);
    // 2 + 100 × 2 = 202 points at 50/s from empty: 4.04 s.
    expect((error as RateLimited).retryAfterMs).toBe(4040);
    expect((error as RateLimited).system).toBe('shopify');
    expect(error!.message).not.toContain(sim.accessToken);
  });
});
