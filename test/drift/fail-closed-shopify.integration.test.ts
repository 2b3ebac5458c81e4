/**
 * A new Shopify product type, through the engine with the fail-closed gate: `productType` is free
 * text (no schema change for drift to see before the run), so the engine's own mapping holds the
 * records carrying the new type — review items of kind unknown-enum naming it — and writes the
 * rest to NetSuite. The flow is not paused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { startShopifySimulator } from '../../sandbox/shopify/index.ts';
import { buildConnectors } from '../../src/connectors/registry.ts';
import { parseContract } from '../../src/contract/index.ts';
import { approveDrift, driftGate } from '../../src/drift/index.ts';
import { openEngine } from '../../src/engine/engine.ts';
import { openSqliteQueue } from '../../src/queue/sqlite/sqlite-queue.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startAccount, TIME_ZONE } from './drift-fixtures.ts';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

describe('fail closed: a new Shopify product type', () => {
  test('only the products of the new type go to review; the rest are written to NetSuite', async () => {
    const shop = await startShopifySimulator({ plan: 'plus' });
    const ns = await startAccount({
      custitem_category: {
        type: 'select',
        values: { '1': 'Tents', '2': 'Boots' },
        recordTypes: ['inventoryItem'],
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'accord-fail-closed-shop-'));
    cleanup.push(
      () => shop.close(),
      () => ns.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const parsed = parseContract(
      `
accord: 1
name: catalogue
systems:
  shopify:
    kind: shopify
    connection: { shop: ${shop.storeDomain}, baseUrl: ${shop.url}, accessToken: env:SHOP_TOKEN }
  netsuite:
    kind: netsuite
    accountId: ${ns.accountId}
    connection:
      baseUrl: ${ns.url}
      timeZone: ${TIME_ZONE}
      consumerKey: env:NS_CK
      consumerSecret: env:NS_CS
      tokenId: env:NS_TI
      tokenSecret: env:NS_TS
teams:
  merch: { alert: oncall }
alerts:
  oncall: { log: warn }
defaults:
  onNonOwnerChange: flag
  errors: { retries: 1, backoff: { initial: 1s, max: 1s }, deadLetter: true }
entities:
  item:
    owner: shopify
    fields:
      title: { kind: string }
      category: { kind: enum, values: [tents, boots] }
    mappings:
      shopify:
        record: product
        id: id
        fields:
          title: title
          category: { path: productType, map: { Tents: tents, Boots: boots } }
      netsuite:
        record: inventoryItem
        id: id
        externalId: externalId
        fields:
          title: itemId
          category: { path: custitem_category.id, map: { '1': tents, '2': boots } }
flows:
  products:
    entity: item
    from: shopify
    to: netsuite
    direction: one-way
    owner: merch
    trigger: { schedule: every 15m }
    match: { keys: [external-id], onNoMatch: create }
`,
      'catalogue.yaml',
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const contract = parsed.contract;
    const secrets: Record<string, string> = {
      SHOP_TOKEN: shop.accessToken,
      NS_CK: ns.tba.consumerKey,
      NS_CS: ns.tba.consumerSecret,
      NS_TI: ns.tba.tokenId,
      NS_TS: ns.tba.tokenSecret,
    };
    const connectors = await buildConnectors(contract, { resolver: (ref) => secrets[ref.name] });
    cleanup.push(() => Promise.allSettled([...connectors.values()].map((c) => c.close())));
    const store = await openSqliteStore(join(dir, 'accord.db'));
    cleanup.push(() => store.close());

    const add = (title: string, productType: string) =>
      shop.store.addProduct({ title, productType, variants: [{ price: '10.00', sku: title.toUpperCase() }] });
    add('Dome Tent', 'Tents');
    await approveDrift({ contract, store, connectors: Object.fromEntries(connectors), by: 'ana' });
    add('Trail Boot', 'Boots');
    add('Sea Kayak', 'Kayaks');
    add('River Kayak', 'Kayaks');

    const engine = openEngine({
      contract,
      store,
      queue: openSqliteQueue(store, { backoff: { baseMs: 20, capMs: 100 } }),
      connectors,
      preRunCheck: driftGate({ contract, store, connectors, maxAgeMs: 0 }),
      tuning: { lookbackMs: 2_000, batchSize: 20 },
    });
    const run = await engine.runFlow('products', { once: true });
    expect(run.status, run.note).toBe('succeeded');
    expect(run.balanced).toBe(true);
    expect(run.counts).toMatchObject({ captured: 4, written: 2, inReview: 2, deadLettered: 0 });

    const reviews = await store.reviews.list({ state: 'open', flow: 'products' });
    expect(reviews.map((r) => ({ kind: r.kind, field: r.field, candidates: r.candidates }))).toEqual([
      { kind: 'unknown-enum', field: 'category', candidates: ['Kayaks'] },
      { kind: 'unknown-enum', field: 'category', candidates: ['Kayaks'] },
    ]);
    const items = ns
      .records('inventoryItem')
      .filter((i) => String(i.externalId ?? '').startsWith('shopify:'));
    expect(items.map((i) => i.itemId).sort()).toEqual(['Dome Tent', 'Trail Boot']);
  });
});
