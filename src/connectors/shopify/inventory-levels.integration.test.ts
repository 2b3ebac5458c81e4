/**
 * Shopify inventory levels through the connector, against the simulator over HTTP: read through
 * locations (no top-level list exists), by id and by SKU; set with inventorySetQuantities
 * (compare-and-swap on changeFromQuantity), idempotently, and never when the quantity is equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ShopifySimulator, startShopifySimulator } from '../../../sandbox/shopify/shopify-simulator.ts';
import { ValidationRejected } from '../../model/errors.ts';
import type { SystemRecord } from '../connector.ts';
import { ShopifyConnector } from './shopify-connector.ts';

describe('Shopify InventoryLevel', () => {
  let sim: ShopifySimulator;
  let connector: ShopifyConnector;
  const ids = { reno: 0, amsterdam: 0, tent: 0, stove: 0 };
  const levelId = (item: number, location: number) =>
    `gid://shopify/InventoryLevel/${location}?inventory_item_id=${item}`;
  const level = (item: number, location: number) => sim.store.level(item, location)!;

  beforeAll(async () => {
    const clock = { t: 0 };
    sim = await startShopifySimulator({ bucket: { now: () => clock.t } });
    ids.reno = sim.store.addLocation('RNO1-US').id;
    ids.amsterdam = sim.store.addLocation('AMS1-EU').id;
    const tent = sim.store.addProduct({
      title: 'Tent',
      variants: [{ sku: 'TENT-2P', price: '199.00', stock: { [ids.reno]: 12, [ids.amsterdam]: 3 } }],
    });
    const stove = sim.store.addProduct({
      title: 'Stove',
      variants: [{ sku: 'STOVE-1', price: '49.00', stock: { [ids.reno]: 0 } }],
    });
    ids.tent = tent.variants[0]!.inventoryItemId;
    ids.stove = stove.variants[0]!.inventoryItemId;
    connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      apiVersion: '2026-04',
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms;
      },
    });
  });
  afterAll(async () => sim.close());

  it('scans every location’s levels, quantities keyed by name, ids holding location and item', async () => {
    const records: SystemRecord[] = [];
    for await (const page of connector.scan({ objectType: 'InventoryLevel' })) records.push(...page);
    expect(records.map((r) => r.id).sort()).toEqual(
      [levelId(ids.tent, ids.reno), levelId(ids.tent, ids.amsterdam), levelId(ids.stove, ids.reno)].sort(),
    );
    const tentReno = records.find((r) => r.id === levelId(ids.tent, ids.reno))!;
    expect(tentReno.fields).toMatchObject({
      item: { sku: 'TENT-2P' },
      location: { name: 'RNO1-US' },
      quantities: { available: 12, on_hand: 12 },
    });
  });

  it('gets a level by id and finds levels by SKU (exactly) and by location name', async () => {
    const one = await connector.get('InventoryLevel', levelId(ids.tent, ids.amsterdam));
    expect(one?.fields.quantities).toEqual({ available: 3, on_hand: 3 });
    expect(
      await connector.get('InventoryLevel', 'gid://shopify/InventoryLevel/1?inventory_item_id=2'),
    ).toBeUndefined();
    const bySku = await connector.findByField('InventoryLevel', 'item.sku', 'TENT-2P');
    expect(bySku).toHaveLength(2);
    expect(await connector.findByField('InventoryLevel', 'item.sku', 'TENT')).toEqual([]);
    const byLocation = await connector.findByField('InventoryLevel', 'location.name', 'RNO1-US');
    expect(byLocation).toHaveLength(2);
  });

  it('sets a quantity with inventorySetQuantities, once: a replay and an equal quantity write nothing', async () => {
    const before = level(ids.tent, ids.reno).updatedAt;
    const request = {
      objectType: 'InventoryLevel',
      externalId: 'netsuite:1:1',
      id: levelId(ids.tent, ids.reno),
      fields: { quantities: { available: 9 } },
      idempotencyKey: 'inventory:netsuite:1:1:v2',
    };
    const written = await connector.upsert(request);
    expect(written).toMatchObject({ id: levelId(ids.tent, ids.reno), created: false });
    expect(level(ids.tent, ids.reno).quantities.available).toBe(9);
    const stamp = level(ids.tent, ids.reno).updatedAt;
    expect(stamp).toBeGreaterThanOrEqual(before);
    // The same write again (a retry after a crash, another process): the level already holds 9.
    await connector.upsert({ ...request, idempotencyKey: 'inventory:netsuite:1:1:v2-retry' });
    expect(level(ids.tent, ids.reno).quantities.available).toBe(9);
    expect(level(ids.tent, ids.reno).updatedAt).toBe(stamp);
  });

  it('re-reads and retries when a sale lands between the read and the write (changeFromQuantity stale)', async () => {
    // A sale moves the level between the connector's read and its set: the first set is stale.
    let sold = false;
    let sets = 0;
    const original = sim.store.touchLevel.bind(sim.store);
    const reno = level(ids.stove, ids.reno);
    reno.quantities.available = 5;
    const raced = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      apiVersion: '2026-04',
      fetch: async (input, init) => {
        const body = typeof init?.body === 'string' ? init.body : '';
        if (body.includes('inventorySetQuantities')) sets += 1;
        if (!sold && body.includes('inventorySetQuantities')) {
          sold = true;
          reno.quantities.available = 4;
          original(reno);
        }
        return fetch(input, init);
      },
    });
    await raced.upsert({
      objectType: 'InventoryLevel',
      externalId: 'netsuite:2:1',
      id: levelId(ids.stove, ids.reno),
      fields: { quantities: { available: 20 } },
      idempotencyKey: 'k-race',
    });
    expect(sold).toBe(true);
    // The first set named 5 as the quantity it replaced; Shopify held 4: stale, re-read, set again.
    expect(sets).toBe(2);
    expect(level(ids.stove, ids.reno).quantities.available).toBe(20);
  });

  it('refuses a level that does not exist, loudly', async () => {
    await expect(
      connector.upsert({
        objectType: 'InventoryLevel',
        externalId: 'netsuite:9:9',
        id: 'gid://shopify/InventoryLevel/1?inventory_item_id=2',
        fields: { quantities: { available: 1 } },
        idempotencyKey: 'k-missing',
      }),
    ).rejects.toBeInstanceOf(ValidationRejected);
  });
});
