/**
 * A new Shopify product type: no schema changes (`productType` is a plain string), so drift's
 * census reads the products; only records carrying the new type are held back.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { type ShopifySimulator, startShopifySimulator } from '../../sandbox/shopify/index.ts';
import type { SystemRecord } from '../../src/connectors/connector.ts';
import { ShopifyConnector } from '../../src/connectors/shopify/shopify-connector.ts';
import { contractFromText } from '../../src/contract/test-contracts.ts';
import {
  approveDrift,
  blockedEnumValuesOf,
  checkDrift,
  enumGate,
  preRunDriftCheck,
} from '../../src/drift/index.ts';
import { openStore } from './drift-fixtures.ts';

const CONTRACT = contractFromText(
  `
accord: 1
name: catalogue
systems:
  shopify: { kind: shopify, connection: { shop: acme.myshopify.com } }
  netsuite: { kind: netsuite, accountId: 123456_SB1 }
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
          title: displayName
          category: { path: custitem_category.id, map: { '1': tents, '2': boots } }
flows:
  products:
    entity: item
    from: shopify
    to: netsuite
    direction: one-way
    trigger: { schedule: every 15m }
    match: { keys: [external-id], onNoMatch: create }
`,
  'catalogue.yaml',
);

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  while (open.length > 0) await open.pop()?.close();
});

function product(sim: ShopifySimulator, title: string, productType: string): void {
  sim.store.addProduct({ title, productType, variants: [{ price: '10.00', sku: title.toUpperCase() }] });
}

async function all(connector: ShopifyConnector): Promise<SystemRecord[]> {
  const out: SystemRecord[] = [];
  for await (const page of connector.scan({ objectType: 'product' })) out.push(...page);
  return out;
}

describe('a new Shopify product type', () => {
  test('blocks only that value, with the number of records carrying it; approval accepts it', async () => {
    const sim = await startShopifySimulator();
    const store = await openStore();
    open.push(sim, store);
    const connector = new ShopifyConnector({
      storeDomain: sim.storeDomain,
      accessToken: sim.accessToken,
      baseUrl: sim.url,
    });
    product(sim, 'Dome Tent', 'Tents');
    product(sim, 'Trail Boot', 'Boots');
    const connectors = { shopify: connector };
    await approveDrift({ contract: CONTRACT, store, connectors, by: 'ana' });
    expect((await checkDrift({ contract: CONTRACT, store, connectors, census: true })).blocking).toBe(0);

    product(sim, 'Sea Kayak', 'Kayaks');
    product(sim, 'River Kayak', 'Kayaks');
    const report = await checkDrift({ contract: CONTRACT, store, connectors, census: true });
    expect(report.findings.filter((f) => f.severity === 'blocking')).toEqual([
      expect.objectContaining({
        system: 'shopify',
        object: 'product',
        field: 'productType',
        code: 'enum-value-added',
        scope: 'values',
        values: ['Kayaks'],
        flows: ['products'],
        fields: ['item.category'],
      }),
    ]);
    expect(report.findings[0]?.message ?? '').toContain('"Kayaks" (2 records)');
    expect(report.pausedFlows).toEqual([]);

    // The engine's gate: the flow runs; the kayaks go to review, the tent and boot flow. The
    // pre-run gate takes no census (the engine reviews unmapped values record by record), so the
    // predicate is built from the check's findings here.
    expect((await preRunDriftCheck({ contract: CONTRACT, store, connectors, flow: 'products' })).paused).toBe(
      false,
    );
    const held = enumGate(blockedEnumValuesOf(report.findings));
    const records = await all(connector);
    expect(
      records
        .filter((r) => held('shopify', r))
        .map((r) => r.fields.title)
        .sort(),
    ).toEqual(['River Kayak', 'Sea Kayak']);
    expect(
      records
        .filter((r) => !held('shopify', r))
        .map((r) => r.fields.title)
        .sort(),
    ).toEqual(['Dome Tent', 'Trail Boot']);

    await approveDrift({ contract: CONTRACT, store, connectors, by: 'ana' });
    expect((await checkDrift({ contract: CONTRACT, store, connectors, census: true })).blocking).toBe(0);
  });
});
