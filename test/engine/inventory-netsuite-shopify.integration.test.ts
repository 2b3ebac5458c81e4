/**
 * NetSuite stock → Shopify inventory levels through the engine and both simulators: balances read
 * through SuiteQL's InventoryBalance, levels matched by SKU and location, only what differs set
 * with inventorySetQuantities, a rerun writing nothing, a changed balance moved on the next run,
 * a location outside the flow's scope left alone, a balance the shop does not stock parked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NetSuiteSimulator, SEEDED, startNetSuiteSimulator } from '../../sandbox/netsuite/index.ts';
import { type ShopifySimulator, startShopifySimulator } from '../../sandbox/shopify/shopify-simulator.ts';
import type { Connector } from '../../src/connectors/connector.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { parseContract } from '../../src/contract/index.ts';
import { type Engine, openEngine } from '../../src/engine/engine.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

const contractText = (ns: NetSuiteSimulator, shop: ShopifySimulator) => `
accord: 1
name: sim-inventory
systems:
  netsuite:
    kind: netsuite
    accountId: 123456_SB1
    connection:
      baseUrl: ${ns.url}
      timeZone: America/Los_Angeles
      consumerKey: env:NS_CONSUMER_KEY
      consumerSecret: env:NS_CONSUMER_SECRET
      tokenId: env:NS_TOKEN_ID
      tokenSecret: env:NS_TOKEN_SECRET
    limits: { concurrency: 5 }
  shopify:
    kind: shopify
    connection:
      shop: ${shop.storeDomain}
      baseUrl: ${shop.url}
      accessToken: env:SHOPIFY_TOKEN
      webhookSecret: env:SHOPIFY_WEBHOOK_SECRET
    limits: { concurrency: 2 }
teams:
  integrations: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 3, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  inventoryLevel:
    owner: netsuite
    fields:
      sku: { kind: string, required: true }
      location: { kind: enum, required: true, values: [reno, amsterdam] }
      available: { kind: integer }
    mappings:
      netsuite:
        record: InventoryBalance
        id: id
        fields:
          sku: item.itemId
          location: { path: location.name, map: { RNO1-US: reno, AMS1-EU: amsterdam } }
          available: quantityAvailable
      shopify:
        record: InventoryLevel
        id: id
        fields:
          sku: { path: item.sku, readOnly: true }
          location: { path: location.name, readOnly: true, map: { RNO1-US: reno, AMS1-EU: amsterdam } }
          available: quantities.available
flows:
  inventory:
    entity: inventoryLevel
    from: netsuite
    to: shopify
    direction: one-way
    only: { location: [reno] }
    trigger: { schedule: every 5m }
    owner: integrations
    match:
      keys: [{ fields: [sku, location], normalise: [trim, uppercase] }]
      onNoMatch: review
      onMultipleMatches: review
reconciliation:
  inventory-hourly: { flows: [inventory], schedule: "20 * * * *", count: true, sum: [available], groupBy: [location] }
`;

let ns: NetSuiteSimulator;
let shop: ShopifySimulator;
let store: SqliteStore;
let engine: Engine;
let connectors: Map<string, Connector>;
let dir: string;
const nsIds = { reno: '', amsterdam: '', tent: '', stove: '', lamp: '' };
const shopIds = { reno: 0, amsterdam: 0, tent: 0, stove: 0 };

/** Level updates the shop saw (each inventorySetQuantities that changed something emits one). */
let levelUpdates = 0;
const setCalls = () => levelUpdates;

beforeAll(async () => {
  ns = await startNetSuiteSimulator({ concurrency: 5 });
  shop = await startShopifySimulator({ plan: 'plus' });
  const subsidiary = { id: SEEDED.subsidiaries.us };
  nsIds.reno = ns.seed('location', { name: 'RNO1-US', subsidiary });
  nsIds.amsterdam = ns.seed('location', { name: 'AMS1-EU', subsidiary });
  nsIds.tent = ns.seed('inventoryItem', { itemId: 'TENT-2P', subsidiary });
  nsIds.stove = ns.seed('inventoryItem', { itemId: 'STOVE-1', subsidiary });
  nsIds.lamp = ns.seed('inventoryItem', { itemId: 'LAMP-9', subsidiary });
  shop.store.onEvent((e) => {
    if (e.topic === 'inventory_levels/update') levelUpdates += 1;
  });
  shopIds.reno = shop.store.addLocation('RNO1-US').id;
  shopIds.amsterdam = shop.store.addLocation('AMS1-EU').id;
  const tent = shop.store.addProduct({
    title: 'Tent',
    variants: [{ sku: 'TENT-2P', price: '199.00', stock: { [shopIds.reno]: 12, [shopIds.amsterdam]: 3 } }],
  });
  const stove = shop.store.addProduct({
    title: 'Stove',
    variants: [{ sku: 'STOVE-1', price: '49.00', stock: { [shopIds.reno]: 4 } }],
  });
  shopIds.tent = tent.variants[0]!.inventoryItemId;
  shopIds.stove = stove.variants[0]!.inventoryItemId;
  // NetSuite agrees on the tent at Reno, holds 6 stoves (the shop shows 4), 8 tents in Amsterdam
  // (outside the flow), and lamps the shop does not stock.
  ns.setInventoryBalance({ item: nsIds.tent, location: nsIds.reno, quantityAvailable: 12 });
  ns.setInventoryBalance({ item: nsIds.stove, location: nsIds.reno, quantityAvailable: 6 });
  ns.setInventoryBalance({ item: nsIds.tent, location: nsIds.amsterdam, quantityAvailable: 8 });
  ns.setInventoryBalance({ item: nsIds.lamp, location: nsIds.reno, quantityAvailable: 5 });

  const secrets: Record<string, string> = {
    NS_CONSUMER_KEY: ns.tba.consumerKey,
    NS_CONSUMER_SECRET: ns.tba.consumerSecret,
    NS_TOKEN_ID: ns.tba.tokenId,
    NS_TOKEN_SECRET: ns.tba.tokenSecret,
    SHOPIFY_TOKEN: shop.accessToken,
    SHOPIFY_WEBHOOK_SECRET: shop.apiSecret,
  };
  const parsed = parseContract(contractText(ns, shop), 'sim-inventory.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors, null, 1));
  dir = mkdtempSync(join(tmpdir(), 'accord-inventory-'));
  store = await openSqliteStore(join(dir, 'accord.db'));
  const queue = openSqliteQueue(store, { backoff: { baseMs: 20, capMs: 200 }, maxAttempts: 5 });
  connectors = await buildConnectors(parsed.contract, { resolver: (ref) => secrets[ref.name] });
  engine = openEngine({
    contract: parsed.contract,
    store,
    queue,
    connectors,
    tuning: { lookbackMs: 2_000, drainTimeoutMs: 60_000, batchSize: 50 },
  });
});

afterAll(async () => {
  await engine?.close();
  await Promise.allSettled([...(connectors?.values() ?? [])].map((c) => c.close()));
  await store?.close();
  await ns?.close();
  await shop?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('NetSuite InventoryBalance → Shopify InventoryLevel', () => {
  it('writes only the level that differs; parks the unstocked item; leaves other locations alone', async () => {
    const run = await engine.runFlow('inventory', { once: true });
    expect(run.balanced).toBe(true);
    expect(run.counts).toMatchObject({ captured: 4, written: 1, inReview: 1, deadLettered: 0, pending: 0 });
    expect(shop.store.level(shopIds.stove, shopIds.reno)?.quantities.available).toBe(6);
    expect(shop.store.level(shopIds.tent, shopIds.reno)?.quantities.available).toBe(12);
    expect(shop.store.level(shopIds.tent, shopIds.amsterdam)?.quantities.available).toBe(3);
    expect(setCalls()).toBe(1);
  });

  it('a second run writes nothing', async () => {
    const before = setCalls();
    const run = await engine.runFlow('inventory', { once: true });
    expect(run.balanced).toBe(true);
    expect(run.counts.written).toBe(0);
    expect(setCalls()).toBe(before);
  });

  it('a quantity changed in NetSuite moves on the next run, and only it', async () => {
    ns.setInventoryBalance({ item: nsIds.tent, location: nsIds.reno, quantityAvailable: 10 });
    const before = setCalls();
    const run = await engine.runFlow('inventory', { once: true });
    expect(run.counts.written).toBe(1);
    expect(shop.store.level(shopIds.tent, shopIds.reno)?.quantities.available).toBe(10);
    expect(setCalls()).toBe(before + 1);
    // And back again: 10 → 12 is a new version, not the first run's job seen twice.
    ns.setInventoryBalance({ item: nsIds.tent, location: nsIds.reno, quantityAvailable: 12 });
    const back = await engine.runFlow('inventory', { once: true });
    expect(back.counts.written).toBe(1);
    expect(shop.store.level(shopIds.tent, shopIds.reno)?.quantities.available).toBe(12);
  });
});
